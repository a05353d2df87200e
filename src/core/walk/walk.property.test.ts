// Property: on random small worlds assembled from the fixtures' pieces and then damaged (routes removed
// or added — loops included —, devices down, MTUs changed, namespaces down, rp_filter on), every walk
// ends with a verdict within its hop budget, hops are numbered in order on a non-decreasing clock, and
// every recorded stack adds up.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calicoIpip, calicoVxlan, flannel, noCni, r } from '../../../test/support/kernel-worlds';
import { walk } from './walk';
import { sizeProblems } from '../../../test/support/walk';
import type { NetNS, Route } from '../model/kernel';
import type { EndpointSpec, Protocol, WalkRequest } from '../model/packet';
import type { World } from './world';

const SEED = 20261123;
const RUNS = 300;
const MAX_HOPS = 400;

const bases = [
  () => noCni(),
  () => calicoIpip(),
  () => calicoIpip({ via: 26, podMtu: 1500 }),
  () => calicoVxlan({ natOutgoing: true, samePod: true }),
  () => calicoVxlan({ podMtu: 1500, caliMtu: 1450, netMtu: 1400 }),
  () => flannel({ samePod: true, ipMasq: true }),
  () => flannel({ backend: 'host-gw' }),
];

const mutation = fc.record({
  kind: fc.integer({ min: 0, max: 6 }),
  ns: fc.nat(),
  item: fc.nat(),
  value: fc.nat(),
});

function allIps(w: World): string[] {
  const ips: string[] = [];
  for (const ns of Object.values(w.netns)) for (const l of ns.links) for (const a of l.addrs) ips.push(a.ip);
  return ips;
}

/** Applies one mutation to a copy of the world (kernel state is replaced, never edited in place). */
function mutate(w: World, m: { kind: number; ns: number; item: number; value: number }): World {
  const ids = Object.keys(w.netns);
  const id = ids[m.ns % ids.length];
  const ns = w.netns[id];
  const ips = allIps(w);
  let next: NetNS = ns;
  switch (m.kind) {
    case 0: // remove a route
      if (ns.routes.length) next = { ...ns, routes: ns.routes.filter((_, i) => i !== m.item % ns.routes.length) };
      break;
    case 1: {
      // add a route towards some address, via some address, out some device: loops welcome
      const dev = ns.links[m.item % ns.links.length];
      const dst = ips[m.value % ips.length];
      const via = ips[(m.value >> 3) % ips.length];
      const types: Route['type'][] = ['unicast', 'unicast', 'unicast', 'blackhole', 'unreachable', 'prohibit'];
      const type = types[m.item % types.length];
      const prefix = [32, 24, 16, 0][m.value % 4];
      const line = type === 'unicast' ? `${dst}/${prefix} via ${via} dev ${dev.name} onlink` : `${type} ${dst}/${prefix}`;
      try {
        const route = r(line.replace(/^(\S+)\/0 /, 'default ').replace(/^(blackhole|unreachable|prohibit) (\S+)\/0$/, '$1 default'));
        next = { ...ns, routes: [route, ...ns.routes] };
      } catch {
        // a canonical-CIDR complaint: skip
      }
      break;
    }
    case 2: // a device down
      next = { ...ns, links: ns.links.map((l, i) => (i === m.item % ns.links.length ? { ...l, up: false } : l)) };
      break;
    case 3: // a device MTU changed
      next = { ...ns, links: ns.links.map((l, i) => (i === m.item % ns.links.length ? { ...l, mtu: 576 + (m.value % 8500) } : l)) };
      break;
    case 4: // the namespace down
      next = { ...ns, down: true };
      break;
    case 5: // rp_filter
      next = { ...ns, rpFilter: (m.value % 3) as 0 | 1 | 2 };
      break;
    case 6: // forwarding toggled
      next = { ...ns, forwarding: !ns.forwarding };
      break;
  }
  return { netns: { ...w.netns, [id]: next }, networks: w.networks };
}

function endpoints(w: World): EndpointSpec[] {
  const out: EndpointSpec[] = [];
  for (const ns of Object.values(w.netns)) {
    if (ns.kind === 'pod') out.push({ pod: ns.id.slice(4) });
    if (ns.kind === 'node') out.push({ node: ns.id.slice(5) });
  }
  for (const ip of allIps(w)) out.push({ ip });
  return out;
}

const scenario = fc.record({
  base: fc.integer({ min: 0, max: bases.length - 1 }),
  mutations: fc.array(mutation, { maxLength: 6 }),
  from: fc.nat(),
  to: fc.nat(),
  extraDst: fc.constantFrom(undefined, '8.8.8.8', '10.244.9.9', '192.168.2.99', '169.254.1.1'),
  protocol: fc.constantFrom<Protocol>('icmp', 'tcp', 'udp'),
  size: fc.integer({ min: 0, max: 3000 }),
  pmtudisc: fc.constantFrom<WalkRequest['pmtudisc']>('do', 'want', 'dont', undefined),
  ttl: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
  reply: fc.boolean(),
});

describe(`walk properties (fast-check seed ${SEED}, ${RUNS} runs)`, () => {
  it('every walk ends within its budget, with ordered hops and consistent sizes', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        let w = bases[s.base]();
        for (const m of s.mutations) w = mutate(w, m);
        const eps = endpoints(w);
        const from = eps[s.from % eps.length];
        const to: EndpointSpec = s.extraDst && s.to % 3 === 0 ? { ip: s.extraDst } : eps[s.to % eps.length];
        const req: WalkRequest = { from, to, protocol: s.protocol, size: s.size, pmtudisc: s.pmtudisc, ttl: s.ttl, reply: s.reply };
        const res = walk(w, req, { maxHops: MAX_HOPS });
        for (const part of [res, ...(res.reply ? [res.reply] : [])]) {
          expect(part.hops.length).toBeLessThanOrEqual(MAX_HOPS);
          expect(['delivered', 'dropped']).toContain(part.verdict.kind);
          if (part.verdict.kind === 'dropped') expect(part.verdict.reason).toBeTruthy();
          part.hops.forEach((h, i) => {
            expect(h.index).toBe(i);
            if (i > 0) expect(h.t).toBeGreaterThanOrEqual(part.hops[i - 1].t);
            expect(h.text.length).toBeGreaterThan(0);
            expect(h.why.length).toBeGreaterThan(0);
          });
        }
        expect(sizeProblems(res)).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
