import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BgpSession } from '../model/cluster';
import type { IPPool } from '../model/scenario';
import {
  clockAt,
  getBGPConfig,
  getBGPPeer,
  getIPPool,
  getIPPoolWide,
  getNode,
  getNodeWide,
  ipamShow,
  ipamShowConfiguration,
  nodeStatus,
} from './calicoctl';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/seed-output/${name}`, import.meta.url), 'utf8');

const session = (peerAddress: string, since: number, p: Partial<BgpSession> = {}): BgpSession => ({
  node: 'n',
  peerAddress,
  peerName: peerAddress,
  peerType: 'node-to-node mesh',
  state: 'up',
  info: 'Established',
  passive: false,
  since,
  ...p,
});

/**
 * `calicoctl get` output against a seed copy. Every line must match byte for byte, except that the
 * seed's last table row lost some of its trailing padding when it was pasted (seed 001 shows
 * "all()   " and "all()    " for the same column); there ours must extend the seed's text with spaces
 * only. calicoctl then prints a blank line.
 */
function expectGetOutput(out: string, seed: string): void {
  expect(out.endsWith('\n\n')).toBe(true);
  const ours = out.slice(0, -2).split('\n');
  const theirs = seed.replace(/\n$/, '').split('\n');
  expect(ours).toHaveLength(theirs.length);
  const last = theirs.length - 1;
  for (let i = 0; i < last; i++) expect(ours[i]).toBe(theirs[i]);
  expect(ours[last].startsWith(theirs[last])).toBe(true);
  expect(ours[last].slice(theirs[last].length)).toMatch(/^ *$/);
}

describe('calicoctl node status', () => {
  it('reproduces seed 000 (4-node mesh)', () => {
    const sessions = ['192.168.2.23', '192.168.2.25', '192.168.2.26'].map((ip) => session(ip, 0));
    // status.go ends with fmt.Println(): the seed copy dropped that final blank line
    expect(nodeStatus(sessions, { running: true, clockStart: '13:54:13' })).toBe(fixture('000_node_status.txt') + '\n');
  });

  it('reproduces seed 001 mesh (15-character peer addresses widen the first column)', () => {
    const sessions = [session('192.168.179.103', 58), session('192.168.179.104', 0)];
    expect(nodeStatus(sessions, { running: true, clockStart: '06:48:39' })).toBe(fixture('001_node_status_mesh.txt') + '\n');
  });

  it('reproduces seed 001 route-reflector client (node specific peer)', () => {
    const sessions = [session('192.168.179.104', 0, { peerType: 'node specific' })];
    expect(nodeStatus(sessions, { running: true, clockStart: '08:18:00' })).toBe(fixture('001_node_status_rr.txt') + '\n');
  });

  it('reproduces seed 001 with the mesh disabled and no peers', () => {
    expect(nodeStatus([], { running: true })).toBe(fixture('001_node_status_no_peers.txt') + '\n');
  });

  it('wraps a long INFO cell onto a second row of a 30-wide column, as tablewriter does', () => {
    const sessions = [
      session('192.168.2.23', 0, { state: 'start', info: 'Active', infoDetail: 'Socket: Connection refused' }),
      session('192.168.2.25', 0),
    ];
    expect(nodeStatus(sessions, { running: true, clockStart: '13:54:13' })).toBe(
      'Calico process is running.\n\nIPv4 BGP status\n' +
        '+--------------+-------------------+-------+----------+--------------------------------+\n' +
        '| PEER ADDRESS |     PEER TYPE     | STATE |  SINCE   |              INFO              |\n' +
        '+--------------+-------------------+-------+----------+--------------------------------+\n' +
        '| 192.168.2.23 | node-to-node mesh | start | 13:54:13 | Active Socket: Connection      |\n' +
        '|              |                   |       |          | refused                        |\n' +
        '| 192.168.2.25 | node-to-node mesh | up    | 13:54:13 | Established                    |\n' +
        '+--------------+-------------------+-------+----------+--------------------------------+\n' +
        '\nIPv6 BGP status\nNo IPv6 peers found.\n\n',
    );
  });

  it('prints the VXLAN-backend message when BIRD does not run, and the node-down error', () => {
    expect(nodeStatus([], { running: false })).toBe('Calico process is running.\n\nThe BGP backend process (BIRD) is not running.\n\n');
    expect(nodeStatus([], { running: true, calicoRunning: false })).toBe('Calico process is not running.\n');
  });

  it('adds since-seconds to the clock start and wraps at midnight', () => {
    expect(clockAt('00:00:00', 3725)).toBe('01:02:05');
    expect(clockAt('23:59:30', 45)).toBe('00:00:15');
    expect(() => clockAt('9:00', 0)).toThrow();
  });
});

const pool = (p: Partial<IPPool> = {}): IPPool => ({
  name: 'default-ipv4-ippool',
  cidr: '10.244.0.0/16',
  blockSize: 26,
  ipipMode: 'Always',
  vxlanMode: 'Never',
  natOutgoing: true,
  disabled: false,
  disableBGPExport: false,
  nodeSelector: 'all()',
  ...p,
});

describe('calicoctl get', () => {
  it('reproduces seed 001 `get ippool -o wide` before and after ipipMode: Never', () => {
    expectGetOutput(getIPPoolWide([pool()]), fixture('001_get_ippool_wide_always.txt'));
    expectGetOutput(getIPPoolWide([pool({ ipipMode: 'Never' })]), fixture('001_get_ippool_wide_never.txt'));
  });

  it('adds DISABLEBGPEXPORT for later releases when asked', () => {
    expect(getIPPoolWide([pool()], { disableBGPExportColumn: true }).split('\n')[0]).toBe(
      'NAME                  CIDR            NAT    IPIPMODE   VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR   ',
    );
  });

  it('prints `get ippool` (NAME CIDR SELECTOR)', () => {
    expect(getIPPool([pool()])).toBe(
      'NAME                  CIDR            SELECTOR   \n' + 'default-ipv4-ippool   10.244.0.0/16   all()      \n\n',
    );
  });

  it('reproduces seed 001 `get bgpconfig`, empty and after the mesh is switched off', () => {
    expect(getBGPConfig([])).toBe(fixture('001_get_bgpconfig_empty.txt') + '\n');
    const cfg = [{ name: 'default', logSeverityScreen: 'Info', nodeToNodeMeshEnabled: false, asNumber: 64512 }];
    expectGetOutput(getBGPConfig(cfg), fixture('001_get_bgpconfig.txt'));
    expect(getBGPConfig([{ name: 'default' }])).toContain('default   ');
    expect(getBGPConfig([{ name: 'default' }]).split('\n')[1]).toBe('default                 -             -          ');
  });

  it('reproduces seed 001 `get bgppeer` (selector in NODE, ASN 0 when unset)', () => {
    const peers = [{ name: 'peer-with-route-reflectors', nodeSelector: 'all()', peerSelector: "route-reflector == 'true'" }];
    expectGetOutput(getBGPPeer(peers), fixture('001_get_bgppeer.txt'));
    expect(getBGPPeer([{ name: 'tor', peerIP: '192.168.1.1', asNumber: 64513 }]).split('\n')[1]).toBe(
      'tor    192.168.1.1   (global)   64513   ',
    );
  });

  it('reproduces seed 001 `get node -o wide` (inherited AS in parentheses)', () => {
    const nodes = [
      { name: 'k8s-master', inheritedAsn: 64512, ipv4: '192.168.179.102/24' },
      { name: 'k8s-node1', inheritedAsn: 64512, ipv4: '192.168.179.103/24' },
      { name: 'k8s-node2', inheritedAsn: 64512, ipv4: '192.168.179.104/24' },
    ];
    expectGetOutput(getNodeWide(nodes), fixture('001_get_node_wide.txt'));
    expect(getNodeWide([{ name: 'rr1', asn: 65001, inheritedAsn: 64512, ipv4: '10.0.0.5/24' }]).split('\n')[1]).toBe(
      'rr1    65001   10.0.0.5/24          ',
    );
    expect(getNode([{ name: 'master1', inheritedAsn: 64512 }])).toBe('NAME      \nmaster1   \n\n');
  });
});

describe('calicoctl ipam show', () => {
  it('reproduces seed 002 (converted from its markdown rendering)', () => {
    expect(ipamShow([{ pool: 'default-ipv4-ippool', cidr: '10.244.0.0/16', total: 65536, inUse: 0 }])).toBe(fixture('002_ipam_show.txt'));
  });

  it('rounds percentages half to even on the exact value and lists blocks with --show-blocks', () => {
    const pools = [{ pool: 'default-ipv4-ippool', cidr: '10.244.0.0/16', total: 65536, inUse: 5 }];
    const blocks = [
      { cidr: '10.244.118.192/26', total: 64, inUse: 3 },
      { cidr: '10.244.5.192/26', total: 64, inUse: 2 },
      { cidr: '172.16.0.0/26', total: 64, inUse: 1 },
    ];
    expect(ipamShow(pools, blocks, true)).toBe(
      '+----------+-------------------+-----------+------------+--------------+\n' +
        '| GROUPING |       CIDR        | IPS TOTAL | IPS IN USE |   IPS FREE   |\n' +
        '+----------+-------------------+-----------+------------+--------------+\n' +
        '| IP Pool  | 10.244.0.0/16     |     65536 | 5 (0%)     | 65531 (100%) |\n' +
        '| Block    | 10.244.118.192/26 |        64 | 3 (5%)     | 61 (95%)     |\n' +
        '| Block    | 10.244.5.192/26   |        64 | 2 (3%)     | 62 (97%)     |\n' +
        '+----------+-------------------+-----------+------------+--------------+\n',
    );
  });

  it('prints pool sizes above 99999 in %.5g form', () => {
    const out = ipamShow([{ pool: 'p', cidr: '10.0.0.0/12', total: 1048576, inUse: 1048576 }]);
    expect(out).toContain('| IP Pool  | 10.0.0.0/12 | 1.0486e+06 | 1.0486e+06 (100%) | 0 (0%)   |');
  });

  it('reproduces seed 002 --show-configuration (converted from markdown)', () => {
    expect(ipamShowConfiguration({ strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 0 })).toBe(
      fixture('002_ipam_show_configuration.txt'),
    );
  });
});

describe('calicoctl: edges', () => {
  it('clockAt wants exactly HH:MM:SS, with nothing before or after', () => {
    expect(() => clockAt('x12:00:00', 0)).toThrow('clockStart must be HH:MM:SS, got "x12:00:00"');
    expect(() => clockAt('12:00:00x', 0)).toThrow(/got "12:00:00x"/);
  });

  it('node status counts SINCE from midnight when no clock start is given', () => {
    expect(nodeStatus([session('10.0.0.2', 3661)], { running: true })).toContain('| 01:01:01 |');
  });

  it('get ippool -o wide prints unset modes as Never', () => {
    const out = getIPPoolWide([pool({ ipipMode: '' as IPPool['ipipMode'], vxlanMode: undefined as unknown as IPPool['vxlanMode'] })]);
    expect(out.split('\n')[1]).toMatch(/^default-ipv4-ippool +10\.244\.0\.0\/16 +true +Never +Never +false +all\(\) +$/);
  });

  it('get node -o wide leaves ASN and addresses empty for a node without spec.bgp (no IPv4, bgp unset)', () => {
    // calicoctl's tabwriter: minwidth 5, padding 3, every cell followed by a tab
    expect(getNodeWide([{ name: 'n1', inheritedAsn: 64512 }])).toBe('NAME   ASN   IPV4   IPV6   \nn1                         \n\n');
    expect(getNodeWide([{ name: 'n1', inheritedAsn: 64512, bgp: true }]).split('\n')[1]).toBe('n1     (64512)                 ');
  });

  it('ipam show: blocks only with --show-blocks; a block naming its pool goes under that pool, by name or by CIDR', () => {
    const pools = [
      { pool: 'a', cidr: '10.244.0.0/16', total: 65536, inUse: 2 },
      { pool: 'b', cidr: '10.245.0.0/16', total: 65536, inUse: 1 },
    ];
    const blocks = [
      { cidr: '10.244.1.0/26', total: 64, inUse: 1 },
      // inside a's CIDR but assigned to b by name
      { cidr: '10.244.2.0/26', total: 64, inUse: 1, pool: 'b' },
      { cidr: '10.245.3.0/26', total: 64, inUse: 1, pool: '10.244.0.0/16' },
    ];
    const grouped = (out: string) => out.split('\n').filter((l) => l.startsWith('| ')).slice(1).map((l) => l.split('|').slice(1, 3).map((c) => c.trim()).join(' '));
    expect(grouped(ipamShow(pools, blocks, true))).toEqual(['IP Pool 10.244.0.0/16', 'Block 10.244.1.0/26', 'Block 10.245.3.0/26', 'IP Pool 10.245.0.0/16', 'Block 10.244.2.0/26']);
    expect(grouped(ipamShow(pools, blocks))).toEqual(['IP Pool 10.244.0.0/16', 'IP Pool 10.245.0.0/16']);
    expect(grouped(ipamShow(pools, undefined, true))).toEqual(['IP Pool 10.244.0.0/16', 'IP Pool 10.245.0.0/16']);
  });
});
