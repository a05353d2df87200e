// The Service path of a walk, for the app's picture: the client, the load balancer and kube-proxy
// DNATs, Felix's policy hops in the order the kernel runs them relative to the DNAT (nat PREROUTING,
// then filter FORWARD), the masquerade when there is one, and where the packet ended — each stage
// pointing at its hop. Read from the hops' structured `nat` / `policy` fields, never from their text.
// Undefined for a walk no Service rule touched.

import type { Hop, WalkResult } from '../model/packet';

export type ServiceStageRole = 'client' | 'load-balancer' | 'dnat' | 'policy' | 'snat' | 'endpoint' | 'dropped' | 'left';

export interface ServiceStage {
  role: ServiceStageRole;
  /** namespace id where it happens */
  ns: string;
  /** index of the hop in the request's hop list */
  hop: number;
  /** dnat / snat / load-balancer: "from → to"; policy: egress|ingress and the verdict */
  from?: string;
  to?: string;
  direction?: 'egress' | 'ingress';
  allowed?: boolean;
}

const ipv4 = (h: Hop) => h.packet.find((x) => x.type === 'ipv4') as { src: string; dst: string } | undefined;

export function servicePath(walk: Pick<WalkResult, 'hops' | 'verdict'>): ServiceStage[] | undefined {
  const hops = walk.hops;
  const first = hops.findIndex((h) => h.nat && (h.nat.by === 'kube-proxy' || h.nat.by === 'load-balancer') && h.nat.type === 'dnat');
  if (first < 0 || hops.length === 0) return undefined;
  const out: ServiceStage[] = [];
  const src = ipv4(hops[0]);
  out.push({ role: 'client', ns: hops[0].ns, hop: 0, ...(src ? { from: src.src } : {}) });
  hops.forEach((h, i) => {
    if (h.nat && h.nat.type === 'dnat') out.push({ role: h.nat.by === 'load-balancer' ? 'load-balancer' : 'dnat', ns: h.ns, hop: i, from: h.nat.from, to: h.nat.to });
    else if (h.nat && h.nat.type === 'snat') out.push({ role: 'snat', ns: h.ns, hop: i, from: h.nat.from, to: h.nat.to });
    else if (h.policy) out.push({ role: 'policy', ns: h.ns, hop: i, direction: h.policy.direction, allowed: h.policy.allowed });
  });
  const last = hops.length - 1;
  const v = walk.verdict;
  if (v.kind === 'delivered') {
    const ip = ipv4(hops[last]);
    out.push({ role: v.external ? 'left' : 'endpoint', ns: v.at, hop: last, ...(ip ? { from: ip.src, to: ip.dst } : {}) });
  } else out.push({ role: 'dropped', ns: v.at, hop: last });
  return out;
}
