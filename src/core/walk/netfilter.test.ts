// The netfilter stops the walk makes, driven by hand-written hooks on the Calico VXLAN world (n1: pod a
// 10.244.1.5 behind cali0a1b2c3d4e5, eth0 192.168.2.21, vxlan.calico 10.244.1.0; n2: pod b 10.244.2.5;
// the outside gateway 192.168.2.1): what each answer of a hook does to the packet, which hop records it,
// and the texts the catalogue gives when the hook writes no reason of its own.
import { describe, expect, it } from 'vitest';
import { calicoVxlan, r } from '../../../test/support/kernel-worlds';
import { walk as walkOnce } from './walk';
import { clockProblems } from '../../../test/support/walk';

// every walk here also checks that its logical clock never runs backwards
const walk = (...a: Parameters<typeof walkOnce>) => {
  const r = walkOnce(...a);
  expect(clockProblems(r)).toEqual([]);
  return r;
};
import { kinds, withNs } from '../../../test/support/walk';
import type { HookContext, HookVerdict, WalkHooks } from './hooks';
import type { Hop, UdpHeader, WalkResult } from '../model/packet';

const A = { pod: 'default/a' };
const B = { pod: 'default/b' };
const N1 = 'node/n1';
const last = (res: WalkResult): Hop => res.hops[res.hops.length - 1];
const only = (res: WalkResult, kind: string): Hop[] => res.hops.filter((h) => h.kind === kind);

describe('policy hooks at a pod\'s host veth', () => {
  const w = calicoVxlan();

  it('without a reason of its own, the hop says which pod\'s policy decides; an accept is recorded and passes', () => {
    const hooks: WalkHooks = { hostVethIngress: () => ({ action: 'accept', text: 'egress ok' }) };
    const res = walk(w, { from: A, to: B, protocol: 'icmp' }, { hooks });
    expect(res.verdict.kind).toBe('delivered');
    const [p] = only(res, 'policy');
    expect(p).toMatchObject({
      ns: N1,
      dev: 'cali0a1b2c3d4e5',
      text: 'egress ok',
      why: "The packet left default/a and arrived on its host veth cali0a1b2c3d4e5: the pod's egress policy decides.",
      policy: { direction: 'egress', allowed: true },
    });
  });

  it('a drop at the far host veth: the policy hop, then the drop with the hook\'s text as the message', () => {
    const hooks: WalkHooks = { hostVethEgress: () => ({ action: 'drop', text: 'ingress denied' }) };
    const res = walk(w, { from: A, to: B, protocol: 'icmp' }, { hooks });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'policy', at: 'node/n2', message: 'ingress denied' });
    const why = "The packet is about to leave by cali5e4d3c2b1a0 towards default/b: the pod's ingress policy decides.";
    expect(only(res, 'policy')[0]).toMatchObject({ dev: 'cali5e4d3c2b1a0', why, policy: { direction: 'ingress', allowed: false } });
    expect(last(res)).toMatchObject({ kind: 'drop', dev: 'cali5e4d3c2b1a0', text: 'n2: dropped by policy', why });
  });
});

