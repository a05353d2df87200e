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
import type { Msg, MsgArg } from '../msg';
import { sm } from './messages';

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

/** "a, b, c" as nested list messages (the separator is the language's). */
function listOf(items: readonly MsgArg[]): MsgArg {
  let acc = items[0] ?? '';
  for (let i = 1; i < items.length; i++) acc = sm('svc.list', { head: acc, last: items[i] });
  return acc;
}

const hex8 = (h: number) => `0x${h.toString(16).padStart(8, '0')}`;

/** The random chain as iptables-save lists it, and which of its rules the lab's hash stands for. */
export function chainWhy(c: DnatChoice, t: L4Tuple): Msg {
  const n = c.pool.length;
  const affinity = c.entry.service.affinity;
  const rules = c.pool.map((ep, i) => {
    const sep = sepChain(c.entry, `${ep.ip}:${ep.port}`);
    const at = `${ep.ip}:${ep.port}`;
    return i < n - 1 ? sm('svc.chain.prob', { i: i + 1, p: probabilityText(n - i), sep, ep: at }) : sm('svc.chain.always', { i: i + 1, sep, ep: at });
  });
  const key = affinity ? t.srcIp : `${t.srcIp}:${t.srcPort ?? 0}/${t.protocol}`;
  const h = flowHash({ srcIp: t.srcIp, srcPort: t.srcPort ?? 0, protocol: t.protocol }, affinity !== undefined);
  const sticky = affinity ? sm('svc.chain.sticky', { s: affinity.timeoutSeconds }) : '';
  const dice = sm('svc.chain.dice', { key, hash: hex8(h), n, index: c.index, rule: c.index + 1 });
  return n === 1 ? sm('svc.chain.one', { chain: c.chain, rules: listOf(rules), sticky, dice }) : sm('svc.chain.many', { chain: c.chain, n, rules: listOf(rules), sticky, dice });
}

