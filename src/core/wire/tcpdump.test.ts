import type { Header } from '../model/packet';
import { serializeFrame } from './serialize';
import { createTcpdump, tcpdumpLine, tcpdumpLines } from './tcpdump';
import { fragment } from './fragment';
import { linuxIcmpError } from './icmpError';
import * as F from '../../../test/wire/fixtures';

/** µs since a clock start "HH:MM:SS" for a seed time stamp "HH:MM:SS.uuuuuu" in the same second. */
const usOf = (stamp: string): number => Number(stamp.split('.')[1]);

describe('tcpdumpLine: seed 002 captures, byte for byte', () => {
  it('Flannel VXLAN with -e (seed 002 lines 593-596): OTV on 8472, the inner frame with its MACs', () => {
    const td = createTcpdump({ e: true, clockStart: '12:12:28' });
    expect(td.print(serializeFrame(F.seedFlannelRequest()), usOf('12:12:28.374454'))).toBe(
      '12:12:28.374454 00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 148: 10.0.0.16.38146 > 10.0.0.15.8472: OTV, flags [I] (0x08), overlay 0, instance 1\n' +
        '6e:3d:65:7f:52:85 > 76:64:2c:29:12:07, ethertype IPv4 (0x0800), length 98: 10.244.2.18 > 10.244.1.56: ICMP echo request, id 6912, seq 0, length 64',
    );
    expect(td.print(serializeFrame(F.seedFlannelReply()), usOf('12:12:28.374905'))).toBe(
      '12:12:28.374905 00:50:56:2b:5e:38 > 00:50:56:21:d2:7a, ethertype IPv4 (0x0800), length 148: 10.0.0.15.46001 > 10.0.0.16.8472: OTV, flags [I] (0x08), overlay 0, instance 1\n' +
        '76:64:2c:29:12:07 > 6e:3d:65:7f:52:85, ethertype IPv4 (0x0800), length 98: 10.244.1.56 > 10.244.2.18: ICMP echo reply, id 6912, seq 0, length 64',
    );
  });

  it('Calico IPIP (seed 002 lines 1335-1336): the inner packet, then (ipip-proto-4)', () => {
    const opts = { clockStart: '12:07:51' };
    expect(tcpdumpLine(serializeFrame(F.seedIpipRequest()), usOf('12:07:51.202472'), opts)).toBe(
      '12:07:51.202472 IP 10.0.0.12 > 10.0.0.16: IP 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64 (ipip-proto-4)',
    );
    expect(tcpdumpLine(serializeFrame(F.seedIpipReply()), usOf('12:07:51.203031'), opts)).toBe(
      '12:07:51.203031 IP 10.0.0.16 > 10.0.0.12: IP 10.244.6.3 > 10.244.0.1: ICMP echo reply, id 3, seq 1, length 64 (ipip-proto-4)',
    );
  });

  it('Calico without encapsulation (seed 002 line 1695)', () => {
    const frame = [F.eth(F.MAC.node12, F.MAC.node16), ...F.ping('10.0.0.12', '10.244.6.3', { id: 5, seq: 1 })];
    expect(tcpdumpLine(serializeFrame(frame), usOf('13:58:41.132067'), { clockStart: '13:58:41' })).toBe(
      '13:58:41.132067 IP 10.0.0.12 > 10.244.6.3: ICMP echo request, id 5, seq 1, length 64',
    );
  });

  it('TCP handshake over Flannel DirectRouting (seed 002 lines 669-676), sequence numbers turning relative', () => {
    const [syn, synAck, ack, finData] = F.seedTcp();
    const lines = tcpdumpLines(
      [
        { bytes: serializeFrame(syn), tUs: usOf('12:38:35.527167') },
        { bytes: serializeFrame(synAck), tUs: usOf('12:38:35.527543') },
        { bytes: serializeFrame(ack), tUs: usOf('12:38:35.527795') },
        { bytes: serializeFrame(finData), tUs: usOf('12:38:35.531512') },
      ],
      { clockStart: '12:38:35' },
    );
    expect(lines).toEqual([
      '12:38:35.527167 IP 10.244.2.18.33598 > 10.244.1.56.80: Flags [S], seq 3536504389, win 64860, options [mss 1410,sackOK,TS val 2436082677 ecr 0,nop,wscale 7], length 0',
      '12:38:35.527543 IP 10.244.1.56.80 > 10.244.2.18.33598: Flags [S.], seq 4150405849, ack 3536504390, win 64308, options [mss 1410,sackOK,TS val 3526770141 ecr 2436082677,nop,wscale 7], length 0',
      '12:38:35.527795 IP 10.244.2.18.33598 > 10.244.1.56.80: Flags [.], ack 1, win 507, options [nop,nop,TS val 2436082677 ecr 3526770141], length 0',
      '12:38:35.531512 IP 10.244.1.56.80 > 10.244.2.18.33598: Flags [FP.], seq 18:249, ack 76, win 502, options [nop,nop,TS val 3526770145 ecr 2436082679], length 231: HTTP',
    ]);
    // printed alone, a segment is the first of its connection: absolute numbers, as tcpdump -S
    expect(tcpdumpLine(serializeFrame(ack), 0)).toContain('Flags [.], ack 4150405850, win 507');
  });
});

