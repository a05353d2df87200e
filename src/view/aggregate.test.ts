// A big cluster's picture in node groups (issue 13 point 2). The expected counts are worked out by hand
// from how bench/generate.ts lays a cluster out: 60 nodes on 2 racks of 30 (node-1…30 on rack-1 from
// 10.1.0.10, node-31…60 on rack-2 from 10.2.0.10), 3 pods each, Calico IPIP Always, one /26 block per node.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../../bench/generate';
import { buildCluster } from '../core/resolve';
import { loadLab } from '../core/session/load';
import { setRouteReflectors } from '../core/session/edits';
import { buildTopoModel } from './model';
import { AGGREGATE_ABOVE, coveringCidr, runSizes } from './aggregate';
import { computeLayout } from './layout';
import { messagePath } from './convergence';
import { ipToNum } from '../core/util/ipv4';
import type { ClusterState } from '../core/model/cluster';

const cluster = (nodes: number, podsPerNode: number, racks = 2) => buildCluster(generateCluster({ nodes, podsPerNode, ipipMode: 'Always', racks }));
const podNs = (st: ClusterState, name: string) => st.pods.find((p) => p.name === name)!.ns;
/** pod namespaces a lazy state has built so far (an unread one is still a getter) */
const builtPodNs = (st: ClusterState) => Object.keys(st.netns).filter((id) => id.startsWith('pod/') && !Object.getOwnPropertyDescriptor(st.netns, id)!.get).length;

