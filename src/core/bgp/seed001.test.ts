// Seed 001 step by step, from presets/seed001-ipip.yaml through the parser: the mesh, the mesh switched off,
// then route reflection through k8s-node2 — the seed's calicoctl tables and ss lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../session/load';
import type { ClusterState } from '../model/cluster';
import { bgpEvents, countEvents, sessionsOf } from './index';
import { bgpConfigText, bgpPeerText, bgpStatus, eventsText, nodeWideText, ssEntries, ssText } from './text';
import { ipRoute } from '../render';
import { perTest } from '../../../test/support/perTest';

const ROOT = join(__dirname, '../../..');
const fixture = (name: string) => readFileSync(join(ROOT, 'test/fixtures/seed-output', name), 'utf8');
const PRESET = readFileSync(join(ROOT, 'presets/seed001-ipip.yaml'), 'utf8');

const MESH_OFF = `
---
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata:
  name: default
spec:
  logSeverityScreen: Info
  nodeToNodeMeshEnabled: false
  asNumber: 64512
`;

// kubectl label node k8s-node2 route-reflector=true; its Node gets routeReflectorClusterID; the BGPPeer.
const REFLECTOR = `
---
apiVersion: projectcalico.org/v3
kind: Node
metadata:
  name: k8s-node2
  labels:
    route-reflector: "true"
spec:
  bgp:
    ipv4Address: 192.168.179.104/24
    routeReflectorClusterID: 244.0.0.1
---
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata:
  name: peer-with-route-reflectors
spec:
  nodeSelector: all()
  peerSelector: route-reflector == 'true'
`;

function lab(text: string, prev?: ClusterState): ClusterState {
  const r = loadLab(text, 'seed001.yaml', prev);
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return r.state!;
}

/** The seed's ss lines with the numbers only that machine could know (bird's pid, ephemeral ports) blanked. */
const blank = (s: string) =>
  s.replace(/pid=\d+/g, 'pid=P').replace(/:(?!179 )(\d{4,5})( +)/g, (_m, port: string, sp: string) => `:EPH${' '.repeat(port.length - 3 + sp.length)}`);

const mesh = perTest(() => lab(PRESET));
const off = perTest(() => lab(PRESET + MESH_OFF, mesh()));
// The reflector step happened at 08:18:00 (the seed's SINCE): the lab's clock starts there, the nodes keep
// their earlier start times.
const rrText = PRESET.replace('clockStart: "06:47:50"', 'clockStart: "08:18:00"') + MESH_OFF + REFLECTOR;
const rr = perTest(() => lab(rrText, off()));

describe('seed 001: the node-to-node mesh', () => {
  it("prints k8s-master's calicoctl node status", () => {
    expect(bgpStatus(mesh(), 'k8s-master')).toBe(fixture('001_node_status_mesh.txt') + '\n');
  });

  it('prints the ss lines of all three nodes: the lower address holds 179, fds in the order sessions came up', () => {
    expect(blank(ssText(mesh(), 'k8s-master'))).toBe(blank(fixture('001_ss_master.txt')));
    expect(blank(ssText(mesh(), 'k8s-node1'))).toBe(blank(fixture('001_ss_node1.txt')));
    expect(blank(ssText(mesh(), 'k8s-node2'))).toBe(blank(fixture('001_ss_node2.txt')));
  });

  it('uses one ephemeral port per connection on both ends, one bird pid per node, ports in 32768–60999', () => {
    const m = ssEntries(mesh(), 'k8s-master');
    const n2 = ssEntries(mesh(), 'k8s-node2');
    expect(m[0]).toMatchObject({ local: '192.168.179.102', localPort: 179, peer: '192.168.179.104' });
    expect(n2[0]).toMatchObject({ local: '192.168.179.104', peer: '192.168.179.102', peerPort: 179, localPort: m[0].peerPort });
    for (const e of [...m, ...n2]) expect(Math.max(e.localPort, e.peerPort)).toBeGreaterThanOrEqual(32768);
    for (const e of [...m, ...n2]) expect(Math.max(e.localPort, e.peerPort)).toBeLessThanOrEqual(60999);
    expect(new Set(m.map((e) => e.pid)).size).toBe(1);
    expect(m[0].pid).not.toBe(n2[0].pid);
  });

  it('prints calicoctl get node -o wide (AS inherited) and an empty get bgpconfig', () => {
    const got = nodeWideText(mesh()).split('\n');
    const want = fixture('001_get_node_wide.txt').replace(/\n$/, '').split('\n');
    expect(got.slice(0, 3)).toEqual(want.slice(0, 3));
    expect(got[3].startsWith(want[3])).toBe(true);
    expect(bgpConfigText(mesh())).toBe(fixture('001_get_bgpconfig_empty.txt') + '\n');
  });
});

