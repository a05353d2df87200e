// The walk's logical clock: fixed costs in microseconds, so hop times are the same on every run and
// still show where time goes (a segment costs more than a lookup). Nothing here reads a real clock.

export const COST = {
  /** one in-host step: a route lookup, a NAT, a push or pop of headers, a delivery */
  step: 1,
  /** a frame crossing a veth pair */
  veth: 2,
  /** a frame crossing an L2 segment (switch and cable) */
  segment: 50,
} as const;

/** An ARP exchange costs a request and a reply on the medium. */
export function arpCost(medium: 'veth' | 'segment'): number {
  return 2 * COST[medium];
}
