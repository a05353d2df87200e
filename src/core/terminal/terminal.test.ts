import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../session/load';
import { runWalk } from '../tools';
import { findCommand, promptFor, runCommand, TERMINAL_COMMANDS, tokenize } from './index';
import { perTest } from '../../../test/support/perTest';

const state = perTest(() => loadLab(readFileSync('presets/seed000-ipip.yaml', 'utf8'), 'presets/seed000-ipip.yaml').state!);
const pod0 = () => `default/${state().pods[0].name}`; // on node-2
const pod5 = () => `default/${state().pods[5].name}`; // on node-1

// Expected texts come from the seed tutorial's real output (test/fixtures/seed-output) or are written out by
// hand from the lab's addresses, never from the renderers the terminal calls.
const seed = (name: string) => readFileSync(join('test/fixtures/seed-output', name), 'utf8');
/** the seed's cali names hash its own pod names; the preset's pods are named otherwise */
const maskCali = (s: string) => s.replace(/cali[0-9a-f]{11}/g, 'cali…');

// seed 000's node-2 table (000_route_n_node2.txt) as iproute2 prints it: bird's routes via tunl0 onlink, its
// own block a blackhole, the pods' /32s scope link
const NODE2_IP_ROUTE = `default via 192.168.2.1 dev ens33 
172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 
172.20.39.0/26 via 192.168.2.22 dev tunl0 proto bird onlink 
172.20.84.128/26 via 192.168.2.25 dev tunl0 proto bird onlink 
172.20.205.192/26 via 192.168.2.23 dev tunl0 proto bird onlink 
blackhole 172.20.247.0/26 proto bird 
172.20.247.1 dev calie7345e8635a scope link 
172.20.247.2 dev calia93ecb9c1ae scope link 
172.20.247.3 dev cali88814395a28 scope link 
172.20.247.4 dev cali792e81bdb27 scope link 
192.168.2.0/24 dev ens33 proto kernel scope link src 192.168.2.26 
`;

