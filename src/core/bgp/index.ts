// The BGP control plane as the rest of the core sees it (see README.md for the behaviour and its sources):
//   computeBgp      sessions (ClusterState.bgp), the next hop each node learned for each originator (the FIB
//                   programs IPIP / no-encap routes only for what BGP delivered), the routes BGP routers learn;
//   sessionsOf      the sessions one node's BIRD lists, in BIRD's order;
//   bgpEvents       the messages and FIB changes that lead from one converged state to the next;
// The text (calicoctl node status / get bgpconfig / get bgppeer / get node -o wide, ss, events) is ./text.ts,
// imported from there: the control plane itself does not depend on how it is printed.

import type { ClusterState, Warning } from '../model/cluster';
import type { Route } from '../model/kernel';
import { buildModel, nextHopFn, plainMeshFn, remember, routerRoutes, type BgpInput } from './model';

export type { BgpInput } from './model';
export { sessionsOf, sessionCount } from './view';
export { filterDrops, applyFaults } from '../faults';
export { secondsOf } from './speakers';
export { bgpEvents, countEvents, type BgpEvent, type BgpEventCounts } from './events';

export interface BgpComputed {
  state: ClusterState['bgp'];
  /** next hop of the route `self` learned for prefixes originated by `from`; undefined when no Established
   *  session path delivered them */
  nextHop: (self: string, from: string) => string | undefined;
  /** `self` is in a healthy full mesh (no mesh session down, no explicit peers, nothing reflected): it learns
   *  every running mesh member's prefixes straight from it, exactly as every other such node does */
  plainMesh: (self: string) => boolean;
  /** routes each BGP-speaking router learned, keyed by namespace id (`proto bird`, kernel order) */
  routerRoutes: Map<string, Route[]>;
  warnings: Warning[];
}

export function computeBgp(input: BgpInput): BgpComputed {
  const m = buildModel(input);
  const state: ClusterState['bgp'] = {
    running: input.backend === 'bird',
    meshEnabled: m.config.meshEnabled,
    mesh: m.sessions.meshRunning.map((s) => ({ node: s.name, address: s.address, up: s.up })),
    sessions: m.sessions.views,
  };
  remember(state, m);
  return {
    state,
    nextHop: nextHopFn(m),
    plainMesh: plainMeshFn(m),
    routerRoutes: routerRoutes(m, input.netns),
    warnings: m.warnings,
  };
}

