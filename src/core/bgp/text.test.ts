// text.ts beyond what seed001.test.ts compares with the seed: the numbers ss needs that the lab cannot know
// (FNV-1a of the documented keys, computed by hand in Python: h = 2166136261; for each byte h ^= b,
// h = h * 16777619 mod 2^32), node status and get node -o wide when BIRD is not there, and one line of each
// event kind as the header of eventLine documents it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../session/load';
import type { BgpEvent } from './events';
import { bgpStatus, birdPid, ephemeralPort, eventLine, eventsText, nodeWideText, ssEntries } from './text';
import { flat } from '../../../test/support/bgp-labs';
import { perTest } from '../../../test/support/perTest';

const ROOT = join(__dirname, '../../..');
const PRESET = readFileSync(join(ROOT, 'presets/seed001-ipip.yaml'), 'utf8');
const seed001 = perTest(() => loadLab(PRESET, 'seed001.yaml').state!);

describe('ss numbers (documented hashes)', () => {
  it("bird's pid is 2000 + FNV-1a('bird:' + node) mod 2000", () => {
    expect(['k8s-master', 'k8s-node1', 'k8s-node2', 'node-01', 'node-02'].map(birdPid)).toEqual([2029, 2018, 2399, 3552, 2409]);
  });

  it('the ephemeral port is 32768 + FNV-1a(connector + ">" + listener) mod 28232, direction included', () => {
    expect(ephemeralPort('192.168.179.104', '192.168.179.102')).toBe(42383);
    expect(ephemeralPort('192.168.179.103', '192.168.179.102')).toBe(40150);
    expect(ephemeralPort('192.168.179.104', '192.168.179.103')).toBe(34572);
    expect(ephemeralPort('192.168.179.103', '192.168.179.104')).toBe(55772);
  });

  it("seed 001's mesh, every number: the lower address listens, fds by SINCE", () => {
    // k8s-master (.102, up first) listens for both; k8s-node2 (up 06:48:39) connected before k8s-node1 (06:49:37)
    expect(ssEntries(seed001(), 'k8s-master')).toEqual([
      { local: '192.168.179.102', localPort: 179, peer: '192.168.179.104', peerPort: 42383, pid: 2029, fd: 8 },
      { local: '192.168.179.102', localPort: 179, peer: '192.168.179.103', peerPort: 40150, pid: 2029, fd: 9 },
    ]);
    // k8s-node1 (.103) listens for .104 and connects to .102; both sessions came up at its own start
    expect(ssEntries(seed001(), 'k8s-node1')).toEqual([
      { local: '192.168.179.103', localPort: 179, peer: '192.168.179.104', peerPort: 34572, pid: 2018, fd: 8 },
      { local: '192.168.179.103', localPort: 40150, peer: '192.168.179.102', peerPort: 179, pid: 2018, fd: 9 },
    ]);
    expect(ssEntries(seed001(), 'k8s-node2')).toEqual([
      { local: '192.168.179.104', localPort: 42383, peer: '192.168.179.102', peerPort: 179, pid: 2399, fd: 8 },
      { local: '192.168.179.104', localPort: 34572, peer: '192.168.179.103', peerPort: 179, pid: 2399, fd: 9 },
    ]);
  });

  it('no sockets for a node that runs no BIRD, is down, or is unknown', () => {
    expect(ssEntries(flat(2, { vxlanMode: 'Always' }), 'node-01')).toEqual([]);
    expect(ssEntries(flat(2, { faults: [{ name: 'd', type: 'nodeDown', node: 'node-01' }] }), 'node-01')).toEqual([]);
    expect(ssEntries(flat(2), 'node-09')).toEqual([]);
    // the live end of a pair with a down node has no socket to it
    expect(ssEntries(flat(2, { faults: [{ name: 'd', type: 'nodeDown', node: 'node-01' }] }), 'node-02')).toEqual([]);
    // node-02 (10.0.0.12) connects to node-01, which listens
    expect(ssEntries(flat(2), 'node-02')).toEqual([{ local: '10.0.0.12', localPort: 57856, peer: '10.0.0.11', peerPort: 179, pid: 2409, fd: 8 }]);
  });

  it('sockets opened at the same moment the same way take fds in protocol order (peer hostname)', () => {
    // node-03 (10.0.0.13, highest) connects to both others, all started at once
    expect(ssEntries(flat(3), 'node-03')).toEqual([
      { local: '10.0.0.13', localPort: 46715, peer: '10.0.0.11', peerPort: 179, pid: 2790, fd: 8 },
      { local: '10.0.0.13', localPort: 54526, peer: '10.0.0.12', peerPort: 179, pid: 2790, fd: 9 },
    ]);
  });
});

