// `npm run cli -- sh FILE --node N | --pod NS/POD -- 'COMMAND'` prints what the app's terminal prints for the
// same line (issue 14.4): every kind of command of the one table, on a node and in a pod, with pipes and grep.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main';
import { runCommand, TERMINAL_COMMANDS } from '../src/core/terminal';
import { loadLab } from '../src/core/session/load';

const PRESET = 'seed000-ipip';
const state = loadLab(readFileSync(new URL(`../presets/${PRESET}.yaml`, import.meta.url), 'utf8'), `${PRESET}.yaml`).state!;
const POD = 'default/web-kbtv4l6gq8-xmgwx';

const LINES: [{ node: string } | { pod: string }, string][] = [
  [{ node: 'node-1' }, 'route -n'],
  [{ node: 'node-1' }, 'ip r | grep tunl0'],
  [{ node: 'node-1' }, 'ip -d link show tunl0'],
  [{ node: 'node-1' }, 'calicoctl node status'],
  [{ node: 'node-1' }, 'calicoctl get ippool -o wide'],
  [{ node: 'node-1' }, 'kubectl get pods -A -o wide | grep -E "calico-node|kube-proxy"'],
  [{ node: 'node-1' }, 'kubectl -n kube-system get ds'],
  [{ node: 'node-1' }, 'kubectl -n kube-system get ds calico-node -o yaml | grep CALICO_IPV4POOL'],
  [{ node: 'node-1' }, 'cat /etc/cni/net.d/10-calico.conflist | grep mtu'],
  [{ node: 'node-1' }, 'calicoctl get felixconfiguration'],
  [{ node: 'node-1' }, 'ss -antp | grep ESTAB | grep bird'],
  [{ node: 'node-1' }, 'traceroute -n 172.20.247.1'],
  [{ pod: POD }, 'ip route | grep eth0'],
  [{ pod: POD }, 'ping -c 1 172.20.84.129'],
  [{ pod: POD }, 'busybox traceroute 172.20.84.129'],
];

describe('sh prints what the terminal prints', () => {
  it.each(LINES)('%o %s', (target, line) => {
    const want = runCommand(state, target, line);
    const args = ['sh', '--preset', PRESET, ...('node' in target ? ['--node', target.node] : ['--pod', target.pod]), '--', line];
    const got = runCli(args);
    expect(want.refused, line).toBeUndefined();
    expect(got.stdout).toBe(want.out);
    expect(got.code === 0).toBe(want.exit === 0);
  });

  it('covers every command of the table that runs on a node without a packet (tcpdump needs one)', () => {
    const covered = new Set(LINES.map(([, l]) => l.split(' | ')[0].trim()).map((l) => TERMINAL_COMMANDS.find((c) => l.startsWith(c.usage.split(/ [A-Z[]/)[0]))?.usage));
    expect(covered.size).toBeGreaterThan(10);
  });

  it("in a pod: seed 000's pod route through 169.254.1.1, and kubectl is not there", () => {
    expect(runCli(['sh', '--preset', PRESET, '--pod', POD, '--', 'ip route | grep eth0']).stdout).toBe('default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n');
    const r = runCli(['sh', '--preset', PRESET, '--pod', POD, '--', 'kubectl get pods']);
    expect([r.code, r.stdout]).toEqual([1, 'sh: kubectl: not found\n']);
  });
});
