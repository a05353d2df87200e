// The netfilter points the walk stops at: PREROUTING / OUTPUT (conntrack reverses NAT for replies;
// kube-proxy's DNAT hook for new connections), the host-veth policy hooks, and POSTROUTING's
// MASQUERADE (nf_nat_masquerade_ipv4: the new source is inet_select_addr(out dev, next hop, universe)).

import type { Link, NetNS } from '../model/kernel';
import type { Header, Verdict } from '../model/packet';
import type { Txt } from '../msg';
import { COST } from './clock';
import type { WalkCtx } from './ctx';
import { inetSelectAddr } from './fib';
import type { HookContext, HookPoint } from './hooks';
import { ipOf } from './headers';
import { applyReplyEntry, findReplyEntry, firstMatchingRule } from './nat';
import { nsIndex, SCOPE_UNIVERSE, ipNum } from './world';
import { numToIp } from '../util/ipv4';
import { wm } from './messages';
import { CODE_PORT_UNREACH, ICMP_DEST_UNREACH, dropWithIcmp } from './icmp';
import { icmpErrorText, localError } from './text';

export type Step = { pkt: Header[]; verdict?: undefined } | { verdict: Verdict; pkt?: undefined };

function hookCtx(c: WalkCtx, ns: NetNS, point: HookPoint, pkt: readonly Header[], dev?: Link, pod?: NetNS): HookContext {
  return { world: c.w.world, ns, point, dev: dev?.name, pod: pod?.id, packet: pkt, ip: ipOf(pkt) };
}

/** Felix's policy for a pod, asked at its host veth. Replies of a known connection are not asked. */
export function runPolicy(
  c: WalkCtx,
  point: 'host-veth-ingress' | 'host-veth-egress',
  ns: NetNS,
  dev: Link,
  pod: NetNS,
  pkt: readonly Header[],
): Verdict | undefined {
  const hook = point === 'host-veth-ingress' ? c.hooks.hostVethIngress : c.hooks.hostVethEgress;
  if (!hook || c.known(ns)) return undefined;
  const v = hook(hookCtx(c, ns, point, pkt, dev, pod));
  if (!v) return undefined;
  c.t += COST.step;
  const why =
    v.why ??
    (point === 'host-veth-ingress'
      ? wm('walk.policy.egressWhy', { pod: pod.name, dev: dev.name })
      : wm('walk.policy.ingressWhy', { dev: dev.name, pod: pod.name }));
  c.emit(ns, 'policy', pkt, v.text, why, { dev: dev.name, policy: { direction: point === 'host-veth-ingress' ? 'egress' : 'ingress', allowed: v.action !== 'drop' } });
  if (v.action === 'drop') return c.drop(ns, pkt, 'policy', wm('walk.policy.drop', { ns: ns.name }), why, { message: v.text }, dev.name);
  return undefined;
}

/** kube-proxy's DNAT for a new connection at OUTPUT (sender) or PREROUTING (receiver). kube-proxy
 *  programs nodes; a router is asked too, for the load balancer the lab models there. Pods are not. */
export function runDnat(c: WalkCtx, point: 'output' | 'prerouting', ns: NetNS, pkt: Header[], dev?: Link): Step {
  if (!c.hooks.dnat || c.known(ns) || ns.kind === 'pod') return { pkt };
  const v = c.hooks.dnat(hookCtx(c, ns, point, pkt, dev));
  if (!v) return { pkt };
  c.t += COST.step;
  const why = v.why ?? wm('walk.dnat.why', { chain: point === 'output' ? 'OUTPUT' : 'PREROUTING' });
  if (v.action === 'drop') {
    c.emit(ns, 'policy', pkt, v.text, why);
    if (v.reject) return { verdict: reject(c, point === 'output' ? 'output' : 'forward', ns, pkt, 'INPUT', why) };
    return { verdict: c.drop(ns, pkt, 'filtered', wm('walk.dnat.drop', { ns: ns.name, point }), why, { message: v.text }) };
  }
  if (!v.dnat) {
    c.emit(ns, 'nat', pkt, v.text, why);
    return { pkt };
  }
  const ip = ipOf(pkt);
  const l4 = pkt[1];
  const oldPort = l4 && (l4.type === 'tcp' || l4.type === 'udp') ? l4.dstPort : undefined;
  const newL4 = v.dnat.port !== undefined && l4 && (l4.type === 'tcp' || l4.type === 'udp') ? { ...l4, dstPort: v.dnat.port } : l4;
  const out: Header[] = [{ ...ip, dst: v.dnat.ip }, ...(newL4 ? [newL4] : []), ...pkt.slice(2)];
  if (v.masquerade) c.masqMark = ns.id;
  c.shared.conntrack.push({
    ns: ns.id,
    kind: 'dnat',
    protocol: ip.protocol,
    replySrc: v.dnat.ip,
    replyDst: ip.src,
    origDst: ip.dst,
    origDport: v.dnat.port !== undefined ? oldPort : undefined,
  });
  const port = (p: number | undefined) => (p !== undefined ? `:${p}` : '');
  c.emit(ns, 'nat', out, v.text, why, {
    nat: { type: 'dnat', by: ns.kind === 'router' ? 'load-balancer' : 'kube-proxy', from: `${ip.dst}${port(oldPort)}`, to: `${v.dnat.ip}${port(v.dnat.port ?? oldPort)}` },
  });
  return { pkt: out };
}

