// The nat table's rule matching and the conntrack entries that undo a NAT for the reply, on their own:
// iptables -s/-d with "!" and several CIDRs, first match wins, RETURN stops; de-SNAT and de-DNAT of a
// reply, and an ICMP error about a masqueraded packet (RELATED, nf_nat_icmp_reply_translation).
import { describe, expect, it } from 'vitest';
import { applyReplyEntry, findReplyEntry, firstMatchingRule, type CtEntry } from './nat';
import { echo, ipv4, udp } from './headers';
import type { MasqRule } from '../model/kernel';
import type { Header as Hdr } from '../model/packet';
import { CALI_NAT_OUTGOING, flannelMasq } from '../../../test/support/kernel-worlds';

const rule = (action: MasqRule['action'], src?: MasqRule['src'], dst?: MasqRule['dst'], comment = 'c'): MasqRule => ({ action, ...(src ? { src } : {}), ...(dst ? { dst } : {}), comment });

describe('firstMatchingRule (iptables -s / -d, "!" negation)', () => {
  it("Calico's cali-nat-outgoing: pool to outside only", () => {
    expect(firstMatchingRule(CALI_NAT_OUTGOING, '10.244.1.5', '8.8.8.8')).toBe(CALI_NAT_OUTGOING[0]);
    expect(firstMatchingRule(CALI_NAT_OUTGOING, '10.244.1.5', '10.244.2.5')).toBeUndefined();
    expect(firstMatchingRule(CALI_NAT_OUTGOING, '192.168.2.21', '8.8.8.8')).toBeUndefined();
  });

  it("flanneld's chain: the first matching rule wins, RETURN included", () => {
    const rules = flannelMasq('10.244.1.0/24');
    // node subnet → cluster: rule 0 (RETURN)
    expect(firstMatchingRule(rules, '10.244.1.2', '10.244.2.2')).toBe(rules[0]);
    // another node's pod → this subnet: rule 1 (RETURN)
    expect(firstMatchingRule(rules, '10.244.2.2', '10.244.1.2')).toBe(rules[1]);
    // outside → this subnet: rule 2 (! -s cluster, RETURN)
    expect(firstMatchingRule(rules, '192.168.2.50', '10.244.1.2')).toBe(rules[2]);
    // pod → outside: rule 3 (MASQUERADE, ! -d 224.0.0.0/4)
    expect(firstMatchingRule(rules, '10.244.1.2', '8.8.8.8')).toBe(rules[3]);
    // pod → multicast: rule 3's negation fails, nothing else matches
    expect(firstMatchingRule(rules, '10.244.1.2', '224.0.0.5')).toBeUndefined();
    // outside → another node's pods: rule 4 (! -s cluster -d cluster)
    expect(firstMatchingRule(rules, '192.168.2.50', '10.244.2.2')).toBe(rules[4]);
  });

  it('a rule with several CIDRs matches any of them, negated: none of them; no -s/-d matches everything', () => {
    const two = rule('MASQUERADE', { cidrs: ['10.1.0.0/16', '10.2.0.0/16'] });
    expect(firstMatchingRule([two], '10.1.3.4', '1.1.1.1')).toBe(two);
    expect(firstMatchingRule([two], '10.2.3.4', '1.1.1.1')).toBe(two);
    expect(firstMatchingRule([two], '10.3.3.4', '1.1.1.1')).toBeUndefined();
    const notTwo = rule('MASQUERADE', undefined, { cidrs: ['10.1.0.0/16', '10.2.0.0/16'], negate: true });
    expect(firstMatchingRule([notTwo], '1.1.1.1', '10.2.0.1')).toBeUndefined();
    expect(firstMatchingRule([notTwo], '1.1.1.1', '10.1.0.1')).toBeUndefined();
    expect(firstMatchingRule([notTwo], '1.1.1.1', '10.3.0.1')).toBe(notTwo);
    const any = rule('RETURN');
    expect(firstMatchingRule([any, two], '10.1.3.4', '1.1.1.1')).toBe(any);
    expect(firstMatchingRule([], '10.1.3.4', '1.1.1.1')).toBeUndefined();
  });

  it('the same rule object answers the same after its CIDRs were parsed once', () => {
    const r1 = rule('MASQUERADE', { cidrs: ['10.1.0.0/16'] }, { cidrs: ['10.9.0.0/16'] });
    expect(firstMatchingRule([r1], '10.1.0.1', '10.9.0.1')).toBe(r1);
    expect(firstMatchingRule([r1], '10.1.0.1', '10.8.0.1')).toBeUndefined();
    expect(firstMatchingRule([r1], '10.2.0.1', '10.9.0.1')).toBeUndefined();
  });
});

const pingReply = (src: string, dst: string): Hdr[] =>
  ipv4({ src, dst, protocol: 1, ttl: 64, id: 1, df: false }, echo(0, 7, 1, { type: 'payload', length: 56, pattern: 'ping' }));

