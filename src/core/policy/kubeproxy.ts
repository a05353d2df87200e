// kube-proxy (iptables mode) for the packet walk: a new connection to a Service's clusterIP:port is
// DNATed to one of its endpoints in nat PREROUTING (packets from pods) or nat OUTPUT (packets from
// the node itself), on the node where the packet enters the host. Conntrack restores the Service
// address on the reply (the walk does that from the entry the DNAT records).
//
// Which endpoint: kube-proxy's KUBE-SVC chain picks at random per new connection (`-m statistic
// --mode random --probability 1/n, 1/(n-1), …`). The lab must be reproducible, so the choice is
// chooseEndpoint(): endpoints sorted by pod IP, index = FNV-1a-32("srcIp:srcPort/PROTO") mod n. The
// same connection (same client address and source port) always lands on the same pod; new source
// ports spread over the endpoints. A Service port without endpoints has no nat rule; the filter
// table's KUBE-SERVICES REJECTs it (`--reject-with icmp-port-unreachable`, "has no endpoints") from
// FORWARD / OUTPUT. A clusterIP on a port or protocol the Service does not declare, and ICMP, has no
// rule: the packet is routed as addressed (the default route) and nothing answers it.
// Hairpin: the endpoint chain masquerades a connection whose source is the endpoint itself.

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

/** The dnat hook: kube-proxy's nat rules on a node. A Service port without endpoints has no nat rule
 *  (its REJECT is in the filter table: kubeProxyFilter). */
export function kubeProxyDnat(rt: PolicyRuntime, ctx: HookContext): HookVerdict | undefined {
  const t = tupleOf(ctx);
  if (!t) return undefined;
  const choice = kubeProxyChoice(rt, t);
  if (!choice?.endpoint) return undefined;
  const chain = ctx.point === 'output' ? 'OUTPUT' : 'PREROUTING';
  const { entry } = choice;
  const svcPort = `${entry.service.clusterIP}:${entry.port.port}/${entry.port.protocol}`;
  const ep = choice.endpoint;
  const n = entry.endpoints.length;
  const target = typeof entry.port.targetPort === 'string' ? `targetPort "${entry.port.targetPort}" = ${ep.port} on that pod` : `targetPort ${ep.port}`;
  // KUBE-SEP-*: "-s <endpoint>/32 -j KUBE-MARK-MASQ" before the DNAT: a pod reaching itself through
  // its Service (hairpin) is masqueraded, or its reply would go straight back over lo with the wrong source
  const hairpin = t.srcIp === ep.ip;
  return {
    action: 'accept',
    text: `${ctx.ns.name}: kube-proxy DNAT ${dnatText(choice)} (Service ${entry.key}, endpoint ${choice.index + 1} of ${n}: ${ep.pod})${hairpin ? ', hairpin: KUBE-MARK-MASQ' : ''}`,
    why:
      `iptables nat ${chain} → KUBE-SERVICES matches ${svcPort} (Service ${entry.key}); its KUBE-SVC chain picks one of ${n} endpoint${n === 1 ? '' : 's'} ` +
      `and KUBE-SEP DNATs to ${ep.ip}:${ep.port} (${target}). kube-proxy picks at random per connection; the lab hashes ` +
      `${t.srcIp}:${t.srcPort ?? 0}/${t.protocol} (FNV-1a mod ${n}) so the same connection always lands on the same pod. Conntrack restores ${entry.service.clusterIP}:${entry.port.port} as the source of the reply.` +
      (hairpin
        ? ` The chosen endpoint is the client itself: the KUBE-SEP chain's first rule "-s ${ep.ip}/32 -j KUBE-MARK-MASQ" marks the connection 0x4000, so KUBE-POSTROUTING masquerades it as it leaves this node back towards the pod.`
        : ''),
    dnat: { ip: ep.ip, port: ep.port },
    ...(hairpin ? { masquerade: true } : {}),
  };
}

/** The filter hook: kube-proxy's filter KUBE-SERVICES (jumped to from FORWARD and OUTPUT for NEW
 *  connections) rejects a Service port that has no endpoints. */
export function kubeProxyFilter(rt: PolicyRuntime, ctx: HookContext): HookVerdict | undefined {
  const t = tupleOf(ctx);
  if (!t) return undefined;
  const choice = kubeProxyChoice(rt, t);
  if (!choice || choice.endpoint) return undefined;
  const { entry } = choice;
  const chain = ctx.point === 'output' ? 'OUTPUT' : 'FORWARD';
  const svcPort = `${entry.service.clusterIP}:${entry.port.port}/${entry.port.protocol}`;
  const proto = entry.port.protocol.toLowerCase();
  const named = typeof entry.port.targetPort === 'string' ? ` with a container port named "${entry.port.targetPort}" (${entry.port.protocol})` : '';
  return {
    action: 'drop',
    reject: 'port-unreachable',
    text: `${ctx.ns.name}: Service ${entry.key} has no endpoints: kube-proxy REJECTs ${svcPort} (filter ${chain} → KUBE-SERVICES)`,
    why:
      `No ready pod of namespace ${entry.service.namespace} matches the selector of Service ${entry.key}${named}, so kube-proxy writes no nat rule for ${svcPort} but, in the filter table, ` +
      `"-A KUBE-SERVICES -d ${entry.service.clusterIP}/32 -p ${proto} -m comment --comment "${entry.key}${entry.port.name ? `:${entry.port.name}` : ''} has no endpoints" -m ${proto} --dport ${entry.port.port} -j REJECT --reject-with icmp-port-unreachable", ` +
      `reached from filter ${chain} for NEW connections. The client is answered at once: TCP's connect() fails with "Connection refused", UDP gets port unreachable.`,
  };
}

/** The outside hook: a Service clusterIP is a virtual address, in no network anywhere. A packet that
 *  reaches the outside gateway still addressed to one (ICMP, or a port the Service does not have, so
 *  kube-proxy left it alone) is not delivered "outside": nothing there answers. */
export function kubeProxyOutside(rt: PolicyRuntime, ctx: HookContext): HookVerdict | undefined {
  const svc = rt.serviceIps.get(ctx.ip.dst);
  if (!svc) return undefined;
  return {
    action: 'drop',
    text: `${ctx.ns.name}: ${ctx.ip.dst} is the clusterIP of Service ${svc.namespace}/${svc.name}: no network holds it, nothing answers`,
    why:
      `A clusterIP exists only in kube-proxy's rules on the nodes, and those rules match TCP/UDP/SCTP to the Service's ports only (iptables mode). ` +
      `This packet matched none, so the node routed it as addressed, by its default route, to this gateway; beyond it no network has ${ctx.ip.dst}. It is lost without an error (100% packet loss for ping).`,
  };
}
