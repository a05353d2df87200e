// policyHooks(state): the walk's hooks for a cluster — kube-proxy's Service DNAT on nodes, and
// Felix's per-pod policy on the pods' host veths:
// - egress policy of a pod when its packet arrives on its host veth (Felix's cali-fw-<iface> chain,
//   reached from filter FORWARD / INPUT);
// - ingress policy of a pod when a packet is about to leave by its host veth (cali-tw-<iface>).
// Every hop names the policy and rule that decided, or the implicit deny / profile allow.
//
// Ordering. In the kernel kube-proxy's DNAT (nat PREROUTING) runs before filter FORWARD, so Felix's
// egress policy sees the Service's chosen pod, not the clusterIP. The walk asks the egress hook when
// the frame arrives on the host veth, before PREROUTING; the hook therefore applies the same
// deterministic kube-proxy choice itself and judges the post-DNAT destination (the hop says so).
// Likewise ip_forward expires a TTL-1 packet before the FORWARD chain: the egress hook stays silent
// for such a packet so traceroute's first hop still answers.
//
// Connection tracking. Felix's chains accept ESTABLISHED/RELATED first. The walk does not show a
// reply to the hooks in namespaces the request passed; if a reply reaches a hook anyway (an
// asymmetric path), a TCP segment with ACK or an ICMP echo reply / error is judged as a reply: it
// passes exactly when the original connection (reversed, through the Service DNAT) is allowed.
// UDP carries no such mark and is judged as a new flow there.
//
// Flannel stores policies but enforces none: the hooks accept with "Flannel does not enforce
// NetworkPolicy". A cluster without any policy gets no policy hops at all (nothing to show, and the
// walks stay exactly as without hooks). A pod reaching itself through a Service (hairpin) is filtered
// like any pair: the packet leaves by its veth and comes back through it.

import type { ClusterState } from '../model/cluster';
import type { HookContext, HookVerdict, WalkHooks } from '../walk/hooks';
import { policyRuntime, type PolicyRuntime } from './cluster';
import { podKey, type CompiledPolicies } from './compile';
import { decidingRule, evaluateEndpoint, toPacket } from './evaluate';
import { pm } from './messages';
import { dirMsg, listMsg } from './phrases';
import type { Msg, MsgArg } from '../msg';
import { dnatText, kubeProxyChoice, kubeProxyDnat, kubeProxyFilter, kubeProxyOutside, tupleOf, type DnatChoice, type L4Tuple } from './kubeproxy';
import type { Direction, DirectionVerdict, Flow, PolicyPod } from './types';

const hooksCache = new WeakMap<ClusterState, WalkHooks>();

/** The walk hooks that enforce a cluster's policies and Services (built once per state). */
export function policyHooks(state: ClusterState): WalkHooks {
  let h = hooksCache.get(state);
  if (h) return h;
  // compile lazily: a walk that meets no hook point costs nothing
  let rt: PolicyRuntime | undefined;
  const runtime = () => (rt ??= policyRuntime(state));
  h = {
    dnat: (ctx) => (runtime().servicePorts.size > 0 ? kubeProxyDnat(runtime(), ctx) : undefined),
    filter: (ctx) => (runtime().servicePorts.size > 0 ? kubeProxyFilter(runtime(), ctx) : undefined),
    outside: (ctx) => (runtime().serviceIps.size > 0 ? kubeProxyOutside(runtime(), ctx) : undefined),
    hostVethIngress: (ctx) => podPolicy(runtime(), ctx, 'egress'),
    hostVethEgress: (ctx) => podPolicy(runtime(), ctx, 'ingress'),
  };
  hooksCache.set(state, h);
  return h;
}

function flowOf(t: L4Tuple): Flow {
  const f: Flow = { src: { ip: t.srcIp }, dst: { ip: t.dstIp }, protocol: t.protocol };
  if (t.dstPort !== undefined) f.port = t.dstPort;
  if (t.srcPort !== undefined) f.srcPort = t.srcPort;
  return f;
}