describe('conntrack reply entries', () => {
  const snat: CtEntry = { ns: 'node/n1', kind: 'snat', protocol: 1, replySrc: '8.8.8.8', replyDst: '192.168.2.21', origSrc: '10.244.1.5' };
  const dnat: CtEntry = { ns: 'node/n1', kind: 'dnat', protocol: 17, replySrc: '10.244.2.5', replyDst: '10.244.1.5', origDst: '10.96.0.10', origDport: 53 };

  it('a reply matches by namespace, protocol and both addresses', () => {
    const reply = pingReply('8.8.8.8', '192.168.2.21');
    expect(findReplyEntry([snat], 'node/n1', reply)).toBe(snat);
    expect(findReplyEntry([snat], 'node/n2', reply)).toBeUndefined();
    expect(findReplyEntry([{ ...snat, protocol: 6 }], 'node/n1', reply)).toBeUndefined();
    expect(findReplyEntry([snat], 'node/n1', pingReply('8.8.4.4', '192.168.2.21'))).toBeUndefined();
    expect(findReplyEntry([snat], 'node/n1', pingReply('8.8.8.8', '192.168.2.22'))).toBeUndefined();
  });

  it('de-SNAT gives the reply its original destination back', () => {
    const out = applyReplyEntry(pingReply('8.8.8.8', '192.168.2.21'), snat);
    expect(out[0]).toMatchObject({ src: '8.8.8.8', dst: '10.244.1.5' });
    expect(out.slice(1)).toEqual(pingReply('8.8.8.8', '192.168.2.21').slice(1));
  });

  it('de-DNAT gives the reply the Service address and port as its source', () => {
    const reply = ipv4({ src: '10.244.2.5', dst: '10.244.1.5', protocol: 17, ttl: 64, id: 2, df: false }, udp(53, 40000, [{ type: 'payload', length: 10, pattern: 'zero' }]));
    expect(findReplyEntry([snat, dnat], 'node/n1', reply)).toBe(dnat);
    const out = applyReplyEntry(reply, dnat);
    expect(out[0]).toMatchObject({ src: '10.96.0.10', dst: '10.244.1.5' });
    expect(out[1]).toMatchObject({ type: 'udp', srcPort: 53, dstPort: 40000 });
    expect(out[2]).toEqual({ type: 'payload', length: 10, pattern: 'zero' });
    // a Service without a port change keeps the reply's source port
    const samePort = applyReplyEntry(reply, { ...dnat, origDport: undefined });
    expect(samePort[1]).toMatchObject({ srcPort: 53 });
    // ICMP has no ports: only the address changes
    const icmp = applyReplyEntry(pingReply('10.244.2.5', '10.244.1.5'), { ...dnat, protocol: 1 });
    expect(icmp[0]).toMatchObject({ src: '10.96.0.10' });
    expect(icmp[1]).toEqual(pingReply('10.244.2.5', '10.244.1.5')[1]);
    // a bare IP header (nothing after it) stays bare
    expect(applyReplyEntry([pingReply('10.244.2.5', '10.244.1.5')[0]], dnat)).toHaveLength(1);
  });

  it('an ICMP error about a masqueraded packet finds the connection through its quote and is rewritten inside too', () => {
    // the router answers 192.168.2.21 (the masqueraded source) about the packet it quotes
    const quoted = ipv4({ src: '192.168.2.21', dst: '8.8.8.8', protocol: 1, ttl: 1, id: 3, df: false }, echo(8, 7, 1, { type: 'payload', length: 56, pattern: 'ping' }));
    const err = (type: number, quote: Hdr[]): Hdr[] =>
      ipv4({ src: '192.168.2.1', dst: '192.168.2.21', protocol: 1, ttl: 64, id: 4, df: false, tos: 0xc0 }, [{ type: 'icmp', icmpType: type, code: 0 }, { type: 'quote', headers: quote }]);
    for (const type of [3, 11]) {
      const e = err(type, quoted);
      expect(findReplyEntry([dnat, snat], 'node/n1', e)).toBe(snat);
      const out = applyReplyEntry(e, snat);
      expect(out[0]).toMatchObject({ src: '192.168.2.1', dst: '10.244.1.5' });
      expect(out[1]).toEqual({ type: 'icmp', icmpType: type, code: 0 });
      const q = out[2];
      expect(q.type === 'quote' && q.headers[0]).toMatchObject({ src: '10.244.1.5', dst: '8.8.8.8' });
      expect(q.type === 'quote' && q.headers.slice(1)).toEqual(quoted.slice(1));
    }
    // the quote must match the connection: another destination, protocol, or an empty quote finds nothing
    expect(findReplyEntry([snat], 'node/n1', err(11, [{ ...quoted[0], dst: '8.8.4.4' } as Hdr, ...quoted.slice(1)]))).toBeUndefined();
    expect(findReplyEntry([{ ...snat, protocol: 17 }], 'node/n1', err(11, quoted))).toBeUndefined();
    expect(findReplyEntry([snat], 'node/n2', err(11, quoted))).toBeUndefined();
    expect(findReplyEntry([{ ...snat, replyDst: '192.168.2.99' }], 'node/n1', err(11, quoted))).toBeUndefined();
    // a DNAT entry is not found through a quote (only masquerade is undone for errors here)
    expect(findReplyEntry([{ ...snat, kind: 'dnat' }], 'node/n1', err(11, quoted))).toBeUndefined();
    // an empty quote: matched like any packet, by its own addresses
    const bare = err(11, []);
    expect(findReplyEntry([{ ...snat, replySrc: '192.168.2.1' }], 'node/n1', bare)).toMatchObject({ replySrc: '192.168.2.1' });
    // an echo reply is not an error: its own addresses count, not a quote
    expect(findReplyEntry([snat], 'node/n1', pingReply('8.8.8.8', '192.168.2.21'))).toBe(snat);
  });
});
