// kube-proxy (iptables mode) for the packet walk: a new connection to a Service's clusterIP:port, to a
// node's own address on a nodePort (KUBE-NODEPORTS), or to a load-balancer IP is DNATed to one of its
// endpoints in nat PREROUTING (packets entering a node) or nat OUTPUT (packets from the node itself).
// Conntrack restores the original destination on the reply (the walk does that from the entry the DNAT
// records).
//
// Which endpoints: clusterIP traffic and externalTrafficPolicy Cluster go through KUBE-SVC (every
// endpoint); external traffic (nodePort, load-balancer IP) first passes KUBE-EXT, which marks it for
// masquerade with Cluster ("masquerade traffic for … external destinations": the endpoint may be on
// another node, whose reply must come back here) or, with Local, jumps to KUBE-SVL (this node's
// endpoints only, no mark: the client's address reaches the pod). The node's own packets are the
// exception under Local ("masquerade LOCAL traffic", "route LOCAL traffic" → KUBE-SVC). A Local
// Service with no endpoint on this node has no KUBE-SVL to jump to: nat leaves the packet alone and
// filter KUBE-EXTERNAL-SERVICES DROPs it ("has no local endpoints"). A Service port without any
// endpoint has no nat rule; the filter table REJECTs it (KUBE-SERVICES for the clusterIP,
// KUBE-EXTERNAL-SERVICES for nodePorts and load-balancer IPs).
//
// Which endpoint: the KUBE-SVC/KUBE-SVL chain picks at random per new connection (`-m statistic --mode
// random --probability 1/n, 1/(n-1), …`). A lab must replay the same way, so the choice is
// chooseEndpoint(): FNV-1a-32 of "srcIp:srcPort/PROTO" (sessionAffinity ClientIP: of "srcIp") mod n over
// the endpoints in pod-IP order — the rule that would have fired is shown with the whole chain.
// Hairpin: the endpoint chain masquerades a connection whose source is the endpoint itself.

import type { NetNS } from '../model/kernel';
import type { HookContext, HookVerdict } from '../walk/hooks';
import { servicePortAt, servicePortKey, type PolicyRuntime, type ProxyNode, type ServicePortEntry } from './cluster';
import { extChain, probabilityText, sepChain, servicePortName, svcChain, svlChain } from './proxyChains';
import { chooseEndpoint, flowHash, type ServiceEndpoint } from './services';
import type { L4Protocol } from './types';

/** How the packet addressed the Service. */
export type ServiceVia = 'clusterIP' | 'nodePort' | 'loadBalancer';

export interface DnatChoice {
  entry: ServicePortEntry;
  via: ServiceVia;
  /** the endpoints this node's chain picks among: every endpoint (KUBE-SVC) or this node's (KUBE-SVL) */
  pool: ServiceEndpoint[];
  /** undefined: no endpoint to pick (see `none`) */
  endpoint?: ServiceEndpoint;
  /** 0-based position of the endpoint in `pool` */
  index: number;
  /** KUBE-MARK-MASQ on the way: 'external' (Cluster policy), 'local-source' (the node's own packet
   *  under Local), 'hairpin' (the endpoint is the client) */
  masq?: 'external' | 'local-source' | 'hairpin';
  /** no endpoint: none anywhere (REJECT), or none on this node under externalTrafficPolicy Local (DROP) */
  none?: 'none' | 'no-local';
  /** the chain that picked: KUBE-SVC-… or KUBE-SVL-… */
  chain: string;
}

export interface L4Tuple {
  srcIp: string;
  srcPort?: number;
  dstIp: string;
  dstPort?: number;
  protocol: L4Protocol | 'ICMP';
}

const hasAddr = (ns: NetNS, ip: string) => ns.links.some((l) => l.addrs.some((a) => a.ip === ip));

/**
 * What kube-proxy does with the first packet of a connection, or undefined when no Service rule
 * matches. `node`: the node namespace whose rules run (needed for nodePorts, load-balancer IPs and
 * Local policy; without it only clusterIPs are recognised).
 */