describe('the dnat hook (kube-proxy, a load balancer)', () => {
  const w = calicoVxlan();

  it('is asked at OUTPUT of a node and PREROUTING of nodes and routers, never in a pod', () => {
    const asked: string[] = [];
    const hooks: WalkHooks = {
      dnat: (ctx) => {
        asked.push(`${ctx.ns.id} ${ctx.point} ${ctx.ip.dst}`);
        return undefined;
      },
    };
    walk(w, { from: A, to: { ip: '8.8.8.8' }, protocol: 'udp', port: 53 }, { hooks });
    expect(asked).toEqual(['node/n1 prerouting 8.8.8.8', 'router/lan-gateway prerouting 8.8.8.8']);
    asked.length = 0;
    walk(w, { from: { node: 'n1' }, to: B, protocol: 'udp', port: 53 }, { hooks });
    // n2's PREROUTING sees the outer VXLAN packet, then the inner one decapsulated on vxlan.calico
    expect(asked).toEqual(['node/n1 output 10.244.2.5', 'node/n2 prerouting 192.168.2.22', 'node/n2 prerouting 10.244.2.5']);
  });

  it('a drop without reject: a policy hop with the default reason, then the drop', () => {
    const hooks: WalkHooks = { dnat: (ctx) => (ctx.ip.dst === '10.96.0.10' ? { action: 'drop', text: 'no such Service port' } : undefined) };
    const res = walk(w, { from: A, to: { ip: '10.96.0.10' }, protocol: 'udp', port: 53 }, { hooks });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'filtered', at: N1, message: 'no such Service port' });
    expect(only(res, 'policy')[0]).toMatchObject({ text: 'no such Service port', why: 'iptables nat PREROUTING: a Service rule matched.' });
    expect(last(res).text).toBe('n1: dropped at prerouting');
  });

  it('a reject at PREROUTING answers ICMP port unreachable from the node; at OUTPUT the node\'s socket is refused at once', () => {
    const hooks: WalkHooks = { dnat: (ctx) => (ctx.ip.dst === '10.96.0.10' ? { action: 'drop', text: 'no endpoints', reject: 'port-unreachable' } : undefined) };
    // the route back to 10.244.1.5 is the address-less cali veth: the node's first global address answers
    const fromPod = walk(w, { from: A, to: { ip: '10.96.0.10' }, protocol: 'tcp', port: 80 }, { hooks });
    expect(fromPod.verdict).toMatchObject({ reason: 'filtered', at: N1, icmpFrom: '192.168.2.21', message: 'connect: Connection refused (ICMP port unreachable from 192.168.2.21)' });
    expect(only(fromPod, 'icmp')[0].packet[1]).toMatchObject({ icmpType: 3, code: 3 });
    expect(only(fromPod, 'drop')[0].text).toBe('n1: REJECT in filter INPUT: ICMP port unreachable goes back to the sender');
    const fromNode = walk(w, { from: { node: 'n1' }, to: { ip: '10.96.0.10' }, protocol: 'tcp', port: 80 }, { hooks });
    expect(fromNode.verdict).toMatchObject({ reason: 'filtered', at: N1, icmpFrom: '192.168.2.21', message: 'connect: Connection refused' });
    expect(kinds(fromNode)).not.toContain('icmp');
    const ping = walk(w, { from: { node: 'n1' }, to: { ip: '10.96.0.10' }, protocol: 'icmp' }, { hooks });
    expect(ping.verdict).toMatchObject({ message: 'From 192.168.2.21 icmp_seq=1 Destination Port Unreachable' });
  });

  it("at OUTPUT the default reason names the OUTPUT chain", () => {
    const hooks: WalkHooks = { dnat: (ctx) => (ctx.point === 'output' ? { action: 'accept', text: 'seen' } : undefined) };
    const res = walk(w, { from: { node: 'n1' }, to: { ip: '8.8.8.8' }, protocol: 'udp', port: 53 }, { hooks });
    expect(only(res, 'nat')[0]).toMatchObject({ text: 'seen', why: 'iptables nat OUTPUT: a Service rule matched.' });
  });

  it('an accept without a new destination is only recorded', () => {
    const hooks: WalkHooks = { dnat: (ctx) => (ctx.ns.id === N1 ? { action: 'accept', text: 'KUBE-SERVICES: no match' } : undefined) };
    const res = walk(w, { from: A, to: { ip: '8.8.8.8' }, protocol: 'udp', port: 53 }, { hooks });
    const [nat] = only(res, 'nat');
    expect(nat).toMatchObject({ text: 'KUBE-SERVICES: no match', why: 'iptables nat PREROUTING: a Service rule matched.' });
    expect(nat.nat).toBeUndefined();
    expect(res.verdict).toMatchObject({ kind: 'delivered', external: true });
  });

  it('the nat hop names who translated and the address:port pairs; ports stay when the answer has none', () => {
    const to = (ip: string, port?: number): HookVerdict => ({ action: 'accept', text: 'DNAT', dnat: { ip, ...(port !== undefined ? { port } : {}) } });
    const svc = (dst: string, v: HookVerdict): WalkHooks => ({ dnat: (ctx: HookContext) => (ctx.ip.dst === dst ? v : undefined) });
    const withPort = walk(w, { from: A, to: { ip: '10.96.0.10' }, protocol: 'udp', port: 53 }, { hooks: svc('10.96.0.10', to('10.244.2.5', 5353)) });
    expect(only(withPort, 'nat')[0].nat).toEqual({ type: 'dnat', by: 'kube-proxy', from: '10.96.0.10:53', to: '10.244.2.5:5353' });
    // only the address and the port change: the rest of the packet is the same
    expect(last(withPort).packet).toHaveLength(3);
    expect(last(withPort).packet[2]).toEqual({ type: 'payload', length: 56, pattern: 'zero' });
    const samePort = walk(w, { from: A, to: { ip: '10.96.0.1' }, protocol: 'tcp', port: 443 }, { hooks: svc('10.96.0.1', to('10.244.2.5')) });
    expect(only(samePort, 'nat')[0].nat).toEqual({ type: 'dnat', by: 'kube-proxy', from: '10.96.0.1:443', to: '10.244.2.5:443' });
    expect(last(samePort).packet[1]).toMatchObject({ dstPort: 443 });
    const ping = walk(w, { from: A, to: { ip: '10.96.0.1' }, protocol: 'icmp', reply: true }, { hooks: svc('10.96.0.1', to('10.244.2.5', 8080)) });
    expect(only(ping, 'nat')[0].nat).toEqual({ type: 'dnat', by: 'kube-proxy', from: '10.96.0.1', to: '10.244.2.5:8080' });
    expect(last(ping).packet[1]).toMatchObject({ type: 'icmp', icmpType: 8 });
    expect('dstPort' in last(ping).packet[1]).toBe(false);
    expect(ping.reply!.verdict).toEqual({ kind: 'delivered', at: 'pod/default/a' });
    expect(last(ping.reply!).packet[0]).toMatchObject({ src: '10.96.0.1' });
    // a load balancer modelled on a router
    const lb: WalkHooks = { dnat: (ctx) => (ctx.ns.kind === 'router' && ctx.ip.dst === '8.8.8.8' ? to('192.168.2.22', 8080) : undefined) };
    const viaLb = walk(w, { from: { node: 'n1' }, to: { ip: '8.8.8.8' }, protocol: 'tcp', port: 80, reply: true }, { hooks: lb });
    expect(viaLb.verdict).toEqual({ kind: 'delivered', at: 'node/n2' });
    const [lbNat] = only(viaLb, 'nat');
    expect(lbNat.ns).toBe('router/lan-gateway');
    expect(lbNat.nat).toEqual({ type: 'dnat', by: 'load-balancer', from: '8.8.8.8:80', to: '192.168.2.22:8080' });
    // n2 answers n1 directly on the LAN, past the load balancer: nothing un-NATs the reply
    expect(last(viaLb.reply!).packet[0]).toMatchObject({ src: '192.168.2.22', dst: '192.168.2.21' });
    expect(last(viaLb.reply!).packet[1]).toMatchObject({ srcPort: 8080 });
    expect(kinds(viaLb.reply!)).not.toContain('nat');
  });

  it('KUBE-MARK-MASQ: the marking node masquerades to what the output device would use, and the reply is un-NATed twice', () => {
    const hooks: WalkHooks = {
      dnat: (ctx) => (ctx.ip.dst === '10.96.0.10' ? { action: 'accept', text: 'DNAT', dnat: { ip: '10.244.2.5', port: 5353 }, masquerade: true } : undefined),
    };
    const res = walk(w, { from: A, to: { ip: '10.96.0.10' }, protocol: 'udp', port: 53, reply: true }, { hooks });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'pod/default/b' });
    const snat = only(res, 'nat')[1];
    expect(snat).toMatchObject({
      ns: N1,
      dev: 'vxlan.calico',
      text: 'n1: KUBE-POSTROUTING MASQUERADE 10.244.1.5 → 10.244.1.0 (kubernetes service traffic requiring SNAT)',
      nat: { type: 'snat', by: 'kube-proxy', from: '10.244.1.5', to: '10.244.1.0' },
    });
    expect(snat.why).toContain('masquerades marked packets to the address vxlan.calico would use towards 10.244.2.0 (inet_select_addr)');
    expect(last(res).packet[0]).toMatchObject({ src: '10.244.1.0', dst: '10.244.2.5' });
    // the mark stays in n1: n2 does not masquerade again
    expect(only(res, 'nat')).toHaveLength(2);
    const back = res.reply!;
    expect(back.verdict).toEqual({ kind: 'delivered', at: 'pod/default/a' });
    expect(only(back, 'nat').map((h) => h.text)).toEqual([
      'n1: conntrack reverses MASQUERADE: destination 10.244.1.0 → 10.244.1.5',
      'n1: conntrack reverses DNAT: source 10.244.2.5 → 10.96.0.10',
    ]);
    expect(only(back, 'nat').map((h) => h.nat)).toEqual([
      { type: 'unsnat', by: 'conntrack', from: '10.244.1.0', to: '10.244.1.5' },
      { type: 'undnat', by: 'conntrack', from: '10.244.2.5', to: '10.96.0.10' },
    ]);
    expect(only(back, 'nat')[0].why).toBe('nf_nat: the reply matches the connection the request created here, so the translation is undone.');
    expect((last(back).packet[1] as UdpHeader).srcPort).toBe(53);
  });

  it('KUBE-MARK-MASQ out of an address-less cali veth: the first global address in ifindex order', () => {
    const two = calicoVxlan({ samePod: true });
    const hooks: WalkHooks = { dnat: (ctx) => (ctx.ip.dst === '10.96.0.10' ? { action: 'accept', text: 'DNAT', dnat: { ip: '10.244.1.6' }, masquerade: true } : undefined) };
    const res = walk(two, { from: A, to: { ip: '10.96.0.10' }, protocol: 'udp', port: 53 }, { hooks });
    const snat = only(res, 'nat')[1];
    expect(snat.text).toBe('n1: KUBE-POSTROUTING MASQUERADE 10.244.1.5 → 192.168.2.21 (kubernetes service traffic requiring SNAT)');
    expect(snat.why).toContain("cali9f8e7d6c5b4 has no IPv4 address, so inet_select_addr takes the first primary non-link-scope address in ifindex order: eth0's.");
  });
});

