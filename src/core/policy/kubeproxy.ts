// kube-proxy (iptables mode) for the packet walk: a new connection to a Service's clusterIP:port is
// DNATed to one of its endpoints in nat PREROUTING (packets from pods) or nat OUTPUT (packets from
// the node itself), on the node where the packet enters the host. Conntrack restores the Service
// address on the reply (the walk does that from the entry the DNAT records).
//
// Which endpoint: kube-proxy's KUBE-SVC chain picks at random per new connection (`-m statistic
// --mode random --probability 1/n, 1/(n-1), …`). The lab must be reproducible, so the choice is
// chooseEndpoint(): endpoints sorted by pod IP, index = FNV-1a-32("srcIp:srcPort/PROTO") mod n. The
// same connection (same client address and source port) always lands on the same pod; new source
// ports spread over the endpoints. A Service port without endpoints is REJECTed
// (`--reject-with icmp-port-unreachable`, "has no endpoints"). A clusterIP on a port or protocol the
// Service does not declare has no rule: the packet is routed as is (and gets nowhere).

import type { HookContext, HookVerdict } from '../walk/hooks';
import { servicePortAt, type PolicyRuntime, type ServicePortEntry } from './cluster';
import { chooseEndpoint, type ServiceEndpoint } from './services';
import type { L4Protocol } from './types';

export interface DnatChoice {
  entry: ServicePortEntry;
  /** undefined: the Service port has no endpoints (kube-proxy rejects the connection) */
  endpoint?: ServiceEndpoint;
  /** 0-based position of the endpoint in the Service's endpoint list */
  index: number;
}

export interface L4Tuple {
  srcIp: string;
  srcPort?: number;
  dstIp: string;
  dstPort?: number;
  protocol: L4Protocol | 'ICMP';
}

/** What kube-proxy does with the first packet of a connection, or undefined when no Service rule matches. */
export function kubeProxyChoice(rt: PolicyRuntime, t: L4Tuple): DnatChoice | undefined {
  if (t.protocol === 'ICMP') return undefined;
  const entry = servicePortAt(rt, t.dstIp, t.protocol, t.dstPort);
  if (!entry) return undefined;
  const endpoint = chooseEndpoint(entry.service, entry.endpoints, { srcIp: t.srcIp, srcPort: t.srcPort ?? 0, protocol: t.protocol });
  return endpoint ? { entry, endpoint, index: entry.endpoints.indexOf(endpoint) } : { entry, index: -1 };
}

const PROTO_NAMES: Record<number, L4Protocol | 'ICMP'> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 132: 'SCTP' };

/** The 5-tuple of a hook's packet (undefined for protocols policy and Services do not know). */
export function tupleOf(ctx: HookContext): L4Tuple | undefined {
  const protocol = PROTO_NAMES[ctx.ip.protocol];
  if (!protocol) return undefined;
  const t: L4Tuple = { srcIp: ctx.ip.src, dstIp: ctx.ip.dst, protocol };
  const l4 = ctx.packet[1];
  if (l4 && (l4.type === 'tcp' || l4.type === 'udp')) {
    t.srcPort = l4.srcPort;
    t.dstPort = l4.dstPort;
  }
  return t;
}

export const dnatText = (c: DnatChoice) =>
  `${c.entry.service.clusterIP}:${c.entry.port.port} → ${c.endpoint!.ip}:${c.endpoint!.port}`;

/** The dnat hook: kube-proxy's rules on a node. */
export function kubeProxyDnat(rt: PolicyRuntime, ctx: HookContext): HookVerdict | undefined {
  const t = tupleOf(ctx);
  if (!t) return undefined;
  const choice = kubeProxyChoice(rt, t);
  if (!choice) return undefined;
  const chain = ctx.point === 'output' ? 'OUTPUT' : 'PREROUTING';
  const { entry } = choice;
  const svcPort = `${entry.service.clusterIP}:${entry.port.port}/${entry.port.protocol}`;
  if (!choice.endpoint) {
    return {
      action: 'drop',
      text: `${ctx.ns.name}: Service ${entry.key} has no endpoints: kube-proxy rejects ${svcPort}`,
      why: `iptables nat ${chain} → KUBE-SERVICES matches ${svcPort} (Service ${entry.key}), but no ready pod of namespace ${entry.service.namespace} matches its selector${typeof entry.port.targetPort === 'string' ? ` with a container port named "${entry.port.targetPort}" (${entry.port.protocol})` : ''}: kube-proxy's rule is REJECT --reject-with icmp-port-unreachable ("has no endpoints").`,
    };
  }
  const ep = choice.endpoint;
  const n = entry.endpoints.length;
  const target = typeof entry.port.targetPort === 'string' ? `targetPort "${entry.port.targetPort}" = ${ep.port} on that pod` : `targetPort ${ep.port}`;
  return {
    action: 'accept',
    text: `${ctx.ns.name}: kube-proxy DNAT ${dnatText(choice)} (Service ${entry.key}, endpoint ${choice.index + 1} of ${n}: ${ep.pod})`,
    why:
      `iptables nat ${chain} → KUBE-SERVICES matches ${svcPort} (Service ${entry.key}); its KUBE-SVC chain picks one of ${n} endpoint${n === 1 ? '' : 's'} ` +
      `and KUBE-SEP DNATs to ${ep.ip}:${ep.port} (${target}). kube-proxy picks at random per connection; the lab hashes ` +
      `${t.srcIp}:${t.srcPort ?? 0}/${t.protocol} (FNV-1a mod ${n}) so the same connection always lands on the same pod. Conntrack restores ${entry.service.clusterIP}:${entry.port.port} as the source of the reply.`,
    dnat: { ip: ep.ip, port: ep.port },
  };
}