describe('calicoctl node status and get node -o wide without BIRD', () => {
  it('calico-node absent, down or without an address: "Calico process is not running."', () => {
    const flannel = flat(2);
    flannel.scenario = { ...flannel.scenario, cluster: { ...flannel.scenario.cluster, cni: 'flannel' } };
    expect(bgpStatus(flannel, 'node-01')).toBe('Calico process is not running.\n');
    const noAddr = flat(2);
    noAddr.nodes = noAddr.nodes.map((n) => (n.name === 'node-01' ? { ...n, address: undefined } : n));
    expect(bgpStatus(noAddr, 'node-01')).toBe('Calico process is not running.\n');
    expect(bgpStatus(noAddr, 'node-02')).toMatch(/^Calico process is running\.\n\nIPv4 BGP status\n/);
    expect(() => bgpStatus(flat(2), 'node-09')).toThrow('no node node-09');
  });

  it('get node -o wide: the AS in parentheses when inherited, its own when set, nothing without BIRD', () => {
    const cells = (text: string) => text.trimEnd().split('\n').map((l) => l.trim().split(/\s+/));
    // a Calico Node resource without spec.bgp (labels only) inherits the AS
    const st = flat(2, { calicoNodes: [{ name: 'node-01', labels: { rack: 'a' } }, { name: 'node-02', labels: {}, bgp: { asNumber: 65002 } }] });
    expect(cells(nodeWideText(st))).toEqual([
      ['NAME', 'ASN', 'IPV4', 'IPV6'],
      ['node-01', '(64512)', '10.0.0.11/24'],
      ['node-02', '65002', '10.0.0.12/24'],
    ]);
    const vx = flat(2, { vxlanMode: 'Always' });
    expect(cells(nodeWideText(vx))).toEqual([['NAME', 'ASN', 'IPV4', 'IPV6'], ['node-01'], ['node-02']]);
  });
});

describe('event lines', () => {
  const a = { from: 'a', to: 'b', fromAddress: '10.0.0.1', toAddress: '10.0.0.2' };
  const P = ['10.244.1.0/26', '10.244.2.0/26'];

  it('one line per kind: time in seconds to the millisecond, right-aligned in 9 columns', () => {
    const lines: [BgpEvent, string][] = [
      [{ t: 2000, type: 'OPEN', ...a, as: 64512, holdTime: 240, routerId: '10.0.0.1' }, '   2.000s  OPEN          a (10.0.0.1) -> b (10.0.0.2)  AS 64512, hold 240s, id 10.0.0.1'],
      [{ t: 2000, type: 'KEEPALIVE', ...a }, '   2.000s  KEEPALIVE     a (10.0.0.1) -> b (10.0.0.2)'],
      [{ t: 1, type: 'NOTIFICATION', ...a, error: 'Cease' }, '   0.001s  NOTIFICATION  a (10.0.0.1) -> b (10.0.0.2)  Cease'],
      [{ t: 2003, type: 'UPDATE', ...a, originator: 'a', prefixes: P, nextHop: '10.0.0.1', asPath: [] }, '   2.003s  UPDATE        a -> b  10.244.1.0/26 10.244.2.0/26  next hop 10.0.0.1, AS path []'],
      [
        { t: 2050, type: 'UPDATE', ...a, originator: 'c', prefixes: P.slice(0, 1), nextHop: '10.0.0.3', asPath: [65000, 64512], originatorId: '10.0.0.3', clusterList: ['244.0.0.1', '244.0.0.2'] },
        '   2.050s  UPDATE        a -> b  10.244.1.0/26  next hop 10.0.0.3, AS path [65000 64512], originator 10.0.0.3, cluster list [244.0.0.1 244.0.0.2]',
      ],
      [{ t: 240001, type: 'WITHDRAW', ...a, originator: 'a', prefixes: P }, ' 240.001s  WITHDRAW      a -> b  10.244.1.0/26 10.244.2.0/26'],
      [
        { t: 240000, type: 'SESSION', node: 'a', nodeAddress: '10.0.0.1', peer: 'b', peerAddress: '10.0.0.2', state: 'down', reason: 'hold timer expired' },
        ' 240.000s  SESSION       a (10.0.0.1) <-> b (10.0.0.2)  down: hold timer expired',
      ],
      [{ t: 2000, type: 'SESSION', node: 'a', nodeAddress: '10.0.0.1', peer: 'b', peerAddress: '10.0.0.2', state: 'Established' }, '   2.000s  SESSION       a (10.0.0.1) <-> b (10.0.0.2)  Established'],
      [{ t: 12345, type: 'FIB', node: 'b', op: 'add', route: '10.244.1.0/26 via 10.0.0.1 dev tunl0 proto bird onlink', originator: 'a' }, '  12.345s  FIB add       b: 10.244.1.0/26 via 10.0.0.1 dev tunl0 proto bird onlink'],
      [{ t: 1234567, type: 'FIB', node: 'b', op: 'del', route: '10.244.1.0/26 via 10.0.0.1 dev tunl0 proto bird onlink', originator: 'a' }, '1234.567s  FIB del       b: 10.244.1.0/26 via 10.0.0.1 dev tunl0 proto bird onlink'],
      [{ t: 50, type: 'KEEPALIVE', ...a }, '   0.050s  KEEPALIVE     a (10.0.0.1) -> b (10.0.0.2)'],
    ];
    for (const [e, line] of lines) expect(eventLine(e)).toBe(line);
  });

  it('eventsText: every line, or the first `limit` and how many were left out', () => {
    const ev: BgpEvent[] = [
      { t: 1, type: 'NOTIFICATION', ...a, error: 'Cease' },
      { t: 2, type: 'KEEPALIVE', ...a },
    ];
    const l1 = '   0.001s  NOTIFICATION  a (10.0.0.1) -> b (10.0.0.2)  Cease\n';
    const l2 = '   0.002s  KEEPALIVE     a (10.0.0.1) -> b (10.0.0.2)\n';
    expect(eventsText(ev)).toBe(l1 + l2);
    expect(eventsText(ev, { limit: 2 })).toBe(l1 + l2);
    expect(eventsText(ev, { limit: 1 })).toBe(l1 + '... 1 more events\n');
    expect(eventsText(ev, { limit: 0 })).toBe('... 2 more events\n');
    expect(eventsText([], { limit: 0 })).toBe('no BGP changes\n');
    // any iterable, read once
    expect(eventsText(ev.values())).toBe(l1 + l2);
  });
});
