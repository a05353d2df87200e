// The indexes are cached on the objects they describe and rebuilt when the objects change.
import { describe, expect, it } from 'vitest';
import { calicoVxlan } from '../../../test/support/kernel-worlds';
import { nsIndex, worldIndex, ipNum } from './world';
import { withNs } from '../../../test/support/walk';
import { walk } from './walk';

describe('world indexes', () => {
  it('are reused for the same netns record and rebuilt for a new one', () => {
    const w = calicoVxlan();
    const a = worldIndex(w);
    expect(worldIndex({ netns: w.netns, networks: w.networks })).toBe(a);
    const changed = withNs(w, 'node/n2', (ns) => ({ ...ns, down: true }));
    expect(worldIndex(changed)).not.toBe(a);
    // an unchanged namespace keeps its index across world versions
    expect(nsIndex(changed.netns['node/n1'])).toBe(nsIndex(w.netns['node/n1']));
  });

  it('segments know their NICs, MACs and who answers ARP for what (weak host)', () => {
    const seg = worldIndex(calicoVxlan()).segment('lan');
    expect(seg.members.map((m) => `${m.ns.id} ${m.link.name}`)).toEqual(['node/n1 eth0', 'node/n2 eth0', 'router/lan-gateway eth0']);
    expect(seg.owners.get(ipNum('192.168.2.22'))!.ns.id).toBe('node/n2');
    // n2 would answer ARP on eth0 for its vxlan.calico address too (arp_ignore=0)
    expect(seg.owners.get(ipNum('10.244.2.0'))!.link.name).toBe('eth0');
    expect(seg.network?.cidr).toBe('192.168.2.0/24');
  });

  it('the same walk on the same world gives the same result twice (no hidden state)', () => {
    const w = calicoVxlan({ natOutgoing: true });
    const req = { from: { pod: 'default/a' }, to: { ip: '8.8.8.8' }, protocol: 'tcp' as const, reply: true };
    expect(JSON.stringify(walk(w, req))).toBe(JSON.stringify(walk(w, req)));
  });
});
