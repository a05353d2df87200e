// (6) POSTROUTING masquerade with conntrack for the reply, and the hooks (fake kube-proxy, fake Felix).
import { describe, expect, it } from 'vitest';
import { calicoVxlan, flannel } from '../../../test/support/kernel-worlds';
import { walk } from './walk';
import { innerIp, sizeProblems, wires } from '../../../test/support/walk';
import type { HookContext, WalkHooks } from './hooks';
import type { UdpHeader } from '../model/packet';

const A = { pod: 'default/a' };
const B = { pod: 'default/b' };

describe('masquerade (natOutgoing) and conntrack', () => {
  const w = calicoVxlan({ natOutgoing: true });

  it('pod → outside: MASQUERADE to the node address, delivered outside, reply un-NATed to the pod', () => {
    const res = walk(w, { from: A, to: { ip: '8.8.8.8' }, protocol: 'icmp', reply: true });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'router/lan-gateway', external: true, message: '8.8.8.8 left the lab through lan-gateway' });
    const nat = res.hops.find((h) => h.kind === 'nat')!;
    expect(nat.text).toBe('n1: MASQUERADE 10.244.1.5 → 192.168.2.21 (cali-nat-outgoing)');
    const out = wires(res).find((h) => h.wire!.medium === 'lan')!;
    expect(out.wire!.frame[1]).toMatchObject({ src: '192.168.2.21', dst: '8.8.8.8', ttl: 63 });

    const reply = res.reply!;
    expect(reply.src).toBe('8.8.8.8');
    expect(reply.verdict).toEqual({ kind: 'delivered', at: 'pod/default/a' });
    const unnat = reply.hops.find((h) => h.kind === 'nat')!;
    expect(unnat.ns).toBe('node/n1');
    expect(unnat.text).toBe('n1: conntrack reverses MASQUERADE: destination 192.168.2.21 → 10.244.1.5');
    expect(innerIp(reply.hops[reply.hops.length - 1].packet)).toMatchObject({ src: '8.8.8.8', dst: '10.244.1.5' });
    expect(sizeProblems(res)).toEqual([]);
  });

  it('pod → pod is not masqueraded (destination inside the pool)', () => {
    const res = walk(w, { from: A, to: B, protocol: 'icmp', reply: true });
    expect(res.hops.some((h) => h.kind === 'nat')).toBe(false);
    expect(res.reply!.hops.some((h) => h.kind === 'nat')).toBe(false);
    expect(res.reply!.verdict.kind).toBe('delivered');
  });

  it('flannel --ip-masq: RETURN for pod → pod, MASQUERADE for pod → outside', () => {
    const f = flannel({ ipMasq: true });
    expect(walk(f, { from: A, to: B, protocol: 'icmp' }).hops.some((h) => h.kind === 'nat')).toBe(false);
    const res = walk(f, { from: A, to: { ip: '1.1.1.1' }, protocol: 'tcp', port: 443, reply: true });
    expect(res.hops.find((h) => h.kind === 'nat')!.text).toBe('n1: MASQUERADE 10.244.1.2 → 192.168.2.21 (flanneld masq)');
    expect(res.reply!.verdict).toEqual({ kind: 'delivered', at: 'pod/default/a' });
  });

  it('without masquerade the outside answer has nowhere to go', () => {
    const plain = calicoVxlan();
    const res = walk(plain, { from: A, to: { ip: '8.8.8.8' }, protocol: 'icmp', reply: true });
    expect(res.verdict.kind).toBe('delivered');
    // the gateway has no route back to the pod network
    expect(res.reply!.verdict).toMatchObject({ kind: 'dropped', reason: 'no-route', at: 'router/lan-gateway' });
  });
});

describe('hooks', () => {
  const w = calicoVxlan();

  it('hostVethEgress (the pod\'s ingress policy) can drop a packet about to reach the pod', () => {
    const seen: HookContext[] = [];
    const hooks: WalkHooks = {
      hostVethEgress: (ctx) => {
        seen.push(ctx);
        return { action: 'drop', text: 'default/b: policy default/deny-all denies ingress', why: 'No rule allows the traffic.' };
      },
    };
    const res = walk(w, { from: A, to: B, protocol: 'icmp' }, { hooks });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'policy', at: 'node/n2', message: 'default/b: policy default/deny-all denies ingress' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ point: 'host-veth-egress', dev: 'cali5e4d3c2b1a0', pod: 'pod/default/b' });
    expect(seen[0].ns.id).toBe('node/n2');
    expect(res.hops.find((h) => h.kind === 'policy')!.text).toBe('default/b: policy default/deny-all denies ingress');
  });

  it('hostVethIngress (the pod\'s egress policy) is asked where the pod\'s packet arrives; accept continues', () => {
    const points: string[] = [];
    const hooks: WalkHooks = {
      hostVethIngress: (ctx) => {
        points.push(`${ctx.ns.id} ${ctx.dev} ${ctx.pod}`);
        return { action: 'accept', text: 'default/a: egress allowed' };
      },
    };
    const res = walk(w, { from: A, to: B, protocol: 'icmp', reply: true }, { hooks });
    expect(res.verdict.kind).toBe('delivered');
    // the reply from b is part of a known connection: conntrack accepts it without asking
    expect(points).toEqual(['node/n1 cali0a1b2c3d4e5 pod/default/a']);
    expect(res.hops.filter((h) => h.kind === 'policy')).toHaveLength(1);
    expect(res.reply!.verdict.kind).toBe('delivered');
  });

  it('dnat (kube-proxy): a Service IP is rewritten at PREROUTING, and conntrack restores it for the reply', () => {
    const hooks: WalkHooks = {
      dnat: (ctx) =>
        ctx.ip.dst === '10.96.0.10' ? { action: 'accept', text: `${ctx.ns.name}: DNAT 10.96.0.10:53 → 10.244.2.5:5353`, dnat: { ip: '10.244.2.5', port: 5353 } } : undefined,
    };
    const res = walk(w, { from: A, to: { ip: '10.96.0.10' }, protocol: 'udp', port: 53, reply: true }, { hooks });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'pod/default/b' });
    const nat = res.hops.find((h) => h.kind === 'nat')!;
    expect(nat.ns).toBe('node/n1');
    const delivered = res.hops[res.hops.length - 1].packet;
    expect(delivered[0]).toMatchObject({ dst: '10.244.2.5' });
    expect((delivered[1] as UdpHeader).dstPort).toBe(5353);
    const reply = res.reply!;
    expect(reply.verdict).toEqual({ kind: 'delivered', at: 'pod/default/a' });
    const back = reply.hops[reply.hops.length - 1].packet;
    expect(back[0]).toMatchObject({ src: '10.96.0.10', dst: '10.244.1.5' });
    expect((back[1] as UdpHeader).srcPort).toBe(53);
  });

  it('dnat at OUTPUT of a node re-routes the new destination', () => {
    const hooks: WalkHooks = {
      dnat: (ctx) => (ctx.point === 'output' && ctx.ip.dst === '10.96.0.1' ? { action: 'accept', text: 'DNAT', dnat: { ip: '10.244.2.5' } } : undefined),
    };
    const res = walk(w, { from: { node: 'n1' }, to: { ip: '10.96.0.1' }, protocol: 'tcp', port: 443, reply: true }, { hooks });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'pod/default/b' });
    expect(res.reply!.hops[res.reply!.hops.length - 1].packet[0]).toMatchObject({ src: '10.96.0.1' });
  });
});
