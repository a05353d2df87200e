import { describe, expect, it } from 'vitest';
import type { NetNS, Route } from './kernel';
import { defineLazyField, defineLazyNs, hostNamespaces } from './lazyNs';
import { buildCluster } from '../resolve';
import { walk } from '../walk';
import { worldOf } from '../tools';
import { generateCluster } from '../../../bench/generate';

const ns = (id: string, kind: NetNS['kind']): NetNS => ({ id, kind, name: id.split('/').slice(1).join('/'), links: [], routes: [], neigh: [], fdb: [], forwarding: kind !== 'pod' });

describe('lazy namespace entries', () => {
  it('builds an entry once, on first read, and keeps its identity and key position', () => {
    const netns: Record<string, NetNS> = {};
    netns['node/a'] = ns('node/a', 'node');
    let builds = 0;
    defineLazyNs(netns, 'pod/default/web', () => {
      builds++;
      return ns('pod/default/web', 'pod');
    });
    netns['router/r1'] = ns('router/r1', 'router');
    expect(builds).toBe(0);
    expect('pod/default/web' in netns).toBe(true);
    expect(Object.keys(netns)).toEqual(['node/a', 'pod/default/web', 'router/r1']);
    expect(builds).toBe(0);
    const first = netns['pod/default/web'];
    expect(first.kind).toBe('pod');
    expect(netns['pod/default/web']).toBe(first);
    expect(builds).toBe(1);
    expect(Object.keys(netns)).toEqual(['node/a', 'pod/default/web', 'router/r1']);
  });

  it('is an ordinary property to JSON, spreading and assignment', () => {
    const netns: Record<string, NetNS> = {};
    defineLazyNs(netns, 'pod/x/y', () => ns('pod/x/y', 'pod'));
    expect(JSON.parse(JSON.stringify(netns))['pod/x/y'].name).toBe('x/y');
    const other: Record<string, NetNS> = {};
    defineLazyNs(other, 'pod/x/y', () => ns('pod/x/y', 'pod'));
    const copy = { ...other };
    expect(Object.getOwnPropertyDescriptor(copy, 'pod/x/y')?.value.id).toBe('pod/x/y');
    const replaced = ns('pod/x/y', 'pod');
    const third: Record<string, NetNS> = {};
    defineLazyNs(third, 'pod/x/y', () => {
      throw new Error('must not be built when overwritten');
    });
    third['pod/x/y'] = replaced;
    expect(third['pod/x/y']).toBe(replaced);
  });

  it('hands the builder its argument', () => {
    const netns: Record<string, NetNS> = {};
    defineLazyNs(netns, 'pod/x/y', (name: string) => ns(`pod/${name}`, 'pod'), 'x/y');
    expect(netns['pod/x/y'].name).toBe('x/y');
  });

  it('lists node and router namespaces without building pod ones', () => {
    const netns: Record<string, NetNS> = {};
    netns['node/a'] = ns('node/a', 'node');
    defineLazyNs(netns, 'pod/default/web', () => {
      throw new Error('a pod namespace was built');
    });
    netns['router/r1'] = ns('router/r1', 'router');
    expect(hostNamespaces(netns).map((n) => n.id)).toEqual(['node/a', 'router/r1']);
  });
});

const blackhole = (): Route[] => [{ type: 'blackhole', dst: '10.0.0.0/26', proto: 12, scope: 'universe', owner: 'bird' }];

describe('lazy fields', () => {
  it('makes the field once, on first read, in the key position it already had', () => {
    const n = ns('node/a', 'node');
    let builds = 0;
    defineLazyField(n, 'routes', () => {
      builds++;
      return blackhole();
    });
    expect(builds).toBe(0);
    expect(Object.keys(n)).toEqual(['id', 'kind', 'name', 'links', 'routes', 'neigh', 'fdb', 'forwarding']);
    const first = n.routes;
    expect(first).toHaveLength(1);
    expect(n.routes).toBe(first);
    expect(builds).toBe(1);
    expect(Object.getOwnPropertyDescriptor(n, 'routes')?.value).toBe(first);
  });

  it('is an ordinary field to structuredClone, JSON, spreading and assignment', () => {
    const make = () => {
      const n = ns('node/a', 'node');
      defineLazyField(n, 'routes', blackhole);
      return n;
    };
    const eager = { ...ns('node/a', 'node'), routes: blackhole() };
    expect(structuredClone(make())).toStrictEqual(eager);
    expect(JSON.stringify(make())).toBe(JSON.stringify(eager));
    expect(Object.getOwnPropertyDescriptor({ ...make() }, 'routes')?.value).toEqual(eager.routes);
    const n = ns('node/a', 'node');
    defineLazyField(n, 'routes', () => {
      throw new Error('must not be built when overwritten');
    });
    n.routes = [];
    expect(n.routes).toEqual([]);
  });
});

describe('a built cluster', () => {
  it('makes pod namespaces on demand: a pod-to-pod walk builds only the two pods it joins', () => {
    const state = buildCluster(generateCluster({ nodes: 4, podsPerNode: 3, ipipMode: 'Always' }));
    const built = () => Object.keys(state.netns).filter((id) => id.startsWith('pod/') && !Object.getOwnPropertyDescriptor(state.netns, id)?.get);
    expect(Object.keys(state.netns).filter((id) => id.startsWith('pod/'))).toHaveLength(12);
    expect(built()).toEqual([]);
    const r = walk(worldOf(state), { from: { pod: 'default/pod-1-1' }, to: { pod: 'default/pod-3-2' }, protocol: 'icmp' });
    expect(r.verdict.kind).toBe('delivered');
    expect(built().sort()).toEqual(['pod/default/pod-1-1', 'pod/default/pod-3-2']);
  });

  it("makes a node's main table on demand: a walk between two nodes builds only their tables", () => {
    const state = buildCluster(generateCluster({ nodes: 4, podsPerNode: 3, ipipMode: 'Always' }));
    const tables = () => state.nodes.filter((n) => !Object.getOwnPropertyDescriptor(state.netns[n.ns], 'routes')?.get).map((n) => n.name);
    expect(tables()).toEqual([]);
    walk(worldOf(state), { from: { pod: 'default/pod-1-1' }, to: { pod: 'default/pod-3-2' }, protocol: 'icmp' });
    expect(tables().sort()).toEqual(['node-1', 'node-3']);
    // read, a table is the one an eager build gives: JSON round trip and structuredClone agree with it
    const all = structuredClone(state.netns);
    expect(JSON.parse(JSON.stringify(state.netns))).toEqual(all);
    // default + connected, its blackhole, its 3 pods' /32s, the 3 other nodes' blocks
    const table = all['node/node-2'].routes;
    expect(table).toHaveLength(9);
    expect(table.filter((r) => r.type === 'blackhole')).toHaveLength(1);
    expect(table.filter((r) => r.dev === 'tunl0')).toHaveLength(3);
    const ip = state.pods.find((p) => p.name === 'pod-2-1')!.ip;
    expect(table.find((r) => r.dst === `${ip}/32`)?.dev).toMatch(/^cali[0-9a-f]{11}$/);
  });
});
