// sessionsOf / sessionCount on hand-built BGP states (the counts worked out by hand).
import { describe, expect, it } from 'vitest';
import type { BgpSession, ClusterState } from '../model/cluster';
import { sessionCount, sessionsOf } from './view';

const session = (node: string, peerName: string, peerAddress: string, p: Partial<BgpSession> = {}): BgpSession => ({
  node,
  peerAddress,
  peerName,
  peerType: 'node specific',
  state: 'up',
  info: 'Established',
  passive: false,
  since: 0,
  ...p,
});
const state = (bgp: Partial<ClusterState['bgp']>): Pick<ClusterState, 'bgp'> => ({ bgp: { running: true, meshEnabled: true, mesh: [], sessions: [], ...bgp } });
const MEMBERS = [
  { node: 'n1', address: '10.0.0.11', up: 0 },
  { node: 'n2', address: '10.0.0.12', up: 5 },
];

describe('BGP sessions from the state', () => {
  it('derives Established mesh sessions only while the mesh is on', () => {
    const on = sessionsOf(state({ mesh: MEMBERS }), 'n1');
    expect(on.map((s) => `${s.peerName} ${s.info} passive=${s.passive} since=${s.since}`)).toEqual(['n2 Established passive=true since=5']);
    expect(sessionsOf(state({ mesh: MEMBERS, meshEnabled: false }), 'n1')).toEqual([]);
    expect(sessionsOf(state({ mesh: MEMBERS }), 'n3')).toEqual([]);
  });

  it('counts each pair once per kind: the running mesh, a stored mesh session, and a BGPPeer session between mesh members', () => {
    const peers = [session('n1', 'n2', '10.0.0.12'), session('n2', 'n1', '10.0.0.11')];
    // mesh n1–n2 (derived) + the BGPPeer pair n1–n2, seen from both ends once
    expect(sessionCount(state({ mesh: MEMBERS, sessions: peers }))).toBe(2);
    // n3 is down: its mesh session from n1 is stored (not derived), and a BGPPeer one to it too
    const down = [session('n1', 'n3', '10.0.0.13', { peerType: 'node-to-node mesh', state: 'start', info: 'Connect' }), session('n1', 'n3', '10.0.0.13')];
    expect(sessionCount(state({ mesh: MEMBERS, sessions: down }))).toBe(3);
  });
});