/** Conntrack undoes, entry by entry and each entry once, the NAT recorded for this connection in ns
 *  (`only`: just that kind of entry), with a hop per translation. */
function reverseNat(c: WalkCtx, ns: NetNS, dev: Link, pkt: Header[], only?: 'dnat'): Header[] {
  let cur = pkt;
  const used = new Set<number>();
  for (;;) {
    const e = findReplyEntry(
      c.shared.conntrack.filter((x, i) => !used.has(i) && (!only || x.kind === only)),
      ns.id,
      cur,
    );
    if (!e) break;
    used.add(c.shared.conntrack.indexOf(e));
    const before = ipOf(cur);
    cur = applyReplyEntry(cur, e);
    const after = ipOf(cur);
    c.t += COST.step;
    const text =
      e.kind === 'snat'
        ? wm('walk.unsnat.text', { ns: ns.name, before: before.dst, after: after.dst })
        : wm('walk.undnat.text', { ns: ns.name, before: before.src, after: after.src });
    c.emit(ns, 'nat', cur, text, wm('walk.unnat.why', {}), {
      dev: dev.name,
      nat: e.kind === 'snat' ? { type: 'unsnat', by: 'conntrack', from: before.dst, to: after.dst } : { type: 'undnat', by: 'conntrack', from: before.src, to: after.src },
    });
  }
  return cur;
}

/** PREROUTING: a reply has its NAT reversed by conntrack; a new packet meets the DNAT hook. */
export function prerouting(c: WalkCtx, ns: NetNS, dev: Link, pkt: Header[]): Step {
  if (c.isReply) {
    const cur = reverseNat(c, ns, dev, pkt);
    if (cur !== pkt || c.known(ns)) return { pkt: cur };
  }
  return runDnat(c, 'prerouting', ns, pkt, dev);
}

/** The filter table for a new connection: FORWARD (after routing) or OUTPUT of a node. A drop with
 *  `reject` answers ICMP port unreachable (ipt_REJECT → nf_send_unreach → icmp_send). */
export function runFilter(c: WalkCtx, point: 'forward' | 'output', ns: NetNS, pkt: Header[], dev?: Link): Verdict | undefined {
  if (!c.hooks.filter || c.known(ns) || ns.kind !== 'node') return undefined;
  const v = c.hooks.filter(hookCtx(c, ns, point, pkt, dev));
  if (!v) return undefined;
  c.t += COST.step;
  const chain = point === 'output' ? 'OUTPUT' : 'FORWARD';
  const why = v.why ?? wm('walk.filter.why', { chain });
  if (v.action !== 'drop') {
    c.emit(ns, 'policy', pkt, v.text, why);
    return undefined;
  }
  c.emit(ns, 'policy', pkt, v.text, why);
  if (!v.reject) return c.drop(ns, pkt, 'filtered', wm('walk.filter.drop', { ns: ns.name, chain }), why, { message: v.text });
  return reject(c, point, ns, pkt, chain, why);
}

/** REJECT --reject-with icmp-port-unreachable: the node's own socket is told at once (ECONNREFUSED);
 *  anyone else gets the ICMP error. */
function reject(c: WalkCtx, point: 'forward' | 'output', ns: NetNS, pkt: Header[], chain: string, why: Txt): Verdict {
  if (point === 'output') {
    const message = c.app.protocol === 'icmp' ? icmpErrorText('icmp', 'port', ipOf(pkt).src, c.app.seq) : localError(c.app.protocol, 'connect', 'Connection refused');
    return c.drop(ns, pkt, 'filtered', wm('walk.filter.reject', { ns: ns.name, chain }), why, { message, icmpFrom: ipOf(pkt).src });
  }
  return dropWithIcmp(c, ns, pkt, 'filtered', 'port', ICMP_DEST_UNREACH, CODE_PORT_UNREACH, wm('walk.filter.reject', { ns: ns.name, chain }), why);
}

