// core/walk: the packet walk — Linux's forwarding rules applied to whatever kernel state exists.
export type { World, WorldIndex, NsIndex, Segment, Member } from './world';
export { worldIndex, nsIndex } from './world';
export { walk, DEFAULT_MAX_HOPS, type WalkOptions } from './walk';
export { traceroute, type TracerouteHop, type TracerouteResult, type TracerouteOptions } from './traceroute';
export type { WalkHooks, HookContext, HookVerdict, HookPoint } from './hooks';
export { fibLookup, inetSelectAddr, routeSource, routeLine, type FibResult } from './fib';
export { stackLength, headerLength, sizesConsistent } from './headers';
export { summarize } from './text';
export { COST } from './clock';
export { servicePath, type ServiceStage, type ServiceStageRole } from './servicePath';