describe('the filter hook (FORWARD / OUTPUT of nodes)', () => {
  const w = calicoVxlan();

  it('an accept is a hop with the default reason; only nodes are asked', () => {
    const asked: string[] = [];
    const hooks: WalkHooks = {
      filter: (ctx) => {
        asked.push(`${ctx.ns.id} ${ctx.point}`);
        return { action: 'accept', text: `${ctx.ns.name}: allowed` };
      },
    };
    const res = walk(w, { from: A, to: { ip: '8.8.8.8' }, protocol: 'udp', port: 53 }, { hooks });
    expect(asked).toEqual(['node/n1 forward']);
    expect(only(res, 'policy')[0]).toMatchObject({ text: 'n1: allowed', why: 'iptables filter FORWARD: a rule matched.' });
    expect(res.verdict.kind).toBe('delivered');
  });

  it('a drop without reject is silent for the sender', () => {
    const hooks: WalkHooks = { filter: () => ({ action: 'drop', text: 'dropped here' }) };
    const res = walk(w, { from: A, to: B, protocol: 'udp', port: 53 }, { hooks });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'filtered', at: N1, message: 'dropped here' });
    expect(res.verdict.icmpFrom).toBeUndefined();
    expect(last(res).text).toBe('n1: dropped in filter FORWARD');
  });

  it('REJECT in FORWARD sends port unreachable; in OUTPUT it refuses the node\'s own socket', () => {
    const hooks: WalkHooks = { filter: () => ({ action: 'drop', text: 'rejected', reject: 'port-unreachable' }) };
    const fwd = walk(w, { from: A, to: B, protocol: 'udp', port: 53 }, { hooks });
    expect(fwd.verdict).toMatchObject({ reason: 'filtered', at: N1, icmpFrom: '192.168.2.21', message: 'ICMP destination port unreachable from 192.168.2.21' });
    expect(last(fwd).text).toBe('n1: REJECT in filter FORWARD: ICMP port unreachable goes back to the sender');
    const out = walk(w, { from: { node: 'n1' }, to: B, protocol: 'tcp', port: 80 }, { hooks });
    expect(out.verdict).toMatchObject({ reason: 'filtered', at: N1, icmpFrom: '10.244.1.0', message: 'connect: Connection refused' });
    expect(last(out).text).toBe('n1: REJECT in filter OUTPUT: ICMP port unreachable goes back to the sender');
  });
});