describe('terminal', () => {
  it('prints route -n as seed 000 shows it, and ip route', () => {
    const rn = runCommand(state(), { node: 'node-2' }, 'route -n');
    expect(rn.exit).toBe(0);
    expect(maskCali(rn.out)).toBe(maskCali(seed('000_route_n_node2.txt')));
    expect(runCommand(state(), { node: 'node-2' }, 'ip route').out).toBe(NODE2_IP_ROUTE);
    expect(runCommand(state(), { node: 'node-2' }, '  ip r  ').out).toBe(NODE2_IP_ROUTE);
    expect(runCommand(state(), { pod: pod0() }, 'ip route').out).toBe('default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n');
  });

  it('answers ip route get with the route the kernel picks', () => {
    const r = runCommand(state(), { node: 'node-2' }, 'ip route get 172.20.84.130');
    expect(r.exit).toBe(0);
    expect(r.out).toBe('172.20.84.130 via 192.168.2.25 dev tunl0 src 172.20.247.0 uid 0 \n    cache \n');
    expect(runCommand(state(), { node: 'node-2' }, 'ip route get').exit).not.toBe(0);
  });

  it('runs ping and traceroute from the target', () => {
    const ping = runCommand(state(), { pod: pod0() }, `ping -c 2 ${state().pods[5].ip}`);
    expect(ping.exit).toBe(0);
    expect(ping.out).toContain(`PING ${state().pods[5].ip} (${state().pods[5].ip}) 56(84) bytes of data.`);
    expect(ping.out).toContain('2 packets transmitted, 2 received, 0% packet loss');
    const tr = runCommand(state(), { node: 'node-2' }, `traceroute -n ${state().pods[5].ip}`);
    expect(tr.out.split('\n')[0]).toBe(`traceroute to ${state().pods[5].ip} (${state().pods[5].ip}), 30 hops max, 60 byte packets`);
    expect(tr.out).toContain(' 1  172.20.84.128 ');
  });

  it("prints tcpdump lines of the last walk on an interface, and says when there is none", () => {
    const walk = runWalk(state(), { from: pod0(), to: pod5(), reply: true });
    const r = runCommand(state(), { node: 'node-2' }, 'tcpdump -n -i ens33', { lastWalk: walk });
    expect(r.out).toContain('IP 192.168.2.26 > 192.168.2.25: IP 172.20.247.1 > 172.20.84.130: ICMP echo request');
    expect(r.out).toContain('(ipip-proto-4)');
    expect(r.out).toContain('2 packets captured');
    expect(runCommand(state(), { node: 'node-2' }, 'tcpdump -n -i ens33').out).toContain('no packet yet');
    expect(runCommand(state(), { node: 'node-2' }, 'tcpdump -n -i nope0').exit).toBe(1);
  });

  it('has calicoctl and kubectl on nodes only', () => {
    const st = runCommand(state(), { node: 'master-1' }, 'calicoctl node status');
    expect(st.out).toContain('| 192.168.2.23 | node-to-node mesh | up    |');
    expect(runCommand(state(), { node: 'node-1' }, 'calicoctl get ippool -o wide').out).toBe(
      'NAME                  CIDR            NAT    IPIPMODE   VXLANMODE   DISABLED   SELECTOR   \ndefault-ipv4-ippool   172.20.0.0/16   true   Always     Never       false      all()      \n\n',
    );
    expect(runCommand(state(), { node: 'node-1' }, 'calicoctl ipam show').out).toContain('| IP Pool  | 172.20.0.0/16 |');
    expect(runCommand(state(), { node: 'node-1' }, 'kubectl get pods -o wide').out.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS/);
    expect(runCommand(state(), { pod: pod0() }, 'calicoctl node status')).toEqual({ out: 'sh: calicoctl: not found\n', exit: 127, refused: true });
  });

  it('reports unknown commands like a shell, and unknown forms of known tools as not simulated', () => {
    expect(runCommand(state(), { node: 'node-1' }, 'frobnicate')).toEqual({ out: 'bash: frobnicate: command not found\n', exit: 127, refused: true });
    expect(runCommand(state(), { node: 'node-1' }, 'ip route flush all').exit).toBe(2);
    expect(runCommand(state(), { node: 'node-1' }, '').out).toBe('');
    expect(runCommand(state(), { node: 'nope' }, 'route -n').exit).toBe(1);
  });

  it('lists every command in help, from the one table', () => {
    const help = runCommand(state(), { node: 'node-1' }, 'help').out;
    for (const c of TERMINAL_COMMANDS) expect(help).toContain(c.usage);
    for (const c of TERMINAL_COMMANDS) {
      expect(c.renderer).toBeTruthy();
      expect(c.cli).toBeTruthy();
    }
  });

  it('tokenizes quotes and matches the longest spelling', () => {
    expect(tokenize(`ping -c 1 "10.0.0.1"`)).toEqual(['ping', '-c', '1', '10.0.0.1']);
    expect(findCommand(['ip', 'route', 'get', '1.2.3.4'])!.cmd.usage).toBe('ip route get ADDRESS');
    expect(findCommand(['ip', 'route'])!.cmd.usage).toBe('ip route');
    expect(findCommand(['ip', 'route', 'x'])).toBeUndefined();
    expect(promptFor({ node: 'node-1' })).toBe('[root@node-1 ~]# ');
    expect(promptFor({ pod: 'default/x' })).toBe('/ # ');
  });
});