export function kubeProxyChoice(rt: PolicyRuntime, t: L4Tuple, node?: NetNS): DnatChoice | undefined {
  if (t.protocol === 'ICMP' || t.dstPort === undefined) return undefined;
  let entry = servicePortAt(rt, t.dstIp, t.protocol, t.dstPort);
  let via: ServiceVia = 'clusterIP';
  if (!entry && node && node.kind === 'node') {
    entry = rt.lbPorts.get(servicePortKey(t.dstIp, t.protocol, t.dstPort));
    via = 'loadBalancer';
    if (!entry && hasAddr(node, t.dstIp)) {
      // KUBE-SERVICES' last rule: -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
      entry = rt.nodePorts.get(`${t.protocol}/${t.dstPort}`);
      via = 'nodePort';
    }
  }
  if (!entry) return undefined;
  const all = entry.endpoints;
  const affinity = entry.service.affinity !== undefined;
  if (all.length === 0) return { entry, via, pool: [], index: -1, none: 'none', chain: svcChain(entry) };
  let pool = all;
  let chain = svcChain(entry);
  let masq: DnatChoice['masq'];
  if (via !== 'clusterIP') {
    const fromNode = node !== undefined && hasAddr(node, t.srcIp);
    if (entry.service.externalTrafficPolicy !== 'Local') masq = 'external';
    else if (fromNode) masq = 'local-source';
    else {
      pool = all.filter((e) => e.node === node!.name);
      chain = svlChain(entry);
      if (pool.length === 0) return { entry, via, pool, index: -1, none: 'no-local', chain };
    }
  }
  const endpoint = chooseEndpoint(entry.service, pool, { srcIp: t.srcIp, srcPort: t.srcPort ?? 0, protocol: t.protocol }, affinity)!;
  if (t.srcIp === endpoint.ip) masq = 'hairpin';
  const c: DnatChoice = { entry, via, pool, endpoint, index: pool.indexOf(endpoint), chain };
  if (masq) c.masq = masq;
  return c;
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

/** "10.96.0.10:53 → 10.244.1.2:53" (the address the packet was sent to, then the endpoint). */
export const dnatText = (c: DnatChoice, dst?: string) =>
  `${dst ?? c.entry.service.clusterIP}:${c.via === 'nodePort' ? c.entry.port.nodePort : c.entry.port.port} → ${c.endpoint!.ip}:${c.endpoint!.port}`;

const VIA_TEXT: Record<ServiceVia, string> = { clusterIP: 'Service', nodePort: 'NodePort of Service', loadBalancer: 'load-balancer IP of Service' };

/** The random chain as iptables-save lists it, and which of its rules the lab's hash stands for. */
export function chainWhy(c: DnatChoice, t: L4Tuple): string {
  const n = c.pool.length;
  const affinity = c.entry.service.affinity;
  const rules = c.pool.map((ep, i) => {
    const sep = sepChain(c.entry, `${ep.ip}:${ep.port}`);
    return `${i + 1}) ${i < n - 1 ? `--probability ${probabilityText(n - i)}` : 'always'} → ${sep} (${ep.ip}:${ep.port})`;
  });
  const key = affinity ? t.srcIp : `${t.srcIp}:${t.srcPort ?? 0}/${t.protocol}`;
  const h = flowHash({ srcIp: t.srcIp, srcPort: t.srcPort ?? 0, protocol: t.protocol }, affinity !== undefined);
  const sticky = affinity
    ? ` sessionAffinity ClientIP: before those, one rule per endpoint "-m recent --rcheck --seconds ${affinity.timeoutSeconds} --reap --name KUBE-SEP-…" sends a client seen in the last ${affinity.timeoutSeconds} s back to the endpoint it had (its KUBE-SEP records it with "-m recent --set"); the lab hashes the client address alone, so one client always gets one endpoint.`
    : '';
  return (
    `${c.chain} holds ${n === 1 ? 'one rule' : `${n} rules, tried in order`}: ${rules.join(', ')}${n > 1 ? `, so each endpoint gets 1/${n} of new connections` : ''}.${sticky} ` +
    `kube-proxy's dice are random; the lab replays the same way instead: FNV-1a-32("${key}") = 0x${h.toString(16).padStart(8, '0')}, mod ${n} = ${c.index}, so rule ${c.index + 1}.`
  );
}

function masqWhy(c: DnatChoice): string {
  const name = servicePortName(c.entry);
  switch (c.masq) {
    case 'external':
      return ` ${extChain(c.entry)} first marks it: "-m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ" (externalTrafficPolicy Cluster: the endpoint may be on another node, and its reply must come back through this one), so KUBE-POSTROUTING masquerades it as it leaves: the pod sees this node's address, not the client's.`;
    case 'local-source':
      return ` The packet is this node's own: ${extChain(c.entry)} "masquerade LOCAL traffic" marks it and "route LOCAL traffic" sends it to ${svcChain(c.entry)} (every endpoint), even under externalTrafficPolicy Local.`;
    case 'hairpin':
      return ` The chosen endpoint is the client itself: the KUBE-SEP chain's first rule "-s ${c.endpoint!.ip}/32 -j KUBE-MARK-MASQ" marks the connection 0x4000, so KUBE-POSTROUTING masquerades it as it leaves this node back towards the pod.`;
    default:
      return c.via === 'clusterIP' ? '' : ` externalTrafficPolicy Local: ${extChain(c.entry)} jumps to ${c.chain} (endpoints on this node only) without marking it, so no SNAT: the pod sees the client's own address.`;
  }
}

/** The dnat hook: kube-proxy's nat rules on a node, and the modelled load balancer on the lab's
 *  gateway. A Service port without (local) endpoints has no nat rule for it: its REJECT/DROP is in the
 *  filter table (kubeProxyFilter; for nodePorts and load-balancer IPs, filter INPUT/FORWARD's
 *  KUBE-EXTERNAL-SERVICES, answered here as the packet enters the node). */
export function kubeProxyDnat(rt: PolicyRuntime, ctx: HookContext): HookVerdict | undefined {
  const t = tupleOf(ctx);
  if (!t) return undefined;
  if (ctx.ns.kind === 'router') return loadBalancerDnat(rt, ctx, t);
  const choice = kubeProxyChoice(rt, t, ctx.ns);
  if (!choice) return undefined;
  if (!choice.endpoint) return choice.via === 'clusterIP' ? undefined : externalReject(ctx, choice);
  const chain = ctx.point === 'output' ? 'OUTPUT' : 'PREROUTING';
  const { entry } = choice;
  const ep = choice.endpoint;
  const n = choice.pool.length;
  const target = typeof entry.port.targetPort === 'string' ? `targetPort "${entry.port.targetPort}" = ${ep.port} on that pod` : `targetPort ${ep.port}`;
  if (choice.via === 'clusterIP') {
    const svcPort = `${entry.service.clusterIP}:${entry.port.port}/${entry.port.protocol}`;
    const hairpin = choice.masq === 'hairpin';
    return {
      action: 'accept',
      text: `${ctx.ns.name}: kube-proxy DNAT ${dnatText(choice)} (Service ${entry.key}, endpoint ${choice.index + 1} of ${n}: ${ep.pod})${hairpin ? ', hairpin: KUBE-MARK-MASQ' : ''}`,
      why:
        `iptables nat ${chain} → KUBE-SERVICES matches ${svcPort} (Service ${entry.key}); its KUBE-SVC chain picks one of ${n} endpoint${n === 1 ? '' : 's'} ` +
        `and KUBE-SEP DNATs to ${ep.ip}:${ep.port} (${target}). kube-proxy picks at random per connection; the lab hashes ` +
        `${t.srcIp}:${t.srcPort ?? 0}/${t.protocol} (FNV-1a mod ${n}) so the same connection always lands on the same pod. Conntrack restores ${entry.service.clusterIP}:${entry.port.port} as the source of the reply.` +
        masqWhy(choice) +
        ` ${chainWhy(choice, t)}`,
      dnat: { ip: ep.ip, port: ep.port },
      ...(hairpin ? { masquerade: true } : {}),
    };
  }
  const local = entry.service.externalTrafficPolicy === 'Local' && choice.masq !== 'local-source';
  const dport = choice.via === 'nodePort' ? entry.port.nodePort! : entry.port.port;
  const match =
    choice.via === 'nodePort'
      ? `KUBE-SERVICES' last rule (-m addrtype --dst-type LOCAL: ${t.dstIp} is this node's) → KUBE-NODEPORTS matches ${entry.port.protocol.toLowerCase()} dport ${dport}`
      : `KUBE-SERVICES matches the load-balancer IP ${t.dstIp}:${dport}/${entry.port.protocol}`;
  return {
    action: 'accept',
    text:
      `${ctx.ns.name}: kube-proxy DNAT ${dnatText(choice, t.dstIp)} (${VIA_TEXT[choice.via]} ${entry.key}, ${local ? 'local endpoint' : 'endpoint'} ${choice.index + 1} of ${n}: ${ep.pod})` +
      (choice.masq ? `, KUBE-MARK-MASQ${choice.masq === 'external' ? ' (externalTrafficPolicy Cluster)' : choice.masq === 'hairpin' ? ' (hairpin)' : ' (the node itself)'}` : ', client source kept (externalTrafficPolicy Local)'),
    why:
      `iptables nat ${chain}: ${match} (Service ${entry.key}) → ${extChain(entry)} → ${choice.chain}, whose KUBE-SEP DNATs to ${ep.ip}:${ep.port} (${target}). Conntrack restores ${t.dstIp}:${dport} as the source of the reply.` +
      masqWhy(choice) +
      ` ${chainWhy(choice, t)}`,
    dnat: { ip: ep.ip, port: ep.port },
    ...(choice.masq ? { masquerade: true } : {}),
  };
}

/** filter KUBE-EXTERNAL-SERVICES (from INPUT and FORWARD, ctstate NEW) for a nodePort or load-balancer
 *  IP: REJECT when the Service has no endpoints, DROP when externalTrafficPolicy Local finds none here. */
function externalReject(ctx: HookContext, c: DnatChoice): HookVerdict {
  const name = servicePortName(c.entry);
  const proto = c.entry.port.protocol.toLowerCase();
  const dport = c.via === 'nodePort' ? c.entry.port.nodePort! : c.entry.port.port;
  const dst = c.via === 'nodePort' ? '-m addrtype --dst-type LOCAL' : `-d ${ctx.ip.dst}/32`;
  if (c.none === 'none') {
    return {
      action: 'drop',
      reject: 'port-unreachable',
      text: `${ctx.ns.name}: Service ${c.entry.key} has no endpoints: kube-proxy REJECTs ${ctx.ip.dst}:${dport}/${c.entry.port.protocol} (filter KUBE-EXTERNAL-SERVICES)`,
      why: `No ready pod backs Service ${c.entry.key}, so kube-proxy writes no nat rule for it but, in the filter table, "-A KUBE-EXTERNAL-SERVICES ${dst} -p ${proto} -m comment --comment "${name} has no endpoints" -m ${proto} --dport ${dport} -j REJECT --reject-with icmp-port-unreachable", reached from INPUT and FORWARD for NEW connections: the client is refused at once.`,
    };
  }
  const others = [...new Set(c.entry.endpoints.map((e) => e.node).filter((n): n is string => !!n))];
  return {
    action: 'drop',
    text: `${ctx.ns.name}: Service ${c.entry.key} has no local endpoints (externalTrafficPolicy Local): kube-proxy DROPs ${ctx.ip.dst}:${dport}/${c.entry.port.protocol} (filter KUBE-EXTERNAL-SERVICES)`,
    why:
      `externalTrafficPolicy Local sends external traffic only to endpoints on the node it arrives at, and none of Service ${c.entry.key}'s endpoints runs on ${ctx.ns.name} (they are on ${others.join(', ') || 'no node'}). ` +
      `${extChain(c.entry)} has no KUBE-SVL to jump to, so nat leaves the packet alone and filter "-A KUBE-EXTERNAL-SERVICES ${dst} -p ${proto} -m comment --comment "${name} has no local endpoints" -m ${proto} --dport ${dport} -j DROP" drops it: no answer, the client times out. ` +
      `A cloud load balancer avoids such nodes through the Service's healthCheckNodePort; a client that picks a node itself does not.`,
  };
}

/** The nodes a load balancer sends a Service's traffic to: every node (Cluster), or the nodes whose
 *  health check (healthCheckNodePort) answers, those with a local endpoint (Local). */
export function lbBackends(rt: PolicyRuntime, entry: ServicePortEntry): ProxyNode[] {
  const withIp = rt.nodes.filter((n) => n.ip);
  if (entry.service.externalTrafficPolicy !== 'Local') return withIp;
  const here = new Set(entry.endpoints.map((e) => e.node));
  return withIp.filter((n) => here.has(n.name));
}

/** The modelled load balancer: the lab's outside gateway holds the load-balancer IPs and forwards each
 *  new connection to nodeIP:nodePort of one backend node, keeping the client's address (a
 *  network-level load balancer in front of NodePorts). */
function loadBalancerDnat(rt: PolicyRuntime, ctx: HookContext, t: L4Tuple): HookVerdict | undefined {
  if (t.dstPort === undefined) return undefined;
  const entry = rt.lbPorts.get(servicePortKey(t.dstIp, t.protocol, t.dstPort));
  if (!entry || entry.port.nodePort === undefined) return undefined;
  const backends = entry.endpoints.length === 0 ? [] : lbBackends(rt, entry);
  const local = entry.service.externalTrafficPolicy === 'Local';
  if (backends.length === 0) {
    return {
      action: 'drop',
      text: `${ctx.ns.name}: load balancer ${t.dstIp}:${t.dstPort} (Service ${entry.key}) has no healthy node: dropped`,
      why: local
        ? `With externalTrafficPolicy Local the load balancer only uses nodes whose healthCheckNodePort answers, i.e. nodes running an endpoint of ${entry.key}; there are none.`
        : `Service ${entry.key} has no endpoints, so the load balancer has nowhere to send the connection.`,
    };
  }
  const h = flowHash({ srcIp: t.srcIp, srcPort: t.srcPort ?? 0, protocol: t.protocol });
  const i = h % backends.length;
  const node = backends[i];
  return {
    action: 'accept',
    text: `${ctx.ns.name}: load balancer ${t.dstIp}:${t.dstPort} → ${node.ip}:${entry.port.nodePort} (Service ${entry.key}, node ${i + 1} of ${backends.length}: ${node.name})`,
    why:
      `The lab models a LoadBalancer Service's load balancer on its outside gateway: it owns ${t.dstIp} (status.loadBalancer.ingress) and forwards each new connection to a node's address on the Service's nodePort ${entry.port.nodePort}, keeping the client's address. ` +
      (local
        ? `externalTrafficPolicy Local: only nodes with an endpoint pass its health check (${backends.map((b) => b.name).join(', ')}). `
        : `externalTrafficPolicy Cluster: every node is a backend (${backends.map((b) => b.name).join(', ')}). `) +
      `Which node: FNV-1a-32("${t.srcIp}:${t.srcPort ?? 0}/${t.protocol}") = 0x${h.toString(16).padStart(8, '0')}, mod ${backends.length} = ${i}.`,
    dnat: { ip: node.ip!, port: entry.port.nodePort },
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