/** TCP with ACK (a SYN-ACK or later) and ICMP echo replies / errors belong to a known connection. */
function isReplyPacket(ctx: HookContext): boolean {
  const l4 = ctx.packet[1];
  if (!l4) return false;
  if (l4.type === 'tcp') return l4.flags.ack === true;
  if (l4.type === 'icmp') return l4.icmpType === 0 || l4.icmpType === 3 || l4.icmpType === 11 || l4.icmpType === 12;
  return false;
}

/** ip_forward drops a TTL-1 packet (time exceeded) before the FORWARD chain where Felix filters. */
function expiresBeforeFilter(ctx: HookContext): boolean {
  if (ctx.ip.ttl > 1) return false;
  const dst = ctx.ip.dst;
  return !ctx.ns.links.some((l) => l.addrs.some((a) => a.ip === dst));
}

const flowText = (t: L4Tuple) =>
  t.protocol === 'ICMP' ? `ICMP ${t.srcIp} → ${t.dstIp}` : `${t.protocol} ${t.srcIp}${t.srcPort !== undefined ? `:${t.srcPort}` : ''} → ${t.dstIp}:${t.dstPort ?? '-'}`;

/** One direction's verdict for the pod at this end (no loopback / Flannel shortcuts: callers do those). */
function judge(c: CompiledPolicies, flow: Flow, dir: Direction, pod: PolicyPod): DirectionVerdict | undefined {
  const ep = c.byKey.get(podKey(pod));
  if (ep === undefined) return undefined;
  return evaluateEndpoint(c, ep, dir, toPacket(c, flow));
}

/** The deciding rule as written, its "from" and "to" as words of the message's language. */
function ruleMsg(c: CompiledPolicies, v: DirectionVerdict): MsgArg | undefined {
  const r = decidingRule(c, v)?.rule;
  if (!r) return undefined;
  const p = r.textParts;
  if (!p) return r.text;
  return pm('policy.rule', { what: p.what, from: p.from !== undefined ? pm('policy.rule.from', { match: p.from }) : '', to: p.to !== undefined ? pm('policy.rule.to', { match: p.to }) : '' });
}

function selectionMsg(v: DirectionVerdict, pod: string): Msg {
  const dir = dirMsg(v.direction);
  if (v.selectedBy.length === 0) return pm('policy.sel.none', { pod, dir });
  const names = listMsg(v.selectedBy.map((r) => pm('policy.sel.item', { name: r.name, tier: r.tier, order: r.order ?? pm('policy.order.unset', {}) })));
  return pm(v.selectedBy.length === 1 ? 'policy.sel.one' : 'policy.sel.many', { pod, dir, names });
}

/** The original packet of the connection a reply belongs to (reversed, through the Service DNAT). */
function originalOf(rt: PolicyRuntime, t: L4Tuple): { flow: Flow; dnat?: DnatChoice } {
  const o: L4Tuple = { srcIp: t.dstIp, dstIp: t.srcIp, protocol: t.protocol };
  if (t.dstPort !== undefined) o.srcPort = t.dstPort;
  if (t.srcPort !== undefined) o.dstPort = t.srcPort;
  const d = kubeProxyChoice(rt, o);
  if (d?.endpoint) return { flow: flowOf({ ...o, dstIp: d.endpoint.ip, dstPort: d.endpoint.port }), dnat: d };
  return { flow: flowOf(o) };
}

