// The seam between core/walk and core/wire: every stack a walk records (each hop's packet and wire
// frame) must serialise, agree with the segment's recorded length, parse back to the same bytes
// (or, only for a real fragment cut from a whole datagram, ask for parseFragments) and print as tcpdump.

import type { Header, WalkRequest, WalkResult } from '../../src/core/model/packet';
import { walk } from '../../src/core/walk';
import { calicoIpip, calicoVxlan, flannel } from '../support/kernel-worlds';
import { parseFrame, serializeFrame, tcpdumpLine, wireLength } from '../../src/core/wire';

type Ends = Pick<WalkRequest, 'from' | 'to'>;
const requests = (e: Ends): WalkRequest[] => [
  { ...e, protocol: 'icmp', reply: true },
  { ...e, protocol: 'tcp', port: 80, reply: true },
  { ...e, protocol: 'udp', port: 53, reply: true },
  { ...e, protocol: 'icmp', size: 3000, pmtudisc: 'dont' },
  { ...e, protocol: 'icmp', size: 1600, pmtudisc: 'do' },
  { ...e, protocol: 'icmp', ttl: 2 },
];
const AB: Ends = { from: { pod: 'default/a' }, to: { pod: 'default/b' } };

function stacks(res: WalkResult): { what: string; stack: Header[]; length?: number; t: number }[] {
  const out = res.hops.flatMap((h) => [
    { what: `hop ${h.index} ${h.kind} packet`, stack: h.packet, t: h.t },
    ...(h.wire ? [{ what: `hop ${h.index} wire ${h.wire.medium}`, stack: h.wire.frame, length: h.wire.length, t: h.t }] : []),
  ]);
  return res.reply ? [...out, ...stacks(res.reply)] : out;
}

/** an IPv4 header in the stack with MF set or a non-zero offset: a piece of a fragmented datagram */
function isFragment(stack: Header[]): boolean {
  return stack.some((h) => h.type === 'ipv4' && (h.mf || h.fragOffset > 0));
}

describe.each([
  ['Calico IPIP (seed 004)', calicoIpip, { from: { pod: 'default/pod1' }, to: { pod: 'default/pod2' } } as Ends],
  ['Calico VXLAN', calicoVxlan, AB],
  ['Flannel vxlan', flannel, AB],
])('%s: walk stacks are wire-accurate', (_name, build, ends) => {
  const world = build();
  it.each(requests(ends).map((r) => [`${r.protocol}${r.size ? ` -s ${r.size}` : ''}${r.ttl ? ` ttl ${r.ttl}` : ''}`, r] as const))('%s', (_label, req) => {
    const all = stacks(walk(world, req)).filter((s) => s.stack.length > 0);
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      const link = s.stack[0].type === 'eth' ? 'ether' : 'raw';
      const bytes = serializeFrame(s.stack);
      if (s.length !== undefined) expect([s.what, bytes.length]).toEqual([s.what, s.length]);
      expect([s.what, wireLength(s.stack)]).toEqual([s.what, bytes.length]);
      // A fragment cut from a whole datagram cannot be described by one header stack (its L4 header and
      // checksum belong to the datagram): the parser refuses it and points to parseFragments. Any other
      // stack must round-trip — a parse error there is a bug, whatever its message says.
      if (!isFragment(s.stack)) expect(serializeFrame(parseFrame(bytes, { link }))).toEqual(bytes);
      else {
        // a fragment whose bytes happen to be describable (a later piece: IP header + data) round-trips;
        // one that is not may only be refused with the pointer to parseFragments
        let again: Uint8Array | undefined;
        try {
          again = serializeFrame(parseFrame(bytes, { link }));
        } catch (e) {
          expect(String(e)).toMatch(/parseFragments/);
        }
        if (again) expect(again).toEqual(bytes);
      }
      expect(tcpdumpLine(bytes, s.t, { link })).toMatch(/^12:00:00\.\d{6} (IP|ip: )/);
    }
  });
});
