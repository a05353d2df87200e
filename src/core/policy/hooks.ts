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
import { evaluateEndpoint, toPacket } from './evaluate';
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

function ruleText(c: CompiledPolicies, v: DirectionVerdict): string | undefined {
  if (!v.decidedBy) return undefined;
  const cp = c.policies.find((p) => p.policy.ref === v.decidedBy!.policy);
  if (!cp) return undefined;
  const rules = v.direction === 'ingress' ? cp.ingressRules : cp.egressRules;
  return rules.find((r) => r.rule.index === v.decidedBy!.ruleIndex)?.rule.text;
}

function selectionText(v: DirectionVerdict, pod: string): string {
  if (v.selectedBy.length === 0) return `No policy selects ${pod} for ${v.direction}, so its namespace profile allows (Kubernetes' default-allow).`;
  const names = v.selectedBy.map((r) => `${r.name} (tier ${r.tier}, order ${r.order ?? 'unset'})`);
  return `${v.selectedBy.length === 1 ? 'Policy' : 'Policies'} selecting ${pod} for ${v.direction}, in evaluation order: ${names.join(', ')}.`;
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
  const head = `${ctx.ns.name}: ${dev} ${dir} policy of ${key}`;

  if (!c.enforced) {
    const n = rt.world.networkPolicies.length + rt.world.calicoPolicies.length;
    return {
      action: 'accept',
      text: `${ctx.ns.name}: ${dev} ${dir} of ${key}: ${flowText(t)}: Flannel does not enforce NetworkPolicy`,
      why: `The API server stores the ${n} ${n === 1 ? 'policy' : 'policies'} of this lab, but Flannel has no policy agent (no Felix, no iptables filter chains per pod): every packet passes.`,
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
    return {
      action: ok ? 'accept' : 'drop',
      text: ok
        ? `${head}: ${flowText(t)}: reply of an allowed connection (conntrack ESTABLISHED): accepted`
        : `${head}: ${flowText(t)}: no allowed connection to reply to: dropped`,
      why: ok
        ? `${chain} starts with "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT": packets of a connection that policy allowed are not judged again.`
        : `The connection this packet would answer was denied (${!(eg?.allowed ?? true) ? eg!.reason : ing!.reason}), so conntrack has no ESTABLISHED entry for it and the packet meets the policy as INVALID/new.`,
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
  const rt1 = ruleText(c, v);
  const via = dnat ? ` (after kube-proxy DNAT ${dnatText(dnat, dnat.via === 'clusterIP' ? undefined : t.dstIp)}: ${dnat.endpoint!.pod})` : '';
  const where =
    dir === 'egress'
      ? `Felix judges ${key}'s packets in ${chain} (filter FORWARD), after kube-proxy's DNAT in nat PREROUTING${dnat ? ', so policy sees the chosen pod, not the Service address' : ''}.`
      : `Felix judges packets to ${key} in ${chain} as they leave by its host veth.`;
  const decided = v.decidedBy
    ? ` The first rule that matches decides: ${v.reason}${rt1 ? ` (${rt1})` : ''}.`
    : v.allowed
      ? ''
      : ` No rule of the selecting policies matched, so the tier's default action denies.`;
  return {
    action: v.allowed ? 'accept' : 'drop',
    text: `${head}: ${flowText(t)}${via}: ${v.allowed ? 'allowed' : 'denied'}: ${v.reason}`,
    why: `${where} ${selectionText(v, key)}${decided}${hairpin ? ` ${key} reaches itself through a Service (hairpin): the packet goes out and back through ${dev}, so its own policy applies.` : ''}`,
  };
}