function podPolicy(rt: PolicyRuntime, ctx: HookContext, dir: Direction): HookVerdict | undefined {
  if (!rt.hasPolicies || !ctx.pod) return undefined;
  const pod = rt.podByNsId.get(ctx.pod);
  if (!pod) return undefined;
  const t = tupleOf(ctx);
  if (!t) return undefined;
  const key = podKey(pod);
  const c = rt.compiled;
  const dev = ctx.dev ?? '?';
  const chain = dir === 'egress' ? `cali-fw-${dev}` : `cali-tw-${dev}`;
  const dirM = dirMsg(dir);
  const head = pm('policy.head', { ns: ctx.ns.name, dev, dir: dirM, pod: key });

  if (!c.enforced) {
    const n = rt.world.networkPolicies.length + rt.world.calicoPolicies.length;
    return {
      action: 'accept',
      text: pm('policy.flannel.text', { ns: ctx.ns.name, dev, dir: dirM, pod: key, flow: flowText(t) }),
      why: pm(n === 1 ? 'policy.flannel.why1' : 'policy.flannel.why', { n }),
    };
  }
  if (dir === 'egress' && expiresBeforeFilter(ctx)) return undefined;

  if (isReplyPacket(ctx)) {
    const { flow } = originalOf(rt, t);
    // the original's egress was the client's, its ingress the server's; both must have allowed it
    const srcPod = c.byIp.get(flow.src.ip);
    const dstPod = c.byIp.get(flow.dst.ip);
    const eg = srcPod !== undefined ? evaluateEndpoint(c, srcPod, 'egress', toPacket(c, flow)) : undefined;
    const ing = dstPod !== undefined && dstPod !== srcPod ? evaluateEndpoint(c, dstPod, 'ingress', toPacket(c, flow)) : undefined;
    const ok = (eg?.allowed ?? true) && (ing?.allowed ?? true);
    if (ok) return { action: 'accept', text: pm('policy.reply.text', { head, flow: flowText(t) }), why: pm('policy.reply.why', { chain }) };
    return {
      action: 'drop',
      text: pm('policy.noReply.text', { head, flow: flowText(t) }),
      why: pm('policy.noReply.why', { reason: (!(eg?.allowed ?? true) ? eg! : ing!).why }),
    };
  }

  let flow = flowOf(t);
  let dnat: DnatChoice | undefined;
  if (dir === 'egress') {
    dnat = kubeProxyChoice(rt, t, ctx.ns);
    if (dnat && !dnat.endpoint) return undefined; // kube-proxy rejects it in PREROUTING: no policy verdict to show
    if (dnat?.endpoint) flow = flowOf({ ...t, dstIp: dnat.endpoint.ip, dstPort: dnat.endpoint.port });
  }
  // A pod reaching itself through its Service (hairpin) leaves by its veth and comes back through it:
  // Felix judges it like any other pair (egress after the DNAT, ingress before the SNAT).
  const hairpin = (dir === 'egress' ? flow.dst.ip : flow.src.ip) === pod.ip;
  const v = judge(c, flow, dir, pod);
  if (!v) return undefined;
  const rule = ruleMsg(c, v);
  const reason = v.why;
  const via = dnat ? pm('policy.via', { dnat: dnatText(dnat, dnat.via === 'clusterIP' ? undefined : t.dstIp), pod: dnat.endpoint!.pod }) : '';
  const where = dir === 'egress' ? pm(dnat ? 'policy.where.egressDnat' : 'policy.where.egress', { pod: key, chain }) : pm('policy.where.ingress', { pod: key, chain });
  const decided = v.decidedBy
    ? pm('policy.decided.rule', { reason, rule: rule !== undefined ? pm('policy.decided.ruleText', { text: rule }) : '' })
    : v.allowed
      ? ''
      : pm('policy.decided.default', {});
  return {
    action: v.allowed ? 'accept' : 'drop',
    text: pm('policy.judge.text', { head, flow: flowText(t), via, verdict: pm(v.allowed ? 'policy.allowed' : 'policy.denied', {}), reason }),
    why: pm('policy.judge.why', { where, selection: selectionMsg(v, key), decided, hairpin: hairpin ? pm('policy.hairpin', { pod: key, dev }) : '' }),
  };
}