describe('BGP commands, device filters and grep pipes', () => {
  const seed001 = () => {
    const r = loadLab(readFileSync(join(__dirname, '../../../presets/seed001-ipip.yaml'), 'utf8'), 'seed001-ipip.yaml');
    return r.state!;
  };

  it('ss -antp | grep ESTAB | grep bird: k8s-master holds port 179 for both peers (seed 001)', () => {
    const r = runCommand(seed001(), { node: 'k8s-master' }, 'ss -antp | grep ESTAB | grep bird');
    expect(r.exit).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^ESTAB\s+0\s+0\s+192\.168\.179\.102:179\s+192\.168\.179\.10[34]:\d+\s+users:\(\("bird",pid=\d+,fd=\d+\)\)$/);
  });

  it('calicoctl get node -o wide and get bgpconfig print the seed 001 tables', () => {
    const st = seed001();
    expect(runCommand(st, { node: 'k8s-master' }, 'calicoctl get node -o wide').out).toContain('k8s-node2    (64512)   192.168.179.104/24');
    expect(runCommand(st, { node: 'k8s-master' }, 'calicoctl get bgpconfig').out).toBe('NAME   LOGSEVERITY   MESHENABLED   ASNUMBER   \n\n');
  });

  it('ip addr show dev IF shows one device; an unknown device is refused as iproute2 does', () => {
    const st = seed001();
    const one = runCommand(st, { node: 'k8s-master' }, 'ip addr show dev tunl0').out;
    expect(one).toMatch(/^\d+: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1440 /);
    expect(one).not.toContain('ens32');
    expect(runCommand(st, { node: 'k8s-master' }, 'ip neigh show dev nope')).toEqual({ out: 'Device "nope" does not exist.\n', exit: 2, refused: true });
  });

  it('grep filters lines, exits 1 when nothing matched, -v inverts', () => {
    const st = seed001();
    expect(runCommand(st, { node: 'k8s-master' }, 'ip route | grep tunl0').out.trim().split('\n')).toHaveLength(2);
    expect(runCommand(st, { node: 'k8s-master' }, 'ip route | grep zzz')).toEqual({ out: '', exit: 1 });
    expect(runCommand(st, { node: 'k8s-master' }, 'ip route | grep -v tunl0').out).not.toContain('tunl0');
    expect(runCommand(st, { node: 'k8s-master' }, 'ip route | wc -l').exit).toBe(2);
  });
});

