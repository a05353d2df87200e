// ICMP errors are packets: they are walked back to the quoted packet's source, and only a socket that
// receives one hears it. An error about a tunnel's outer packet goes to the outer source, the node: ipip_err
// (net/ipv4/ipip.c) only updates the path MTU on Frag needed and relays nothing, and the next packet through
// the tunnel meets tnl_update_pmtu (ip_tunnel.c), which answers Frag needed to the inner source with the room
// left (learned PMTU − 20). A sender keeps the path MTU it learned (ip_rt_update_pmtu): ping -M do's next
// probe fails locally. VXLAN's outer packet has DF clear and TTL 64: the router fragments it and stays
// invisible (the VXLAN expectations are what `verify` measured on the kernel for this topology).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../src/core/session/load';
import { runCommand } from '../src/core/terminal';
import { pingText, runWalk, tracerouteText } from '../src/core/tools';

const IPIP = readFileSync(join(__dirname, 'fixtures/scenario/two-racks-small-core.yaml'), 'utf8');
const VXLAN = IPIP.replace('ipipMode: Always, vxlanMode: Never', 'ipipMode: Never, vxlanMode: Always');
const build = (text: string) => {
  const r = loadLab(text, 'two-racks-small-core.yaml');
  expect(r.errors).toEqual([]);
  return r.state!;
};
const lines = (s: string) => s.split('\n').filter((l) => /^(From|ping:|\d+ bytes|\s*\d+\s+[\d*])/.test(l) && !/packets transmitted/.test(l)).map((l) => l.replace(/\s+[\d.]+ ms.*$/, '').replace(/ time=.*$/, ''));

describe('ICMP errors about encapsulated packets (IPIP across a 1400-byte core)', () => {
  const st = build(IPIP);

  it('ping -M do at the tunnel MTU: probe 1 vanishes (the router tells the node), probe 2 gets Frag needed from the node, then local errors', () => {
    const out = pingText(st, 'default/a', 'default/b', { count: 4, size: 1452, pmtudisc: 'do' });
    expect(lines(out)).toEqual([
      'From 192.168.1.11 icmp_seq=2 Frag needed and DF set (mtu = 1380)',
      'ping: local error: message too long, mtu=1380',
      'ping: local error: message too long, mtu=1380',
    ]);
    expect(out).toContain('4 packets transmitted, 0 received, +3 errors, 100% packet loss');
    expect(out).not.toContain('192.168.1.1 ');
  });

  it("the first probe's Frag needed ends at node-a, which keeps it", () => {
    const r = runWalk(st, { from: 'default/a', to: 'default/b', protocol: 'icmp', size: 1452, pmtudisc: 'do' });
    expect(r.verdict).toMatchObject({ kind: 'dropped', reason: 'mtu', at: 'router/ra' });
    expect(r.verdict.icmpFrom).toBeUndefined();
    expect(r.icmpBack).toMatchObject({ heard: false, verdict: { kind: 'delivered', at: 'node/node-a' } });
  });

  it('the terminal keeps the path MTU across commands, as the route cache does: later pings fail locally', () => {
    const pmtu = new Map<string, number>();
    const ping = () => runCommand(st, { pod: 'default/a' }, 'ping -c 1 -M do -s 1452 10.244.218.65', { pmtu }).out;
    expect(lines(ping())).toEqual([]);
    expect(lines(ping())).toEqual(['From 192.168.1.11 icmp_seq=1 Frag needed and DF set (mtu = 1380)']);
    expect(lines(ping())).toEqual(['ping: local error: message too long, mtu=1380']);
    // without the terminal's cache every ping starts afresh
    expect(lines(runCommand(st, { pod: 'default/a' }, 'ping -c 1 -M do -s 1452 10.244.218.65').out)).toEqual([]);
  });

  it('the largest ping that fits the core crosses it', () => {
    expect(pingText(st, 'default/a', 'default/b', { count: 1, size: 1352, pmtudisc: 'do' })).toContain('1 received');
  });

  it("a pod's traceroute through tunl0 (ttl inherit) prints * for the routers; so does the node's", () => {
    const hops = (from: string) => lines(tracerouteText(st, from, 'default/b')).map((l) => l.trim().replace(/\s+/g, ' '));
    expect(hops('default/a')).toEqual(['1 192.168.1.11', '2 * * *', '3 * * *', '4 10.244.218.65']);
    expect(hops('node-a')).toEqual(['1 * * *', '2 * * *', '3 10.244.218.65']);
  });
});

describe('VXLAN across the same core: the routers are invisible and fragment the outer packet', () => {
  const st = build(VXLAN);

  it('ping -M do at the VXLAN MTU is answered (the outer 1500-byte packet is fragmented for the core)', () => {
    expect(pingText(st, 'default/a', 'default/b', { count: 2, size: 1422, pmtudisc: 'do' })).toContain('2 packets transmitted, 2 received');
  });

  it('traceroute: the node, the remote VTEP, the pod', () => {
    const hops = lines(tracerouteText(st, 'default/a', 'default/b')).map((l) => l.trim().replace(/\s+/g, ' '));
    expect(hops).toEqual(['1 192.168.1.11', '2 10.244.218.64', '3 10.244.218.65']);
  });
});

describe('an MTU mismatch on one LAN (measured by verify on generated scenarios)', () => {
  const text = IPIP.replace('ipipMode: Always, vxlanMode: Never', 'ipipMode: Never, vxlanMode: Always').replace(
    '{name: eth0, network: rack-b, ip: 192.168.2.11/24}',
    '{name: eth0, network: rack-b, ip: 192.168.2.11/24, mtu: 1350}',
  );
  const st = build(text);

  it('a frame bigger than the receiving NIC is dropped on receive, silently: no Frag needed, no learned MTU', () => {
    // node-a's pods get 1450 (its own NIC 1500 − 50); the 1500-byte outer packet is fragmented for the 1400
    // core: a first fragment of 20 + 1376 (a multiple of 8) = 1396 bytes, which node-b's 1350 cannot take
    const out = pingText(st, 'default/a', 'default/b', { count: 2, size: 1422, pmtudisc: 'do' });
    expect(out).toContain('2 packets transmitted, 0 received, 100% packet loss');
    expect(out).not.toContain('Frag needed');
    const r = runWalk(st, { from: 'default/a', to: 'default/b', protocol: 'icmp', size: 1422, pmtudisc: 'do' });
    expect(r.verdict).toMatchObject({ kind: 'dropped', reason: 'mtu', at: 'router/rb' });
    expect(r.hops[r.hops.length - 1]!.text).toBe('node-b eth0: a 1396-byte packet exceeds its MTU 1350 and is dropped on receive');
  });
});
