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

// A build asks for each pod's handle several times (live set, assignment, PodInfo); looking the pod object
// up is cheaper than hashing a freshly joined "ns/name" string each time. Weak: pods die with their scenario.
const handleByPod = new WeakMap<object, string>();

/** The CNI plugin's IPAM handle, `k8s-pod-network.<container id>`. */
export function podHandle(pod: { namespace: string; name: string }): string {
  let h = handleByPod.get(pod);
  if (h !== undefined) return h;
  const key = `${pod.namespace}/${pod.name}`;
  h = handleCache.get(key);
  if (!h) {
    h = `k8s-pod-network.${containerId(pod.namespace, pod.name)}`;
    if (handleCache.size > 100_000) handleCache.clear();
    handleCache.set(key, h);
  }
  handleByPod.set(pod, h);
  return h;
}

export function podInfo(pod: Pod, node: string, ip: string, w: PodWiring, nsId = nsIdPod(pod.namespace, pod.name), handle = podHandle(pod)): PodInfo {
  return {
    namespace: pod.namespace,
    name: pod.name,
    node,
    ns: nsId,
    ip,
    hostVeth: w.hostVeth,
    mtu: w.mtu,
    labels: pod.labels,
    handle,
  };
}

/** Collects the PodInfos a plug-in makes node by node into scenario order: each goes into its pod's slot,
 *  so ordering 30,000 pods costs no sort and no "ns/name" keys. */
export class PodOrder {
  private readonly slot = new Map<Pod, number>();
  private readonly infos: PodInfo[];

  constructor(scenario: Scenario) {
    scenario.pods.forEach((p, i) => this.slot.set(p, i));
    this.infos = new Array<PodInfo>(scenario.pods.length);
  }

  add(pod: Pod, info: PodInfo): void {
    this.infos[this.slot.get(pod)!] = info;
  }

  /** the PodInfos added, in scenario order (pods without one, such as hostNetwork pods, are left out) */
  list(): PodInfo[] {
    return this.infos.filter((x) => x !== undefined);
  }
}

/**
 * The scenario's pods by index — their nodes and IPAM handles in arrays, and the pods with a network namespace
 * of their own grouped by node — for a plug-in whose steps each ask about every pod: on 30,000 pods, a dozen
 * hash look-ups per pod (placement, handle, address, list slot) were most of the build.
 */
export interface PodTable {
  pods: readonly Pod[];
  /** each pod's node (placement), undefined when it has none */
  node: (string | undefined)[];
  /** each pod's IPAM handle (podHandle) */
  handle: string[];
  /** indexes of the pods with a network namespace of their own, by node, in scenario order */
  byNode: Map<string, number[]>;
}

export function podTable(scenario: Scenario, placement: Map<Pod, string>): PodTable {
  const pods = scenario.pods;
  const node = new Array<string | undefined>(pods.length);
  const handle = new Array<string>(pods.length);
  const byNode = new Map<string, number[]>();
  let last: string | undefined;
  let lastList: number[] | undefined;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    const n = placement.get(pod);
    node[i] = n;
    handle[i] = podHandle(pod);
    if (pod.hostNetwork || n === undefined) continue; // shares the node's namespace: no veth, no address of its own
    // pods of one node usually come together: skip the look-up while the node stays the same
    if (n !== last) {
      last = n;
      lastList = byNode.get(n);
      if (!lastList) byNode.set(n, (lastList = []));
    }
    lastList!.push(i);
  }
  return { pods, node, handle, byNode };
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
