import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../lab';
import { routeN, ipRoute, getIPPoolWide } from '../render';
import { runWalk } from '../tools';
import { findCommand, promptFor, runCommand, TERMINAL_COMMANDS, tokenize } from './index';

const state = loadLab(readFileSync('presets/seed000-ipip.yaml', 'utf8'), 'presets/seed000-ipip.yaml').state!;
const pod0 = `default/${state.pods[0].name}`; // on node-2
const pod5 = `default/${state.pods[5].name}`; // on node-1

describe('terminal', () => {
  it('prints route -n and ip route with the core renderers', () => {
    expect(runCommand(state, { node: 'node-2' }, 'route -n')).toEqual({ out: routeN(state.netns['node/node-2']), exit: 0 });
    expect(runCommand(state, { node: 'node-2' }, 'ip route').out).toBe(ipRoute(state.netns['node/node-2']));
    expect(runCommand(state, { node: 'node-2' }, '  ip r  ').out).toBe(ipRoute(state.netns['node/node-2']));
    expect(runCommand(state, { pod: pod0 }, 'ip route').out).toBe('default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n');
  });

  it('answers ip route get with the route the kernel picks', () => {
    const r = runCommand(state, { node: 'node-2' }, 'ip route get 172.20.84.130');
    expect(r.exit).toBe(0);
    expect(r.out).toBe('172.20.84.130 via 192.168.2.25 dev tunl0 src 172.20.247.0 uid 0 \n    cache \n');
    expect(runCommand(state, { node: 'node-2' }, 'ip route get').exit).not.toBe(0);
  });

  it('runs ping and traceroute from the target', () => {
    const ping = runCommand(state, { pod: pod0 }, `ping -c 2 ${state.pods[5].ip}`);
    expect(ping.exit).toBe(0);
    expect(ping.out).toContain(`PING ${state.pods[5].ip} (${state.pods[5].ip}) 56(84) bytes of data.`);
    expect(ping.out).toContain('2 packets transmitted, 2 received, 0% packet loss');
    const tr = runCommand(state, { node: 'node-2' }, `traceroute -n ${state.pods[5].ip}`);
    expect(tr.out.split('\n')[0]).toBe(`traceroute to ${state.pods[5].ip} (${state.pods[5].ip}), 30 hops max, 60 byte packets`);
    expect(tr.out).toContain(' 1  172.20.84.128 ');
  });

  it("prints tcpdump lines of the last walk on an interface, and says when there is none", () => {
    const walk = runWalk(state, { from: pod0, to: pod5, reply: true });
    const r = runCommand(state, { node: 'node-2' }, 'tcpdump -n -i ens33', { lastWalk: walk });
    expect(r.out).toContain('IP 192.168.2.26 > 192.168.2.25: IP 172.20.247.1 > 172.20.84.130: ICMP echo request');
    expect(r.out).toContain('(ipip-proto-4)');
    expect(r.out).toContain('2 packets captured');
    expect(runCommand(state, { node: 'node-2' }, 'tcpdump -n -i ens33').out).toContain('no packet yet');
    expect(runCommand(state, { node: 'node-2' }, 'tcpdump -n -i nope0').exit).toBe(1);
  });

  it('has calicoctl and kubectl on nodes only', () => {
    const st = runCommand(state, { node: 'master-1' }, 'calicoctl node status');
    expect(st.out).toContain('| 192.168.2.23 | node-to-node mesh | up    |');
    expect(runCommand(state, { node: 'node-1' }, 'calicoctl get ippool -o wide').out).toBe(getIPPoolWide(state.scenario.ippools));
    expect(runCommand(state, { node: 'node-1' }, 'calicoctl ipam show').out).toContain('| IP Pool  | 172.20.0.0/16 |');
    expect(runCommand(state, { node: 'node-1' }, 'kubectl get pods -o wide').out.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS/);
    expect(runCommand(state, { pod: pod0 }, 'calicoctl node status')).toEqual({ out: 'sh: calicoctl: not found\n', exit: 127 });
  });

  it('reports unknown commands like a shell, and unknown forms of known tools as not simulated', () => {
    expect(runCommand(state, { node: 'node-1' }, 'frobnicate')).toEqual({ out: 'bash: frobnicate: command not found\n', exit: 127 });
    expect(runCommand(state, { node: 'node-1' }, 'ip route flush all').exit).toBe(2);
    expect(runCommand(state, { node: 'node-1' }, '').out).toBe('');
    expect(runCommand(state, { node: 'nope' }, 'route -n').exit).toBe(1);
  });

  it('lists every command in help, from the one table', () => {
    const help = runCommand(state, { node: 'node-1' }, 'help').out;
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
    expect(runCommand(st, { node: 'k8s-master' }, 'ip neigh show dev nope')).toEqual({ out: 'Device "nope" does not exist.\n', exit: 2 });
  });

  it('grep filters lines, exits 1 when nothing matched, -v inverts', () => {
    const st = seed001();
    expect(runCommand(st, { node: 'k8s-master' }, 'ip route | grep tunl0').out.trim().split('\n')).toHaveLength(2);
    expect(runCommand(st, { node: 'k8s-master' }, 'ip route | grep zzz')).toEqual({ out: '', exit: 1 });
    expect(runCommand(st, { node: 'k8s-master' }, 'ip route | grep -v tunl0').out).not.toContain('tunl0');
    expect(runCommand(st, { node: 'k8s-master' }, 'ip route | wc -l').exit).toBe(2);
  });
});