/** An outside gateway about to hand a packet to "the rest of the world": a hook may know that nothing
 *  out there holds the address (a Service clusterIP exists only in kube-proxy's rules). */
export function runOutside(c: WalkCtx, ns: NetNS, pkt: Header[], dev: Link): Verdict | undefined {
  if (!c.hooks.outside) return undefined;
  const v = c.hooks.outside(hookCtx(c, ns, 'outside', pkt, dev));
  if (!v || v.action !== 'drop') return undefined;
  c.t += COST.step;
  return c.drop(ns, pkt, 'no-route', v.text, v.why ?? wm('walk.outside.why', {}), { message: v.text }, dev.name);
}

/** kube-proxy's KUBE-POSTROUTING: a packet this node marked 0x4000 (KUBE-MARK-MASQ) is masqueraded,
 *  ahead of the namespace's own MASQUERADE rules. */
function kubeMasquerade(c: WalkCtx, ns: NetNS, dev: Link, nextHop: string, pkt: Header[]): Step | undefined {
  if (c.masqMark !== ns.id) return undefined;
  c.masqMark = undefined;
  const ip = ipOf(pkt);
  const a = inetSelectAddr(nsIndex(ns), dev, ipNum(nextHop), SCOPE_UNIVERSE);
  if (!a) {
    return {
      verdict: c.drop(ns, pkt, 'filtered', wm('walk.masqNoAddr.text', { ns: ns.name, dev: dev.name }), wm('walk.masqNoAddr.why', {}), {}, dev.name),
    };
  }
  const newSrc = numToIp(a.ip);
  const out: Header[] = [{ ...ip, src: newSrc }, ...pkt.slice(1)];
  c.shared.conntrack.push({ ns: ns.id, kind: 'snat', protocol: ip.protocol, replySrc: ip.dst, replyDst: newSrc, origSrc: ip.src });
  c.t += COST.step;
  const own = a.link === dev;
  c.emit(
    ns,
    'nat',
    out,
    wm('walk.kubeMasq.text', { ns: ns.name, src: ip.src, to: newSrc }),
    wm(own ? 'walk.kubeMasq.why' : 'walk.kubeMasq.whyOther', { dev: dev.name, nh: nextHop, other: a.link.name }),
    { dev: dev.name, nat: { type: 'snat', by: 'kube-proxy', from: ip.src, to: newSrc } },
  );
  return { pkt: out };
}

/** POSTROUTING: kube-proxy's mark-driven MASQUERADE, then the namespace's MASQUERADE/RETURN rules,
 *  first match wins, for the first packet of a connection only. */
export function postrouting(c: WalkCtx, ns: NetNS, dev: Link, nextHop: string, pkt0: Header[]): Step {
  // a reply sent by the namespace that DNATed its request (a NodePort to a host-network endpoint) never
  // enters that namespace's PREROUTING: nf_nat's source manipulation for the reply runs here, at POSTROUTING
  const pkt = c.isReply && ns.id === c.origin.id ? reverseNat(c, ns, dev, pkt0, 'dnat') : pkt0;
  if (c.known(ns)) return { pkt };
  const kube = kubeMasquerade(c, ns, dev, nextHop, pkt);
  if (kube) return kube;
  const rules = ns.masquerade;
  if (!rules || rules.length === 0) return { pkt };
  const ip = ipOf(pkt);
  const rule = firstMatchingRule(rules, ip.src, ip.dst);
  if (!rule || rule.action === 'RETURN') return { pkt };
  const a = inetSelectAddr(nsIndex(ns), dev, ipNum(nextHop), SCOPE_UNIVERSE);
  if (!a) {
    return {
      verdict: c.drop(ns, pkt, 'filtered', wm('walk.masqNoAddr.text', { ns: ns.name, dev: dev.name }), wm('walk.masqNoAddr.why', {}), {}, dev.name),
    };
  }
  const newSrc = numToIp(a.ip);
  if (newSrc === ip.src) return { pkt };
  const out: Header[] = [{ ...ip, src: newSrc }, ...pkt.slice(1)];
  c.shared.conntrack.push({ ns: ns.id, kind: 'snat', protocol: ip.protocol, replySrc: ip.dst, replyDst: newSrc, origSrc: ip.src });
  c.t += COST.step;
  c.emit(
    ns,
    'nat',
    out,
    wm('walk.masq.text', { ns: ns.name, src: ip.src, to: newSrc, comment: String(rule.comment) }),
    wm('walk.masq.why', { dev: dev.name, nh: nextHop }),
    { dev: dev.name, nat: { type: 'snat', by: 'masquerade', from: ip.src, to: newSrc } },
  );
  return { pkt: out };
}