function masqWhy(c: DnatChoice): MsgArg {
  const name = servicePortName(c.entry);
  switch (c.masq) {
    case 'external':
      return sm('svc.masq.external', { ext: extChain(c.entry), rule: `-m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ` });
    case 'local-source':
      return sm('svc.masq.localSource', { ext: extChain(c.entry), svcChain: svcChain(c.entry) });
    case 'hairpin':
      return sm('svc.masq.hairpin', { rule: `-s ${c.endpoint!.ip}/32 -j KUBE-MARK-MASQ` });
    default:
      return c.via === 'clusterIP' ? '' : sm('svc.masq.local', { ext: extChain(c.entry), chain: c.chain });
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
  const target = typeof entry.port.targetPort === 'string' ? sm('svc.target.named', { name: entry.port.targetPort, port: ep.port }) : sm('svc.target.port', { port: ep.port });
  if (choice.via === 'clusterIP') {
    const svcPort = `${entry.service.clusterIP}:${entry.port.port}/${entry.port.protocol}`;
    const hairpin = choice.masq === 'hairpin';
    return {
      action: 'accept',
      text: sm('svc.dnat.text', { ns: ctx.ns.name, dnat: dnatText(choice), svc: entry.key, i: choice.index + 1, n, pod: ep.pod, hairpin: hairpin ? sm('svc.dnat.hairpin', {}) : '' }),
      why: sm(n === 1 ? 'svc.dnat.why1' : 'svc.dnat.why', {
        chain,
        svcPort,
        svc: entry.key,
        n,
        ep: `${ep.ip}:${ep.port}`,
        target,
        key: `${t.srcIp}:${t.srcPort ?? 0}/${t.protocol}`,
        orig: `${entry.service.clusterIP}:${entry.port.port}`,
        masq: masqWhy(choice),
        chainWhy: chainWhy(choice, t),
      }),
      dnat: { ip: ep.ip, port: ep.port },
      ...(hairpin ? { masquerade: true } : {}),
    };
  }
  const local = entry.service.externalTrafficPolicy === 'Local' && choice.masq !== 'local-source';
  const dport = choice.via === 'nodePort' ? entry.port.nodePort! : entry.port.port;
  const match =
    choice.via === 'nodePort'
      ? sm('svc.match.nodePort', { dst: t.dstIp, proto: entry.port.protocol.toLowerCase(), dport })
      : sm('svc.match.lb', { dst: t.dstIp, dport, proto: entry.port.protocol });
  const mark = choice.masq
    ? sm(choice.masq === 'external' ? 'svc.mark.external' : choice.masq === 'hairpin' ? 'svc.mark.hairpin' : 'svc.mark.self', {})
    : sm('svc.mark.kept', {});
  const args = { ns: ctx.ns.name, dnat: dnatText(choice, t.dstIp), svc: entry.key, which: sm(local ? 'svc.which.local' : 'svc.which.any', {}), i: choice.index + 1, n, pod: ep.pod, mark };
  return {
    action: 'accept',
    text: sm(choice.via === 'nodePort' ? 'svc.np.text' : 'svc.lbip.text', args),
    why: sm('svc.ext.why', {
      chain,
      match,
      svc: entry.key,
      ext: extChain(entry),
      svcChain: choice.chain,
      ep: `${ep.ip}:${ep.port}`,
      target,
      orig: `${t.dstIp}:${dport}`,
      masq: masqWhy(choice),
      chainWhy: chainWhy(choice, t),
    }),
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
  const target = `${ctx.ip.dst}:${dport}/${c.entry.port.protocol}`;
  if (c.none === 'none') {
    return {
      action: 'drop',
      reject: 'port-unreachable',
      text: sm('svc.extReject.text', { ns: ctx.ns.name, svc: c.entry.key, target }),
      why: sm('svc.extReject.why', {
        svc: c.entry.key,
        rule: `-A KUBE-EXTERNAL-SERVICES ${dst} -p ${proto} -m comment --comment "${name} has no endpoints" -m ${proto} --dport ${dport} -j REJECT --reject-with icmp-port-unreachable`,
      }),
    };
  }
  const others = [...new Set(c.entry.endpoints.map((e) => e.node).filter((n): n is string => !!n))];
  return {
    action: 'drop',
    text: sm('svc.extDrop.text', { ns: ctx.ns.name, svc: c.entry.key, target }),
    why: sm('svc.extDrop.why', {
      svc: c.entry.key,
      ns: ctx.ns.name,
      where: others.length > 0 ? sm('svc.extDrop.on', { nodes: others.join(', ') }) : sm('svc.extDrop.nowhere', {}),
      ext: extChain(c.entry),
      rule: `-A KUBE-EXTERNAL-SERVICES ${dst} -p ${proto} -m comment --comment "${name} has no local endpoints" -m ${proto} --dport ${dport} -j DROP`,
    }),
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
      text: sm('svc.lb.none.text', { ns: ctx.ns.name, addr: `${t.dstIp}:${t.dstPort}`, svc: entry.key }),
      why: sm(local ? 'svc.lb.none.whyLocal' : 'svc.lb.none.why', { svc: entry.key }),
    };
  }
  const h = flowHash({ srcIp: t.srcIp, srcPort: t.srcPort ?? 0, protocol: t.protocol });
  const i = h % backends.length;
  const node = backends[i];
  const nodes = backends.map((b) => b.name).join(', ');
  return {
    action: 'accept',
    text: sm('svc.lb.text', { ns: ctx.ns.name, addr: `${t.dstIp}:${t.dstPort}`, to: `${node.ip}:${entry.port.nodePort}`, svc: entry.key, i: i + 1, n: backends.length, node: node.name }),
    why: sm('svc.lb.why', {
      ip: t.dstIp,
      nodePort: entry.port.nodePort,
      backends: sm(local ? 'svc.lb.local' : 'svc.lb.cluster', { nodes }),
      key: `${t.srcIp}:${t.srcPort ?? 0}/${t.protocol}`,
      hash: hex8(h),
      n: backends.length,
      index: i,
    }),
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
  const named = typeof entry.port.targetPort === 'string' ? sm('svc.reject.named', { name: entry.port.targetPort, proto: entry.port.protocol }) : '';
  return {
    action: 'drop',
    reject: 'port-unreachable',
    text: sm('svc.reject.text', { ns: ctx.ns.name, svc: entry.key, svcPort, chain }),
    why: sm('svc.reject.why', {
      namespace: entry.service.namespace,
      svc: entry.key,
      named,
      svcPort,
      rule: `-A KUBE-SERVICES -d ${entry.service.clusterIP}/32 -p ${proto} -m comment --comment "${entry.key}${entry.port.name ? `:${entry.port.name}` : ''} has no endpoints" -m ${proto} --dport ${entry.port.port} -j REJECT --reject-with icmp-port-unreachable`,
      chain,
    }),
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
    text: sm('svc.outside.text', { ns: ctx.ns.name, dst: ctx.ip.dst, svc: `${svc.namespace}/${svc.name}` }),
    why: sm('svc.outside.why', { dst: ctx.ip.dst }),
  };
}