describe('seed 001: mesh off (BGPConfiguration default, nodeToNodeMeshEnabled: false)', () => {
  it('prints get bgpconfig and "No IPv4 peers found."', () => {
    expect(bgpConfigText(off()).split('\n').slice(0, 2).map((l) => l.trimEnd())).toEqual(fixture('001_get_bgpconfig.txt').split('\n').slice(0, 2).map((l) => l.trimEnd()));
    expect(bgpStatus(off(), 'k8s-master')).toBe(fixture('001_node_status_no_peers.txt') + '\n');
    expect(ssText(off(), 'k8s-master')).toBe('');
  });

  it('drops the remote blocks from every FIB (the seed\'s ping hangs)', () => {
    for (const n of off().nodes) expect(ipRoute(off().netns[n.ns])).not.toContain('proto bird onlink');
  });

  it('tells it as NOTIFICATION Cease and FIB deletions at once', () => {
    const ev = [...bgpEvents(mesh(), off())];
    const c = countEvents(ev);
    expect(c).toMatchObject({ NOTIFICATION: 3, SESSION: 3, FIB: 6, UPDATE: 0, WITHDRAW: 0, OPEN: 0 });
    expect(ev.every((e) => e.t === 1)).toBe(true);
    expect(ev.filter((e) => e.type === 'FIB').every((e) => e.type === 'FIB' && e.op === 'del')).toBe(true);
  });
});

describe('seed 001: route reflector k8s-node2 (cluster ID 244.0.0.1)', () => {
  it("prints k8s-master's node status: one node specific peer, Established", () => {
    expect(bgpStatus(rr(), 'k8s-master')).toBe(fixture('001_node_status_rr.txt') + '\n');
    expect(sessionsOf(rr(), 'k8s-node2').map((s) => `${s.peerAddress} ${s.peerType} ${s.info} ${s.rrClient}`)).toEqual([
      '192.168.179.102 node specific Established true',
      '192.168.179.103 node specific Established true',
    ]);
  });

  it('prints get bgppeer', () => {
    const got = bgpPeerText(rr()).split('\n');
    const want = fixture('001_get_bgppeer.txt').replace(/\n$/, '').split('\n');
    expect(got[0]).toBe(want[0]);
    expect(got[1].startsWith(want[1].trimEnd())).toBe(true);
  });

  it("prints the seed's ss lines: k8s-master listens, k8s-node2 accepted k8s-node1 (fd 8) then connected to k8s-master (fd 9)", () => {
    expect(blank(ssText(rr(), 'k8s-master'))).toBe(blank(fixture('001_ss_master_rr.txt')));
    expect(blank(ssText(rr(), 'k8s-node2'))).toBe(blank(fixture('001_ss_node2_rr.txt')));
  });

  it('brings the routes back through the reflector, next hop unchanged', () => {
    const out = ipRoute(rr().netns['node/k8s-master']);
    for (const n of ['k8s-node1', 'k8s-node2']) {
      const node = rr().nodes.find((x) => x.name === n)!;
      expect(out).toContain(`${node.blocks[0]} via ${node.address!.ip} dev tunl0 proto bird onlink \n`);
    }
  });

  it('tells the switch: reflector sessions open after the connect delay, updates reflected with a cluster list', () => {
    const ev = [...bgpEvents(off(), rr())];
    expect(countEvents(ev)).toMatchObject({ OPEN: 4, KEEPALIVE: 4, SESSION: 2, UPDATE: 6, FIB: 6, NOTIFICATION: 0 });
    const times = ev.map((e) => e.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const reflected = ev.filter((e) => e.type === 'UPDATE' && e.clusterList);
    expect(reflected.map((e) => e.type === 'UPDATE' && `${e.from}->${e.to} ${e.clusterList!.join()} ${e.originatorId}`)).toEqual([
      'k8s-node2->k8s-node1 244.0.0.1 192.168.179.102',
      'k8s-node2->k8s-master 244.0.0.1 192.168.179.103',
    ]);
    expect(eventsText(ev, { limit: 2 })).toBe(
      '   2.000s  OPEN          k8s-node2 (192.168.179.104) -> k8s-master (192.168.179.102)  AS 64512, hold 240s, id 192.168.179.104\n' +
        '   2.000s  OPEN          k8s-master (192.168.179.102) -> k8s-node2 (192.168.179.104)  AS 64512, hold 240s, id 192.168.179.102\n' +
        '... 20 more events\n',
    );
  });
});