describe('the outside hook', () => {
  const w = calicoVxlan({ natOutgoing: true });

  it('a drop: nothing out there holds the address, lost without an error', () => {
    const points = new Set<string>();
    const hooks: WalkHooks = {
      outside: (ctx) => {
        points.add(`${ctx.ns.id} ${ctx.point} ${ctx.dev}`);
        return ctx.ip.dst === '10.96.0.10' ? { action: 'drop', text: '10.96.0.10 is nowhere' } : { action: 'accept', text: 'fine' };
      },
    };
    const res = walk(w, { from: A, to: { ip: '10.96.0.10' }, protocol: 'icmp' }, { hooks });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'no-route', at: 'router/lan-gateway', message: '10.96.0.10 is nowhere' });
    expect(last(res)).toMatchObject({ dev: 'eth0', text: '10.96.0.10 is nowhere', why: 'Nothing outside the lab holds this address.' });
    // an accept changes nothing and records nothing
    const ok = walk(w, { from: A, to: { ip: '8.8.8.8' }, protocol: 'icmp' }, { hooks });
    expect(ok.verdict).toMatchObject({ kind: 'delivered', external: true });
    expect(kinds(ok)).not.toContain('policy');
    expect([...points]).toEqual(['router/lan-gateway outside eth0']);
  });
});

