// sessionSummary: the cluster's BGP sessions counted without listing a mesh one session at a time.
// Hand counts on small labs, and on every preset the same numbers as listing every node's sessions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../model/cluster';
import { sessionsOf } from './view';
import { sessionSummary } from './view';
import { flat, reflector, reflectorPeer } from '../../../test/support/bgp-labs';
import { presetNames, ROOT } from '../../../test/support/golden';
import { openText } from '../session/session';

const summary = (st: ClusterState) => sessionSummary(st, st.nodes.map((n) => n.name), new Set(st.nodes.filter((n) => n.routeReflectorClusterID).map((n) => n.name)));

describe('BGP sessions counted, not listed', () => {
  it('a 4-node mesh with node-03 down: its three sessions are not Established, the other three are', () => {
    const st = flat(4, { faults: [{ name: 'n3', type: 'nodeDown', node: 'node-03' }] });
    // node-01 and node-02 listen (Passive) for node-03, node-04 dials it (Active): the worse side of each pair
    expect(summary(st)).toEqual({ configured: 6, established: 3, kinds: [{ kind: 'mesh', sessions: 6, byState: { Established: 3, Passive: 2, Active: 1 } }] });
  });

  it('a 60-node mesh is 60·59/2 = 1,770 Established sessions', () => {
    expect(summary(flat(60))).toEqual({ configured: 1770, established: 1770, kinds: [{ kind: 'mesh', sessions: 1770, byState: { Established: 1770 } }] });
  });

  it('four clients of one reflector, mesh off: four reflector sessions', () => {
    const st = flat(5, { mesh: false, calicoNodes: [reflector('node-05', '244.0.0.1', '10.0.0.15/24')], peers: [reflectorPeer] });
    expect(summary(st)).toEqual({ configured: 4, established: 4, kinds: [{ kind: 'reflector', sessions: 4, byState: { Established: 4 } }] });
  });

  it('on every preset, the same counts as every node’s session list (pairs merged, worse side kept)', () => {
    const RANK = { up: 0, start: 1, down: 2 };
    for (const name of presetNames()) {
      const st = openText(readFileSync(`${ROOT}/presets/${name}.yaml`, 'utf8'), `${name}.yaml`).session!.state;
      const rr = new Set(st.nodes.filter((n) => n.routeReflectorClusterID).map((n) => n.name));
      const pairs = new Map<string, { kind: string; rank: number; info: string }>();
      let views = 0;
      for (const n of st.nodes)
        for (const s of sessionsOf(st, n.name)) {
          if (s.info === 'Established') views++;
          const mesh = s.peerType === 'node-to-node mesh';
          const [a, b] = s.node < s.peerName ? [s.node, s.peerName] : [s.peerName, s.node];
          const key = `${mesh}|${a}|${b}`;
          const p = pairs.get(key);
          if (!p || RANK[s.state] > p.rank) pairs.set(key, { kind: mesh ? 'mesh' : rr.has(a) || rr.has(b) ? 'reflector' : 'peer', rank: RANK[s.state], info: s.info });
        }
      const kinds: Record<string, Record<string, number>> = {};
      for (const p of pairs.values()) (kinds[p.kind] ??= {})[p.info] = (kinds[p.kind]?.[p.info] ?? 0) + 1;
      const got = summary(st);
      expect({ name, established: got.established, kinds: Object.fromEntries(got.kinds.map((k) => [k.kind, k.byState])) }).toEqual({ name, established: views / 2, kinds });
      for (const k of got.kinds) expect(k.sessions).toBe(Object.values(k.byState).reduce((x, y) => x + y, 0));
    }
  });
});