describe('what the guided labs run here too', () => {
  const racks = perTest(() => loadLab(
    `apiVersion: cnilab/v1
kind: Topology
metadata: {name: racks}
spec:
  networks:
    - {name: rack-a, cidr: 192.168.1.0/24, gateway: 192.168.1.1}
    - {name: rack-b, cidr: 192.168.2.0/24, gateway: 192.168.2.1}
  routers:
    - name: tor
      interfaces:
        - {network: rack-a, ip: 192.168.1.1/24}
        - {network: rack-b, ip: 192.168.2.1/24}
  nodes:
    - name: node-a1
      interfaces: [{name: eth0, network: rack-a, ip: 192.168.1.11/24}]
    - name: node-b1
      interfaces: [{name: eth0, network: rack-b, ip: 192.168.2.11/24}]
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: default-ipv4-ippool}
spec: {cidr: 10.244.0.0/16, ipipMode: Never, natOutgoing: true}
`,
    'racks.yaml',
  ).state!);

  it('runs on an underlay router: its tables and links, no node tools, no walk starting there', () => {
    const tor = { router: 'tor' };
    expect(promptFor(tor)).toBe('[root@tor ~]# ');
    expect(runCommand(racks(), tor, 'ip route').out).toBe('192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.1 \n192.168.2.0/24 dev eth1 proto kernel scope link src 192.168.2.1 \n');
    expect(runCommand(racks(), tor, 'route -n').out).toContain('192.168.2.0     0.0.0.0         255.255.255.0   U     0      0        0 eth1');
    expect(runCommand(racks(), tor, 'calicoctl node status')).toEqual({ out: 'bash: calicoctl: command not found\n', exit: 127, refused: true });
    expect(runCommand(racks(), tor, 'ping -c 1 192.168.1.11').refused).toBe(true);
    expect(runCommand(racks(), tor, 'help').out).not.toContain('ping');
    expect(runCommand(racks(), { router: 'nope' }, 'ip route')).toEqual({ out: 'no such router: nope\n', exit: 1, refused: true });
  });

  it('spells out iproute2 abbreviations and prints ip link', () => {
    // node-a1: eth0 192.168.1.11/24 on rack-a, whose gateway is the ToR's 192.168.1.1; no pods, so no blocks
    const table = 'default via 192.168.1.1 dev eth0 \n192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11 \n';
    for (const line of ['ip route', 'ip r', 'ip ro', 'ip rou show', 'ip r s', 'ip r l', 'ip -4 route', 'ip route list']) expect(runCommand(racks(), { node: 'node-a1' }, line).out, line).toBe(table);
    const lo = '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
    const eth0 = /^2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\n {4}link\/ether (?:[0-9a-f]{2}:){5}[0-9a-f]{2} brd ff:ff:ff:ff:ff:ff\n$/;
    const all = runCommand(racks(), { node: 'node-a1' }, 'ip link').out;
    expect(all.startsWith(lo)).toBe(true);
    expect(all.slice(lo.length)).toMatch(eth0);
    expect(runCommand(racks(), { node: 'node-a1' }, 'ip l show eth0').out).toMatch(eth0);
    expect(runCommand(racks(), { node: 'node-a1' }, 'ip -det link show eth0').out).toMatch(/^\d+: eth0: /);
    expect(runCommand(racks(), { node: 'node-a1' }, 'ip a s eth0').out).toContain('inet 192.168.1.11/24');
    expect(runCommand(racks(), { node: 'node-a1' }, 'ip ru')).toMatchObject({ exit: 2, refused: true });
    expect(runCommand(racks(), { node: 'node-a1' }, 'ip -s link')).toMatchObject({ exit: 2, refused: true });
  });

  it('answers busybox traceroute, narrow calicoctl gets and the IPAM configuration', () => {
    const n = { node: 'node-a1' };
    // BusyBox's header says 46 byte packets (seed 000_traceroute_busybox.txt), Linux traceroute's 60; the ToR
    // is hop 1, node-b1 hop 2
    const hops = (out: string) => out.split('\n').slice(1).filter(Boolean).map((l) => l.replace(/ {2}\d+\.\d{3} ms/g, ' T'));
    const bb = runCommand(racks(), n, 'busybox traceroute 192.168.2.11').out;
    expect(bb.split('\n')[0]).toBe('traceroute to 192.168.2.11 (192.168.2.11), 30 hops max, 46 byte packets');
    expect(hops(bb)).toEqual([' 1  192.168.1.1 T T T', ' 2  192.168.2.11 T T T']);
    expect(runCommand(racks(), n, 'traceroute -n 192.168.2.11').out.split('\n')[0]).toBe('traceroute to 192.168.2.11 (192.168.2.11), 30 hops max, 60 byte packets');
    expect(runCommand(racks(), n, 'calicoctl get ippool').out).toBe('NAME                  CIDR            SELECTOR   \ndefault-ipv4-ippool   10.244.0.0/16   all()      \n\n');
    expect(runCommand(racks(), n, 'calicoctl get nodes').out).toBe('NAME      \nnode-a1   \nnode-b1   \n\n');
    // no IPAMConfig in the lab: Calico's defaults, as seed 002 prints them
    expect(runCommand(racks(), n, 'calicoctl ipam show --show-configuration').out.trimEnd()).toBe(seed('002_ipam_show_configuration.txt').trimEnd());
    expect(runCommand(racks(), n, 'calicoctl ipam show --bogus').refused).toBe(true);
  });

  it('pipes a failing tool into grep as a shell does; tcpdump refuses without a walk when told to', () => {
    const r = runCommand(racks(), { node: 'node-a1' }, 'ping -c 1 -M do -s 3000 192.168.2.11 | grep transmitted');
    expect(r.out).toMatch(/^1 packets transmitted, 0 received/);
    const hint = runCommand(racks(), { node: 'node-a1' }, 'tcpdump -n -i eth0', { walkHint: 'add during:' });
    expect(hint).toEqual({ out: 'add during:\n', exit: 1, refused: true });
  });
});