describe('MASQUERADE rules', () => {
  it('a source that already is the address chosen is left alone: no hop, no conntrack entry', () => {
    const w = withNs(calicoVxlan(), N1, (ns) => ({ ...ns, masquerade: [{ action: 'MASQUERADE', comment: 'all' }] }));
    const res = walk(w, { from: { node: 'n1' }, to: { ip: '8.8.8.8' }, protocol: 'icmp', reply: true });
    expect(kinds(res)).not.toContain('nat');
    expect(res.reply!.verdict).toEqual({ kind: 'delivered', at: N1 });
    expect(kinds(res.reply!)).not.toContain('nat');
    // the pod's packet is rewritten by the same rule, with the rule's comment
    const pod = walk(w, { from: A, to: { ip: '8.8.8.8' }, protocol: 'icmp' });
    expect(only(pod, 'nat')[0]).toMatchObject({ text: 'n1: MASQUERADE 10.244.1.5 → 192.168.2.21 (all)', dev: 'eth0', nat: { type: 'snat', by: 'masquerade', from: '10.244.1.5', to: '192.168.2.21' } });
    expect(only(pod, 'nat')[0].why).toBe(
      'iptables nat POSTROUTING: the first matching rule is MASQUERADE, which rewrites the source to the address eth0 would use towards 192.168.2.1 and records the connection so the reply is translated back.',
    );
  });

  it('RETURN first: the packet keeps its source', () => {
    const w = withNs(calicoVxlan(), N1, (ns) => ({ ...ns, masquerade: [{ action: 'RETURN', comment: 'keep' }, { action: 'MASQUERADE', comment: 'all' }] }));
    expect(kinds(walk(w, { from: A, to: { ip: '8.8.8.8' }, protocol: 'icmp' }))).not.toContain('nat');
  });
});

