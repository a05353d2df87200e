// What every plug-in does alike with pods: the IPAM handle a pod's address is held under, the PodInfo it
// reports, the order pods are listed in, and the grouping by node its agent programs them in.

import type { PodInfo } from '../model/cluster';
import { nsIdPod } from '../model/kernel';
import type { Pod, Scenario } from '../model/scenario';
import { containerId } from '../hash/names';
import type { PodWiring } from '../dataplane/pods';

export function podKey(p: { namespace: string; name: string }): string {
  return `${p.namespace}/${p.name}`;
}

// The SHA-1 behind a handle is the build's hottest string work on a 30,000-pod cluster; bounded.
const handleCache = new Map<string, string>();

/** The CNI plugin's IPAM handle, `k8s-pod-network.<container id>`. */
export function podHandle(pod: { namespace: string; name: string }): string {
  const key = `${pod.namespace}/${pod.name}`;
  let h = handleCache.get(key);
  if (!h) {
    h = `k8s-pod-network.${containerId(pod.namespace, pod.name)}`;
    if (handleCache.size > 100_000) handleCache.clear();
    handleCache.set(key, h);
  }
  return h;
}

export function podInfo(pod: Pod, node: string, ip: string, w: PodWiring): PodInfo {
  return {
    namespace: pod.namespace,
    name: pod.name,
    node,
    ns: nsIdPod(pod.namespace, pod.name),
    ip,
    hostVeth: w.hostVeth,
    mtu: w.mtu,
    labels: pod.labels,
    handle: podHandle(pod),
  };
}

/** Pods in scenario order (a plug-in builds them node by node). */
export function orderPods(pods: PodInfo[], scenario: Scenario): PodInfo[] {
  const order = new Map(scenario.pods.map((p, i) => [podKey(p), i]));
  return pods.sort((a, b) => order.get(podKey(a))! - order.get(podKey(b))!);
}

/** The pods with a network namespace of their own, by node, in scenario order. */
export function groupPodsByNode(scenario: Scenario, placement: Map<Pod, string>): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const pod of scenario.pods) {
    if (pod.hostNetwork) continue; // shares the node's namespace: no veth, no address of its own
    const n = placement.get(pod)!;
    const l = byNode.get(n) ?? [];
    l.push(pod);
    byNode.set(n, l);
  }
  return byNode;
}
