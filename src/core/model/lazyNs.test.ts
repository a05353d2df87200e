import { describe, expect, it } from 'vitest';
import type { NetNS } from './kernel';
import { defineLazyNs, hostNamespaces } from './lazyNs';
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
});
