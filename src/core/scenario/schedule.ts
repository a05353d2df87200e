// Deployments become pods here, deterministically, so that every later layer sees the same pods.
//
// Names: `<deployment>-<pod-template-hash>-<suffix>` as the ReplicaSet controller writes them, with
// both parts drawn from the alphabet Kubernetes uses for generated names ("bcdfghjklmnpqrstvwxz2456789",
// no vowels, no 0/1/3) — but derived from SHA-1 instead of random: the 10-character hash from
// "<namespace>/<deployment>", the 5-character suffix from "<namespace>/<deployment>/<replica>" (with
// "/<attempt>" appended if a name is already taken).
//
// Placement: template nodeName if set; otherwise round-robin, replica i on the i-th (mod n) node, in
// Topology order, whose labels match the template's nodeSelector — skipping nodes labelled
// node-role.kubernetes.io/control-plane or node-role.kubernetes.io/master (their NoSchedule taint) unless
// no other node matches. A bare Pod with a nodeSelector and no nodeName is placed the same way (one
// round-robin cursor per distinct selector). A bare Pod with neither keeps no nodeName in the scenario (so
// it exports as written) and is placed by schedulePods when the cluster is built: round-robin over the
// same candidates, one cursor for all of them. This module is the only scheduler.

import { sha1Hex } from '../hash/sha1';
import type { Pod, Scenario, TopologyNode } from '../model/scenario';
import type { Build } from './build';
import type { Where } from './diag';
import { joinPath } from './path';
import type { PodEntry, WorkloadState } from './workloads';

export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** `n` characters of the generated-name alphabet from the SHA-1 of `seed`. */
export function nameChars(seed: string, n: number): string {
  const hex = sha1Hex(seed);
  let out = '';
  for (let i = 0; i < n; i++) out += NAME_ALPHABET[parseInt(hex.slice(2 * i, 2 * i + 2), 16) % NAME_ALPHABET.length];
  return out;
}

export function podTemplateHash(namespace: string, deployment: string): string {
  return nameChars(`${namespace}/${deployment}`, 10);
}

export function replicaPodName(namespace: string, deployment: string, replica: number, attempt = 0): string {
  const seed = `${namespace}/${deployment}/${replica}${attempt > 0 ? `/${attempt}` : ''}`;
  return `${deployment}-${podTemplateHash(namespace, deployment)}-${nameChars(seed, 5)}`;
}

/** Nodes a pod with this nodeSelector may land on, in Topology order. */
export function candidateNodes(nodes: readonly TopologyNode[], selector: Record<string, string> | undefined): TopologyNode[] {
  const matching = nodes.filter((n) => Object.entries(selector ?? {}).every(([k, v]) => n.labels[k] === v));
  const workers = matching.filter((n) => !CONTROL_PLANE_LABELS.some((l) => l in n.labels));
  return workers.length > 0 ? workers : matching;
}

/** Every pod's node: its nodeName, else round-robin over the candidates of an empty selector. */
export function schedulePods(scenario: Pick<Scenario, 'topology' | 'pods'>): Map<Pod, string> {
  const pool = candidateNodes(scenario.topology.nodes, undefined);
  const out = new Map<Pod, string>();
  let next = 0;
  for (const pod of scenario.pods) {
    if (pod.nodeName) out.set(pod, pod.nodeName);
    else if (pool.length) out.set(pod, pool[next++ % pool.length].name);
  }
  return out;
}

function selectorKey(sel: Record<string, string> | undefined): string {
  return JSON.stringify(Object.entries(sel ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Places bare pods that have a nodeSelector, then expands Deployments; appends the pods to the output. */
export function placeAndExpand(b: Build, st: WorkloadState): PodEntry[] {
  const nodes = b.out.topology?.nodes ?? [];
  const cursors = new Map<string, number>();
  const entries: PodEntry[] = [];
  const taken = new Set(st.pods.map((e) => `${e.pod.namespace}/${e.pod.name}`));

  for (const e of st.pods) {
    if (e.pod.nodeName === undefined && e.nodeSelector !== undefined && b.hasTopology) {
      const cands = candidateNodes(nodes, e.nodeSelector);
      const where: Where = { res: e.res, path: `${e.specPath}.nodeSelector` };
      if (cands.length === 0) unschedulable(b, where, e.nodeSelector);
      else {
        const k = selectorKey(e.nodeSelector);
        const i = cursors.get(k) ?? 0;
        cursors.set(k, i + 1);
        e.pod.nodeName = cands[i % cands.length].name;
      }
    }
    entries.push(e);
  }

  for (const d of st.deployments) {
    const { dep, res } = d;
    const tpl = dep.template;
    let cands: TopologyNode[] = [];
    if (tpl.nodeName === undefined && dep.replicas > 0 && b.hasTopology) {
      cands = candidateNodes(nodes, tpl.nodeSelector);
      if (cands.length === 0) {
        unschedulable(b, { res, path: tpl.nodeSelector ? 'spec.template.spec.nodeSelector' : 'spec.template.spec' }, tpl.nodeSelector);
        continue;
      }
    }
    const hash = podTemplateHash(dep.namespace, dep.name);
    for (let i = 0; i < dep.replicas; i++) {
      let attempt = 0;
      let name = replicaPodName(dep.namespace, dep.name, i);
      while (taken.has(`${dep.namespace}/${name}`)) name = replicaPodName(dep.namespace, dep.name, i, ++attempt);
      taken.add(`${dep.namespace}/${name}`);
      const labels: Record<string, string> = { ...tpl.labels };
      Object.defineProperty(labels, POD_TEMPLATE_HASH_LABEL, { value: hash, enumerable: true, writable: true, configurable: true });
      const pod: Pod = {
        namespace: dep.namespace,
        name,
        labels,
        annotations: { ...tpl.annotations },
        containers: tpl.containers.map((c) => ({ name: c.name, ports: c.ports.map((p) => ({ ...p })) })),
        ownerDeployment: dep.name,
      };
      const node = tpl.nodeName ?? cands[i % cands.length]?.name;
      if (node !== undefined) pod.nodeName = node;
      if (d.pinnedIPs) pod.pinnedIPs = [...d.pinnedIPs];
      entries.push({
        pod,
        res,
        specPath: 'spec.template.spec',
        pinWhere: d.pinnedIPs ? { res, path: joinPath('spec.template.metadata.annotations', 'cni.projectcalico.org/ipAddrs') } : undefined,
      });
      // Errors about a generated pod point at the Deployment that made it.
      b.ref('Pod', `${dep.namespace}/${name}`, res, { kind: 'Deployment', name: `${dep.namespace}/${dep.name}` });
    }
  }
  return entries;
}

function unschedulable(b: Build, where: Where, sel: Record<string, string> | undefined): void {
  const wanted = Object.entries(sel ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const nodes = (b.out.topology?.nodes ?? []).map((n) => `${n.name} {${Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(', ')}}`);
  b.rep.error('E504', where, `no node has the labels ${wanted || '(none)'}; the pod would stay Pending`, nodes.join('; ') || '(no nodes)');
}