describe('node groups', () => {
  it('cuts a segment into nearly equal runs of at most 25 nodes', () => {
    expect(runSizes(25)).toEqual([25]);
    expect(runSizes(26)).toEqual([13, 13]);
    expect(runSizes(30)).toEqual([15, 15]);
    expect(runSizes(1000)).toEqual(Array(40).fill(25));
    expect(runSizes(51)).toEqual([17, 17, 17]);
  });

  it('finds the smallest CIDR holding a range', () => {
    expect(coveringCidr(ipToNum('10.128.0.0'), ipToNum('10.128.0.63'))).toBe('10.128.0.0/26');
    expect(coveringCidr(ipToNum('10.128.0.0'), ipToNum('10.128.1.63'))).toBe('10.128.0.0/23');
    expect(coveringCidr(ipToNum('10.0.0.0'), ipToNum('11.0.0.0'))).toBe('10.0.0.0/7');
  });

  it('draws a small cluster as before: no groups at or under the threshold', () => {
    expect(AGGREGATE_ABOVE).toBe(40);
    const m = buildTopoModel(cluster(40, 1, 1));
    expect(m.groups).toBeUndefined();
    expect(m.nodes).toHaveLength(40);
    const { state } = loadLab(readFileSync('presets/seed000-ipip.yaml', 'utf8'), 'seed000-ipip');
    expect(buildTopoModel(state!).groups).toBeUndefined();
  });

  it('counts each group of a 60-node, 2-rack cluster', () => {
    const st = cluster(60, 3);
    const m = buildTopoModel(st);
    expect(m.totals).toEqual({ nodes: 60, pods: 180 });
    expect(m.nodes).toEqual([]);
    expect(m.groups!.map((g) => g.id)).toEqual(['group:rack-1:1', 'group:rack-1:2', 'group:rack-2:1', 'group:rack-2:2']);
    const [a, b, c, d] = m.groups!;
    expect(a.members).toEqual(Array.from({ length: 15 }, (_, i) => `node-${i + 1}`));
    expect(d.members[0]).toBe('node-46');
    expect(d.members[14]).toBe('node-60');
    expect([a, b, c, d].map((g) => [g.network, g.members.length, g.pods, g.blocks])).toEqual([
      ['rack-1', 15, 45, 15],
      ['rack-1', 15, 45, 15],
      ['rack-2', 15, 45, 15],
      ['rack-2', 15, 45, 15],
    ]);
    expect([a.addrFirst, a.addrLast, b.addrFirst, c.addrFirst, d.addrLast]).toEqual(['10.1.0.10', '10.1.0.24', '10.1.0.25', '10.2.0.10', '10.2.0.39']);
    expect(a.blockPrefixes).toEqual([26]);
    expect(a.devices).toEqual([{ name: 'tunl0', kind: 'ipip', count: 15 }]);
    expect(a.networks).toEqual(['rack-1']);
    expect(a.components).toEqual([
      { name: 'calico-node', ready: 15, total: 15 },
      { name: 'kube-proxy', ready: 15, total: 15 },
    ]);
    expect([a.open, a.shown, a.reflectors, a.down]).toEqual([false, [], 0, 0]);
    // every block of the group lies in its range
    expect(a.blockRange).toMatch(/^10\.12[89]\.|^10\.1[3-4]\d\./);
    // the mesh among 4 groups: one line per pair of groups, 15 × 15 sessions each, all Established
    expect(m.sessions.map((s) => [s.a, s.b, s.kind, s.count, s.up, s.state])).toEqual([
      ['group:rack-1:1', 'group:rack-1:2', 'mesh', 225, 225, 'up'],
      ['group:rack-1:1', 'group:rack-2:1', 'mesh', 225, 225, 'up'],
      ['group:rack-1:1', 'group:rack-2:2', 'mesh', 225, 225, 'up'],
      ['group:rack-1:2', 'group:rack-2:1', 'mesh', 225, 225, 'up'],
      ['group:rack-1:2', 'group:rack-2:2', 'mesh', 225, 225, 'up'],
      ['group:rack-2:1', 'group:rack-2:2', 'mesh', 225, 225, 'up'],
    ]);
    expect(m.hiddenSessions).toBe(0);
    // nothing read a pod namespace
    expect(builtPodNs(st)).toBe(0);
  });

  it('keeps the endpoints as real cards after their groups, and opens a group into its cards', () => {
    const st = cluster(60, 3);
    const keep = new Set([podNs(st, 'pod-3-1'), podNs(st, 'pod-50-2')]);
    const m = buildTopoModel(st, { keepPods: keep, maxPods: 6 });
    expect(m.nodes.map((n) => [n.name, n.group])).toEqual([
      ['node-3', 'group:rack-1:1'],
      ['node-50', 'group:rack-2:2'],
    ]);
    expect(m.nodes[0].pods.map((p) => p.name)).toEqual(['pod-3-1', 'pod-3-2', 'pod-3-3']);
    expect(m.groups!.map((g) => g.shown)).toEqual([['node-3'], [], [], ['node-50']]);
    // a node given by its own namespace is a card too
    expect(buildTopoModel(st, { keepPods: new Set(['node/node-20']) }).nodes.map((n) => n.name)).toEqual(['node-20']);

    const open = buildTopoModel(st, { keepPods: keep, openGroups: new Set(['group:rack-2:1']) });
    expect(open.nodes.map((n) => n.name)).toEqual(['node-3', ...Array.from({ length: 15 }, (_, i) => `node-${31 + i}`), 'node-50']);
    expect(open.groups![2]).toMatchObject({ open: true, shown: open.groups![2].members });
    // the layout: an opened group starts its row, its members follow it, the next group starts a new row
    const l = computeLayout(open, { aspect: 2 });
    const g = l.groups.get('group:rack-2:1')!;
    expect(g.x).toBe(l.groups.get('group:rack-1:1')!.x);
    expect(l.nodes.get('node-31')!.row).toBe(g.row);
    expect(l.groups.get('group:rack-2:2')!.x).toBe(g.x);
    expect(l.groups.get('group:rack-2:2')!.row).toBeGreaterThan(l.nodes.get('node-45')!.row);
    // the endpoints' cards anchor the packet
    expect(l.anchors.get(podNs(st, 'pod-50-2'))).toBeDefined();
    expect(l.anchors.get('node/node-50|eth0')).toBeDefined();
    expect(builtPodNs(st)).toBe(0);
  });

  it('sends a BGP message dot between the group cards of nodes drawn without a card', () => {
    const st = cluster(60, 1);
    const l = computeLayout(buildTopoModel(st, { keepPods: new Set(['node/node-50']) }), { aspect: 2 });
    expect(l.inGroup.get('node-20')).toBe('group:rack-1:2');
    expect(l.inGroup.has('node-50')).toBe(false);
    const path = messagePath(l, 'node-20', 'node-50')!;
    const g = l.groups.get('group:rack-1:2')!;
    const card = l.nodes.get('node-50')!;
    expect(path[0]).toEqual({ x: g.x + g.w / 2, y: g.y });
    expect(path[path.length - 1]).toEqual({ x: card.x + card.w / 2, y: card.y });
  });

  it('is plain data: a structured clone is equal to it', () => {
    const st = cluster(60, 3);
    const m = buildTopoModel(st, { keepPods: new Set([podNs(st, 'pod-3-1')]) });
    expect(structuredClone(m)).toEqual(m);
  });

  it('sums reflector sessions per group and reflector card', () => {
    const base = generateCluster({ nodes: 60, podsPerNode: 1, ipipMode: 'Always', racks: 2 });
    const st = buildCluster(setRouteReflectors(['node-1', 'node-31']).apply(base));
    const m = buildTopoModel(st);
    // reflectors are cards; each of the 58 clients peers with both (116), and the two with each other
    expect(m.nodes.map((n) => [n.name, n.reflector, n.group])).toEqual([
      ['node-1', true, 'group:rack-1:1'],
      ['node-31', true, 'group:rack-2:1'],
    ]);
    expect(m.groups!.map((g) => g.reflectors)).toEqual([1, 0, 1, 0]);
    expect(m.sessions.map((s) => [s.a, s.b, s.kind, s.count])).toEqual([
      ['group:rack-1:1', 'node-1', 'reflector', 14],
      ['group:rack-1:1', 'node-31', 'reflector', 14],
      ['group:rack-1:2', 'node-1', 'reflector', 15],
      ['group:rack-1:2', 'node-31', 'reflector', 15],
      ['group:rack-2:1', 'node-1', 'reflector', 14],
      ['group:rack-2:1', 'node-31', 'reflector', 14],
      ['group:rack-2:2', 'node-1', 'reflector', 15],
      ['group:rack-2:2', 'node-31', 'reflector', 15],
      ['node-1', 'node-31', 'reflector', 1],
    ]);
    expect(m.sessions.reduce((n, s) => n + s.count!, 0)).toBe(117);
    expect(m.sessions.every((s) => s.up === s.count && s.state === 'up')).toBe(true);
    expect(m.hiddenSessions).toBe(0);
  });

  it('sums node-to-router peerings per group', () => {
    const base = generateCluster({ nodes: 60, podsPerNode: 1, ipipMode: 'Always', racks: 2 });
    base.topology.routers[0].bgp = { asNumber: 65001 };
    base.bgpPeers.push({ name: 'rack-1-tor', nodeSelector: "rack == 'x'", peerIP: '10.1.0.1', asNumber: 65001 });
    // every node of rack-1 (30) peers with the router's rack-1 address
    for (const n of base.topology.nodes.slice(0, 30)) n.labels.rack = 'x';
    const st = buildCluster(base);
    const m = buildTopoModel(st);
    const tor = m.sessions.filter((s) => s.b === 'tor' || s.a === 'tor');
    expect(tor.map((s) => [s.a, s.b, s.kind, s.count])).toEqual([
      ['group:rack-1:1', 'tor', 'peer', 15],
      ['group:rack-1:2', 'tor', 'peer', 15],
    ]);
    expect(tor.every((s) => s.up === s.count)).toBe(true);
  });

  it('counts the sessions of a node that is down as not up, on its group lines and in the note', () => {
    const base = generateCluster({ nodes: 60, podsPerNode: 1, ipipMode: 'Always', racks: 2 });
    base.faults.push({ name: 'off', type: 'nodeDown', node: 'node-5' });
    const m = buildTopoModel(buildCluster(base));
    expect(m.groups!.map((g) => g.down)).toEqual([1, 0, 0, 0]);
    // node-5 (group rack-1:1) has no session to any of the 15 nodes of each other group
    const lines = m.sessions.map((s) => [s.a, s.b, s.count, s.up, s.state === 'up']);
    expect(lines).toEqual([
      ['group:rack-1:1', 'group:rack-1:2', 225, 210, false],
      ['group:rack-1:1', 'group:rack-2:1', 225, 210, false],
      ['group:rack-1:1', 'group:rack-2:2', 225, 210, false],
      ['group:rack-1:2', 'group:rack-2:1', 225, 225, true],
      ['group:rack-1:2', 'group:rack-2:2', 225, 225, true],
      ['group:rack-2:1', 'group:rack-2:2', 225, 225, true],
    ]);
    // more groups than are drawn: the note counts node-5's 59 sessions as not Established
    const big = generateCluster({ nodes: 200, podsPerNode: 1, ipipMode: 'Always' });
    big.faults.push({ name: 'off', type: 'nodeDown', node: 'node-5' });
    const mb = buildTopoModel(buildCluster(big));
    expect([mb.sessions.length, mb.hiddenSessions, mb.hiddenNotUp]).toEqual([0, 19900, 199]);
  });

  it('counts a big mesh in the note instead of drawing lines', () => {
    const st = cluster(200, 1, 1);
    const m = buildTopoModel(st);
    expect(m.groups).toHaveLength(8);
    expect(m.sessions).toEqual([]);
    expect(m.hiddenSessions).toBe((200 * 199) / 2);
    expect(m.hiddenNotUp).toBe(0);
  });
});