describe('edges of NAT', () => {
  it('MASQUERADE with no address to take drops the packet ("ate my IP address"), for a rule and for KUBE-MARK-MASQ', () => {
    const bare = withNs(calicoVxlan(), N1, (ns) => ({
      ...ns,
      masquerade: [{ action: 'MASQUERADE', comment: 'all' }],
      links: ns.links.map((l) => (l.kind === 'loopback' ? l : { ...l, addrs: [] })),
    }));
    const res = walk(bare, { from: A, to: { ip: '8.8.8.8' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'filtered', at: N1 });
    expect(last(res)).toMatchObject({
      dev: 'eth0',
      text: 'n1: MASQUERADE found no address on eth0',
      why: 'masquerade_tg drops when inet_select_addr finds no source ("ate my IP address").',
    });
    const kube = withNs(bare, N1, (ns) => ({ ...ns, masquerade: undefined }));
    const hooks: WalkHooks = { dnat: (ctx) => (ctx.ip.dst === '10.96.0.10' ? { action: 'accept', text: 'DNAT', dnat: { ip: '8.8.4.4' }, masquerade: true } : undefined) };
    const res2 = walk(kube, { from: A, to: { ip: '10.96.0.10' }, protocol: 'udp', port: 53 }, { hooks });
    expect(res2.verdict).toMatchObject({ reason: 'filtered', at: N1 });
    expect(last(res2)).toMatchObject({ text: 'n1: MASQUERADE found no address on eth0', why: 'masquerade_tg drops when inet_select_addr finds no source ("ate my IP address").' });
  });

  it("a reply is not masqueraded again by the rule that masqueraded its request (conntrack knows it)", () => {
    const w = withNs(calicoVxlan(), N1, (ns) => ({ ...ns, masquerade: [{ action: 'MASQUERADE', comment: 'all' }] }));
    const res = walk(w, { from: A, to: { ip: '8.8.8.8' }, protocol: 'icmp', reply: true });
    expect(res.reply!.verdict).toEqual({ kind: 'delivered', at: 'pod/default/a' });
    expect(only(res.reply!, 'nat').map((h) => h.nat!.type)).toEqual(['unsnat']);
    expect(last(res.reply!).packet[0]).toMatchObject({ src: '8.8.8.8', dst: '10.244.1.5' });
  });

  it('a reply entering a node its request never passed is new there: kube-proxy is asked', () => {
    // the gateway sends the answer for n1's pods to n2, which tunnels it to n1
    const w = withNs(calicoVxlan(), 'router/lan-gateway', (ns) => ({ ...ns, routes: [...ns.routes, r('10.244.1.0/24 via 192.168.2.22 dev eth0')] }));
    const asked: string[] = [];
    const hooks: WalkHooks = {
      dnat: (ctx) => {
        asked.push(`${ctx.ns.id} ${ctx.ip.src} > ${ctx.ip.dst}`);
        return undefined;
      },
    };
    const res = walk(w, { from: A, to: { ip: '8.8.8.8' }, protocol: 'icmp', reply: true }, { hooks });
    expect(res.reply!.verdict).toEqual({ kind: 'delivered', at: 'pod/default/a' });
    expect(asked).toContain('node/n2 8.8.8.8 > 10.244.1.5');
    expect(asked.filter((x) => x.startsWith('node/n1 8.8.8.8'))).toEqual([]);
  });

  it('a DNAT that changes only the port (a NodePort to a host-network endpoint) is undone once, at POSTROUTING of the node that answers', () => {
    const hooks: WalkHooks = {
      // KUBE-NODEPORTS is reached for local destinations only (-m addrtype --dst-type LOCAL): n2's own address
      dnat: (ctx) =>
        ctx.ns.id === 'node/n2' && ctx.ip.dst === '192.168.2.22' && (ctx.packet[1] as UdpHeader).dstPort === 30080
          ? { action: 'accept', text: 'DNAT', dnat: { ip: '192.168.2.22', port: 8080 } }
          : undefined,
    };
    const res = walk(calicoVxlan(), { from: A, to: { ip: '192.168.2.22' }, protocol: 'tcp', port: 30080, reply: true }, { hooks });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'node/n2' });
    expect(last(res).packet[1]).toMatchObject({ dstPort: 8080 });
    const back = res.reply!;
    expect(back.verdict).toEqual({ kind: 'delivered', at: 'pod/default/a' });
    expect(only(back, 'nat').map((h) => h.text)).toEqual(['n2: conntrack reverses DNAT: source 192.168.2.22 → 192.168.2.22']);
    expect(last(back).packet[1]).toMatchObject({ srcPort: 30080 });
  });
});
