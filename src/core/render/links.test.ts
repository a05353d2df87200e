import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Link, NetNS } from '../model/kernel';
import { ipAddr, ipLink, ipLinkDetails } from './links';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/seed-output/${name}`, import.meta.url), 'utf8');

const netns = (id: string, links: Link[]): NetNS => ({ id, kind: 'node', name: id, links, routes: [], neigh: [], fdb: [], forwarding: true });
const tunl0 = (ifindex: number, ip: string, mtu: number): Link => ({
  ifindex,
  name: 'tunl0',
  kind: 'ipip',
  mtu,
  addrs: [{ ip, prefixLen: 32, scope: 'global', brd: ip }],
  up: true,
});

describe('ip addr', () => {
  it('reproduces seed 000 tunl0 block (4.x kernel: qlen 1)', () => {
    const ns = netns('node/node-2', [tunl0(11, '172.20.247.0', 1440)]);
    expect(ipAddr(ns, { txqlen: { tunl0: 1 } })).toBe(fixture('000_ip_addr_tunl0.txt'));
  });

  it('reproduces seed 001 tunl0 block (current kernels: qlen 1000, the default)', () => {
    const ns = netns('node/k8s-master', [tunl0(4, '10.244.235.192', 1440)]);
    expect(ipAddr(ns)).toBe(fixture('001_ip_addr_tunl0.txt'));
  });

  const node: NetNS = netns('node/n1', [
    { ifindex: 1, name: 'lo', kind: 'loopback', mtu: 65536, addrs: [{ ip: '127.0.0.1', prefixLen: 8, scope: 'host' }], up: true },
    {
      ifindex: 2,
      name: 'ens33',
      kind: 'ether',
      mtu: 1500,
      mac: '00:50:56:21:d2:7a',
      addrs: [{ ip: '10.0.0.12', prefixLen: 24, scope: 'global', brd: '10.0.0.255' }],
      up: true,
      network: 'lan',
    },
    {
      ifindex: 3,
      name: 'docker0',
      kind: 'bridge',
      mtu: 1500,
      mac: '02:42:8e:1f:22:33',
      addrs: [{ ip: '172.17.0.1', prefixLen: 16, scope: 'global', brd: '172.17.255.255' }],
      up: true,
      noCarrier: true,
    },
    {
      ifindex: 7,
      name: 'cali9d1d28412',
      kind: 'veth',
      mtu: 1480,
      mac: 'ee:ee:ee:ee:ee:ee',
      addrs: [],
      up: true,
      peer: { ns: 'pod/default/web', ifname: 'eth0', ifindex: 3 },
      proxyArp: true,
    },
    {
      ifindex: 5,
      name: 'flannel.1',
      kind: 'vxlan',
      mtu: 1450,
      mac: '76:64:2c:29:12:07',
      addrs: [{ ip: '10.244.1.0', prefixLen: 32, scope: 'global' }],
      up: true,
      vxlan: { vni: 1, port: 8472, local: '10.0.0.15', dev: 'ens33', learning: false },
    },
  ]);

  it('prints every kind with its flags, state, qdisc and link layer', () => {
    expect(ipAddr(node)).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '    inet 127.0.0.1/8 scope host lo\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '2: ens33: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n' +
        '    link/ether 00:50:56:21:d2:7a brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 10.0.0.12/24 brd 10.0.0.255 scope global ens33\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default \n' +
        '    link/ether 02:42:8e:1f:22:33 brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '7: cali9d1d28412@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1480 qdisc noqueue state UP group default \n' +
        '    link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netnsid 0\n' +
        '5: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default \n' +
        '    link/ether 76:64:2c:29:12:07 brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 10.244.1.0/32 scope global flannel.1\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
  });

  it('shows one device with dev, and a bridge port with master', () => {
    const cni = netns('node/n2', [
      {
        ifindex: 9,
        name: 'veth1a2b3c4d',
        kind: 'veth',
        mtu: 1450,
        mac: '6e:3d:65:7f:52:85',
        addrs: [],
        up: true,
        master: 'cni0',
        peer: { ns: 'pod/default/a', ifname: 'eth0', ifindex: 3 },
      },
      {
        ifindex: 10,
        name: 'veth9f8e7d6c',
        kind: 'veth',
        mtu: 1450,
        mac: '6e:3d:65:7f:52:86',
        addrs: [],
        up: true,
        master: 'cni0',
        peer: { ns: 'pod/default/b', ifname: 'eth0', ifindex: 3 },
      },
    ]);
    expect(ipAddr(cni, { dev: 'veth9f8e7d6c' })).toBe(
      '10: veth9f8e7d6c@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default \n' +
        '    link/ether 6e:3d:65:7f:52:86 brd ff:ff:ff:ff:ff:ff link-netnsid 1\n',
    );
  });

  it('names a pod-side veth after the host ifindex, host namespace as nsid 0', () => {
    const pod: NetNS = {
      ...netns('pod/default/web', [
        {
          ifindex: 3,
          name: 'eth0',
          kind: 'veth',
          mtu: 1480,
          mac: '5a:1b:2c:3d:4e:5f',
          addrs: [{ ip: '10.244.0.2', prefixLen: 32, scope: 'global' }],
          up: true,
          peer: { ns: 'node/master1', ifname: 'cali9d1d28412', ifindex: 7 },
        },
      ]),
      kind: 'pod',
    };
    expect(ipAddr(pod)).toBe(
      '3: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1480 qdisc noqueue state UP group default \n' +
        '    link/ether 5a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff link-netnsid 0\n' +
        '    inet 10.244.0.2/32 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
  });

  it('prints a device that is down without UP/LOWER_UP', () => {
    const ns = netns('node/x', [{ ...tunl0(4, '10.244.235.192', 1480), up: false, addrs: [] }]);
    expect(ipAddr(ns)).toBe(
      '4: tunl0@NONE: <NOARP> mtu 1480 qdisc noqueue state DOWN group default qlen 1000\n    link/ipip 0.0.0.0 brd 0.0.0.0\n',
    );
  });
});

describe('ip link / ip -d link', () => {
  const ns = netns('node/master1', [
    tunl0(4, '10.244.0.1', 1480),
    {
      ifindex: 6,
      name: 'vxlan.calico',
      kind: 'vxlan',
      mtu: 1450,
      mac: '66:f0:0d:b3:41:8a',
      addrs: [],
      up: true,
      vxlan: { vni: 4096, port: 4789, local: '192.168.1.10', dev: 'eth0', learning: false },
    },
  ]);

  it('ip link adds mode DEFAULT and leaves out addresses', () => {
    expect(ipLink(ns, { dev: 'tunl0' })).toBe(
      '4: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n' +
        '    link/ipip 0.0.0.0 brd 0.0.0.0\n',
    );
  });

  it('ip -d link prints the ipip and vxlan option lines in iproute2 order', () => {
    expect(ipLinkDetails(ns)).toBe(
      '4: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n' +
        '    link/ipip 0.0.0.0 brd 0.0.0.0 promiscuity 0 minmtu 0 maxmtu 0 \n' +
        '    ipip any remote any local any ttl inherit nopmtudisc addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 \n' +
        '6: vxlan.calico: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default \n' +
        '    link/ether 66:f0:0d:b3:41:8a brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 \n' +
        '    vxlan id 4096 local 192.168.1.10 dev eth0 srcport 0 0 dstport 4789 nolearning ttl auto ageing 300 noudpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 \n',
    );
  });

  it('ip -d link prints learning vxlan devices without "nolearning"', () => {
    const learning = netns('node/y', [{ ...ns.links[1], vxlan: { vni: 1, port: 8472, local: '10.0.0.12', dev: 'ens33', learning: true } }]);
    expect(ipLinkDetails(learning)).toContain('vxlan id 1 local 10.0.0.12 dev ens33 srcport 0 0 dstport 8472 ttl auto');
  });
});

describe('links: peers, netns ids and -d details', () => {
  const veth = (ifindex: number, name: string, peer: Link['peer'], extra: Partial<Link> = {}): Link => ({
    ifindex,
    name,
    kind: 'veth',
    mtu: 1500,
    mac: `aa:aa:aa:aa:aa:0${ifindex}`,
    addrs: [],
    up: true,
    peer,
    ...extra,
  });
  const ns = netns('node/n1', [
    veth(2, 'v0', { ns: 'node/n1', ifname: 'v1', ifindex: 3 }),
    veth(3, 'v1', { ns: 'node/n1', ifname: 'v0', ifindex: 2 }),
    veth(4, 'cali1', { ns: 'pod/a', ifname: 'eth0', ifindex: 3 }),
    veth(5, 'cali2', { ns: 'pod/a', ifname: 'eth1', ifindex: 4 }),
    veth(6, 'cali3', { ns: 'pod/b', ifname: 'eth0', ifindex: 3 }),
  ]);
  const names = (out: string) => out.split('\n').filter((l) => /^\d/.test(l)).map((l) => l.split(': ')[1]);
  const netnsids = (out: string) => out.split('\n').filter((l) => l.startsWith('    link/')).map((l) => l.match(/link-netnsid (\d+)/)?.[1] ?? '-');

  it('names a peer in the same namespace (as `ip link` does: v1@v0) and numbers other namespaces once each, in order', () => {
    const out = ipLink(ns);
    expect(names(out)).toEqual(['v0@v1', 'v1@v0', 'cali1@if3', 'cali2@if4', 'cali3@if3']);
    expect(netnsids(out)).toEqual(['-', '-', '0', '0', '1']);
    // a peer in the same namespace has no link-netnsid at all
    expect(out.split('\n')[1]).toBe('    link/ether aa:aa:aa:aa:aa:02 brd ff:ff:ff:ff:ff:ff');
  });

  it('keeps given netns ids and numbers the others after the largest', () => {
    expect(netnsids(ipAddr(ns, { nsids: { 'pod/b': 5 } }))).toEqual(['-', '-', '6', '6', '5']);
    expect(netnsids(ipAddr(ns, { nsids: { 'pod/b': 5, 'pod/z': 2 } }))).toEqual(['-', '-', '6', '6', '5']);
  });

  it('prints a zero MAC for an Ethernet device without one', () => {
    const bare = netns('node/n2', [{ ifindex: 2, name: 'eth9', kind: 'ether', mtu: 1500, addrs: [], up: false }]);
    expect(ipLink(bare).split('\n')[1]).toBe('    link/ether 00:00:00:00:00:00 brd ff:ff:ff:ff:ff:ff');
  });

  it('-d: MTU range, kind line and bridge_slave line per kind (shapes as a real `ip -d link` prints them)', () => {
    const dev = netns('node/n3', [
      { ifindex: 1, name: 'lo', kind: 'loopback', mtu: 65536, addrs: [], up: true },
      { ifindex: 4, name: 'cni0', kind: 'bridge', mtu: 1450, mac: '02:00:00:00:00:04', addrs: [], up: true },
      veth(5, 'vethab', { ns: 'pod/a', ifname: 'eth0', ifindex: 3 }, { master: 'cni0' }),
      { ifindex: 6, name: 'vx0', kind: 'vxlan', mtu: 1450, mac: '02:00:00:00:00:06', addrs: [], up: true },
    ]);
    const [lo, cni0, vethab, vx0] = ipLinkDetails(dev).split(/\n(?=\d+: )/);
    expect(lo).toContain('00:00:00:00:00:00 promiscuity 0 minmtu 0 maxmtu 0 addrgenmode eui64 ');
    expect(cni0).toContain(
      ' promiscuity 0 minmtu 68 maxmtu 65535 \n    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 ',
    );
    expect(vethab).toContain(' promiscuity 1 minmtu 68 maxmtu 65535 \n    veth \n    bridge_slave state forwarding priority 32 cost 2 ');
    expect(vx0).toContain(' maxmtu 65535 \n    vxlan addrgenmode eui64 ');
  });
});
