import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FdbEntry, NeighEntry, NetNS } from '../model/kernel';
import { bridgeFdb, ipNeigh } from './neigh';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/seed-output/${name}`, import.meta.url), 'utf8');
const trimLines = (s: string) => s.split('\n').map((l) => l.trimEnd()).join('\n');
const netns = (neigh: NeighEntry[], fdb: FdbEntry[] = []): NetNS => ({
  id: 'node/node2',
  kind: 'node',
  name: 'node2',
  links: [],
  routes: [],
  neigh,
  fdb,
  forwarding: true,
});

describe('ip neigh', () => {
  // seed 002: node2's flannel.1 neighbours (flanneld's PERMANENT entries plus FAILED leftovers)
  const ns = netns([
    { ip: '10.244.1.0', dev: 'flannel.1', lladdr: '76:64:2c:29:12:07', state: 'PERMANENT' },
    { ip: '35.232.111.17', dev: 'flannel.1', state: 'FAILED' },
    { ip: '35.224.170.84', dev: 'flannel.1', state: 'FAILED' },
    { ip: '10.244.0.0', dev: 'flannel.1', lladdr: 'f6:0c:38:3a:f7:a9', state: 'PERMANENT' },
    { ip: '34.122.121.32', dev: 'flannel.1', state: 'FAILED' },
    { ip: '10.0.0.2', dev: 'ens33', lladdr: '00:50:56:ec:0b:1a', state: 'REACHABLE' },
  ]);

  it('reproduces seed 002 `ip neigh | grep flannel` up to the trailing space iproute2 ≥ 5.15 prints', () => {
    const out = ipNeigh(ns, { dev: 'flannel.1' });
    expect(trimLines(out)).toBe(fixture('002_ip_neigh_node2.txt'));
    expect(out.split('\n')[0]).toBe('10.244.1.0 dev flannel.1 lladdr 76:64:2c:29:12:07 PERMANENT ');
  });

  it('lists every entry without a filter, in table order', () => {
    const lines = ipNeigh(ns).split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[5]).toBe('10.0.0.2 dev ens33 lladdr 00:50:56:ec:0b:1a REACHABLE ');
    expect(lines[6]).toBe('');
  });
});

describe('bridge fdb show', () => {
  it('reproduces seed 002 byte for byte (permanent is printed last, without a trailing space)', () => {
    const fdb: FdbEntry[] = [
      ['f6:0c:38:3a:f7:a9', '10.0.0.12'],
      ['76:64:2c:29:12:07', '10.0.0.15'],
      ['52:d3:56:06:5f:3f', '10.0.0.12'],
      ['2a:a6:38:e3:ba:4a', '10.0.0.12'],
      ['8a:b5:4c:82:6c:a4', '10.0.0.12'],
    ].map(([mac, dst]) => ({ mac, dev: 'flannel.1', dst, self: true, permanent: true }));
    expect(bridgeFdb(netns([], fdb), { dev: 'flannel.1' })).toBe(fixture('002_bridge_fdb_node2.txt'));
  });

  it('prints a learned entry with an empty state', () => {
    const ns = netns([], [{ mac: '66:ec:79:89:73:b3', dev: 'vxlan.calico', dst: '10.10.52.152', self: true, permanent: false }]);
    expect(bridgeFdb(ns)).toBe('66:ec:79:89:73:b3 dev vxlan.calico dst 10.10.52.152 self \n');
  });
});

describe('bridge fdb show dev', () => {
  it('keeps only the device asked for; an entry may have no dst and no self', () => {
    const ns = netns(
      [],
      [
        { mac: '02:00:00:00:00:01', dev: 'cni0', self: false, permanent: true },
        { mac: '66:ec:79:89:73:b3', dev: 'flannel.1', dst: '10.0.0.12', self: true, permanent: true },
        { mac: '02:00:00:00:00:02', dev: 'cni0', self: true, permanent: false },
      ],
    );
    expect(bridgeFdb(ns, { dev: 'cni0' })).toBe('02:00:00:00:00:01 dev cni0 permanent\n02:00:00:00:00:02 dev cni0 self \n');
    expect(bridgeFdb(ns, { dev: 'flannel.1' })).toBe('66:ec:79:89:73:b3 dev flannel.1 dst 10.0.0.12 self permanent\n');
  });
});