describe('tcpdumpLine: other forms', () => {
  it('Calico VXLAN on 4789: "VXLAN, flags [I] (0x08), vni 4096" and the inner packet on the next line', () => {
    const frame = [
      F.eth('00:16:3e:11:22:33', '00:16:3e:44:55:66'),
      ...F.vxlan({ src: '10.238.74.112', dst: '10.238.74.108', sport: 42022, dport: 4789, vni: 4096 }, [
        F.eth('66:0f:2a:9b:41:07', '66:5d:18:e2:c3:90'),
        ...F.ping('10.255.0.31', '10.255.0.32', { id: 16, seq: 398 }),
      ]),
    ];
    expect(tcpdumpLine(serializeFrame(frame), 650919, { clockStart: '16:18:08' })).toBe(
      '16:18:08.650919 IP 10.238.74.112.42022 > 10.238.74.108.4789: VXLAN, flags [I] (0x08), vni 4096\n' +
        'IP 10.255.0.31 > 10.255.0.32: ICMP echo request, id 16, seq 398, length 64',
    );
  });

  it('prints 8472 as VXLAN when asked (vxlanPorts), as `-T vxlan` would', () => {
    const line = tcpdumpLine(serializeFrame(F.seedFlannelRequest()), 0, { vxlanPorts: [8472] });
    expect(line.split('\n')[0]).toBe('12:00:00.000000 IP 10.0.0.16.38146 > 10.0.0.15.8472: VXLAN, flags [I] (0x08), vni 1');
  });

  it('prints UDP as "UDP, length N" (payload bytes) and a tunl0 capture from the IP header', () => {
    const udp: Header[] = [
      F.eth(F.MAC.podA, F.MAC.calicoGw),
      F.ip('10.244.0.5', '10.244.5.194', 17, 20 + 8 + 56, { id: 9 }),
      { type: 'udp', srcPort: 40000, dstPort: 5354, length: 64 },
      { type: 'payload', length: 56, pattern: 'zero' },
    ];
    expect(tcpdumpLine(serializeFrame(udp), 0)).toBe('12:00:00.000000 IP 10.244.0.5.40000 > 10.244.5.194.5354: UDP, length 56');
    const inner = F.ping('10.244.0.1', '10.244.6.3', { id: 3, seq: 1 });
    expect(tcpdumpLine(serializeFrame(inner), 0, { link: 'raw' })).toBe('12:00:00.000000 IP 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64');
    expect(tcpdumpLine(serializeFrame(inner), 0, { link: 'raw', e: true })).toBe('12:00:00.000000 ip: 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64');
  });

  it('prints ICMP errors: port unreachable, time exceeded, need to frag', () => {
    const E = (h: Header[]) => serializeFrame([F.eth(F.MAC.node16, F.MAC.node15), ...h]);
    const probe: Header[] = [
      F.ip('10.244.0.5', '10.244.5.194', 17, 60, { id: 5555, ttl: 1 }),
      { type: 'udp', srcPort: 45000, dstPort: 33434, length: 40 },
      { type: 'payload', length: 32, pattern: 'zero' },
    ];
    expect(tcpdumpLine(E(linuxIcmpError({ src: '10.244.5.194', original: probe, icmpType: 3, code: 3, id: 1 })), 0)).toBe(
      '12:00:00.000000 IP 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 udp port 33434 unreachable, length 68',
    );
    const probe80: Header[] = [
      F.ip('10.244.0.5', '10.244.5.194', 17, 80, { id: 5556, ttl: 1 }),
      { type: 'udp', srcPort: 45000, dstPort: 33435, length: 60 },
      { type: 'payload', length: 52, pattern: 'zero' },
    ];
    expect(tcpdumpLine(E(linuxIcmpError({ src: '192.168.2.21', original: probe80, icmpType: 11, code: 0, id: 2 })), 0)).toBe(
      '12:00:00.000000 IP 192.168.2.21 > 10.244.0.5: ICMP time exceeded in-transit, length 88',
    );
    const big = F.ping('10.244.1.5', '10.244.2.7', { id: 3, seq: 1, size: 1472 });
    const fn = E(linuxIcmpError({ src: '192.168.2.22', original: big, icmpType: 3, code: 4, mtu: 1450, id: 4711 }));
    expect(tcpdumpLine(fn, 0)).toBe('12:00:00.000000 IP 192.168.2.22 > 10.244.1.5: ICMP 10.244.2.7 unreachable - need to frag (mtu 1450), length 556');
    // -v adds the error's IP header and the quoted datagram, indented by a tab
    expect(tcpdumpLine(fn, 0, { v: true })).toBe(
      '12:00:00.000000 IP (tos 0xc0, ttl 64, id 4711, offset 0, flags [none], proto ICMP (1), length 576)\n' +
        '    192.168.2.22 > 10.244.1.5: ICMP 10.244.2.7 unreachable - need to frag (mtu 1450), length 556\n' +
        '\tIP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 1500)\n' +
        '    10.244.1.5 > 10.244.2.7: ICMP echo request, id 3, seq 1, length 1480',
    );
  });

  it('prints fragments as tcpdump 4.9 does: the first through ICMP with its own length, the rest as ip-proto-1', () => {
    const frags = fragment([F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size: 3000, df: false })], 1500);
    expect(frags.map((f) => tcpdumpLine(serializeFrame(f), 0))).toEqual([
      '12:00:00.000000 IP 10.244.1.5 > 10.244.2.7: ICMP echo request, id 9, seq 2, length 1480',
      '12:00:00.000000 IP 10.244.1.5 > 10.244.2.7: ip-proto-1',
      '12:00:00.000000 IP 10.244.1.5 > 10.244.2.7: ip-proto-1',
    ]);
    expect(frags.map((f) => tcpdumpLine(serializeFrame(f), 0, { v: true }).split('\n')[0])).toEqual([
      '12:00:00.000000 IP (tos 0x0, ttl 63, id 19758, offset 0, flags [+], proto ICMP (1), length 1500)',
      '12:00:00.000000 IP (tos 0x0, ttl 63, id 19758, offset 1480, flags [+], proto ICMP (1), length 1500)',
      '12:00:00.000000 IP (tos 0x0, ttl 63, id 19758, offset 2960, flags [none], proto ICMP (1), length 68)',
    ]);
  });

  it('-v: the outer VXLAN header, then each IPv4 header, TCP checksums', () => {
    expect(tcpdumpLine(serializeFrame(F.seedFlannelRequest()), 0, { v: true })).toBe(
      '12:00:00.000000 IP (tos 0x0, ttl 64, id 12039, offset 0, flags [none], proto UDP (17), length 134)\n' +
        '    10.0.0.16.38146 > 10.0.0.15.8472: OTV, flags [I] (0x08), overlay 0, instance 1\n' +
        'IP (tos 0x0, ttl 63, id 41392, offset 0, flags [DF], proto ICMP (1), length 84)\n' +
        '    10.244.2.18 > 10.244.1.56: ICMP echo request, id 6912, seq 0, length 64',
    );
    expect(tcpdumpLine(serializeFrame(F.seedIpipRequest()), 0, { v: true })).toBe(
      '12:00:00.000000 IP (tos 0x0, ttl 64, id 7236, offset 0, flags [DF], proto IPIP (4), length 104)\n' +
        '    10.0.0.12 > 10.0.0.16: IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n' +
        '    10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64',
    );
    expect(tcpdumpLine(serializeFrame(F.seedTcp()[0]), 0, { v: true }).split('\n')[1]).toBe(
      '    10.244.2.18.33598 > 10.244.1.56.80: Flags [S], cksum 0xd7db (correct), seq 3536504389, win 64860, options [mss 1410,sackOK,TS val 2436082677 ecr 0,nop,wscale 7], length 0',
    );
  });

  it('-v flags what is wrong in the bytes, in tcpdump’s words', () => {
    const ok = serializeFrame([F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.0.1', '10.244.6.3', { id: 3, seq: 1 })]);
    const badIp = ok.slice();
    badIp[24] ^= 0x10;
    expect(tcpdumpLine(badIp, 0, { v: true }).split('\n')[0]).toBe(
      '12:00:00.000000 IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84, bad cksum c28f (->d28f)!)',
    );
    const badIcmp = ok.slice();
    badIcmp[36] ^= 0x01;
    expect(tcpdumpLine(badIcmp, 0, { v: true }).split('\n')[1]).toBe('    10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64 (wrong icmp cksum d7c9 (->d6c9)!)');
    const badTcp = serializeFrame(F.seedTcp()[0]);
    badTcp[50] ^= 0x40;
    expect(tcpdumpLine(badTcp, 0, { v: true })).toContain('Flags [S], cksum 0x97db (incorrect -> 0xd7db), seq 3536504389');
    expect(tcpdumpLine(ok.subarray(0, 30), 0)).toBe('12:00:00.000000 IP [|ip]');
  });
});
