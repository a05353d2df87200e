// The CLI contract: commands print only their output on stdout, errors on stderr with exit status 1,
// never a stack trace. Most cases run in-process (runCli); one goes through `npm run cli` to prove that
// nothing else (npm's banner, warnings) reaches stdout.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main';
import { COMMANDS } from '../src/cli/commands';
import { loadLab } from '../src/core/session/load';
import { runCommand } from '../src/core/terminal';

const root = join(__dirname, '..');
const fixture = (name: string) => readFileSync(join(root, 'test/fixtures/seed-output', name), 'utf8');

describe('cli', () => {
  it('prints route -n for a node whose name has dots, from a preset', () => {
    const r = runCli(['routes', '--preset', 'seed004-interface-ens33-eth0', '--node', 'vms71.rhce.cc']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Kernel IP routing table\n/);
    expect(r.stdout).toContain('10.244.5.192    192.168.30.72   255.255.255.192 UG    0      0        0 tunl0\n');
  });

  it('switches formats: ip-route and json', () => {
    const ip = runCli(['routes', '--preset', 'seed004-cidr', '--node', 'vms72.rhce.cc', '--format', 'ip-route']);
    expect(ip.stdout).toContain('10.244.118.192/26 via 192.168.26.71 dev tunl0 proto bird onlink \n');
    const js = runCli(['routes', '--preset', 'seed004-cidr', '--node', 'vms72.rhce.cc', '--format', 'JSON'.toLowerCase()]);
    const routes = JSON.parse(js.stdout) as { dst: string; dev?: string }[];
    expect(routes.find((r) => r.dst === '10.244.118.192/26')!.dev).toBe('tunl0');
  });

  it('routes for a pod (namespace/name)', () => {
    const r = runCli(['routes', '--preset', 'seed004-cidr', '--pod', 'default/pod1']);
    expect(r.stdout).toBe(fixture('000_route_n_pod.txt'));
  });

  it('traceroute reproduces seed 004 (node first address, remote tunl0, pod)', () => {
    const r = runCli(['traceroute', '--preset', 'seed004-interface-ens33-eth0', '--from', 'default/pod1', '--to', 'default/pod2']);
    const hops = r.stdout.split('\n').slice(1).filter(Boolean).map((l) => l.trim().split(/\s+/)[1]);
    expect(r.stdout.split('\n')[0]).toBe('traceroute to 10.244.5.194 (10.244.5.194), 30 hops max, 60 byte packets');
    expect(hops).toEqual(['192.168.26.71', '10.244.5.192', '10.244.5.194']);
  });

  it('traceroute in seed 000 (BusyBox in the pod) goes node-2 → node-1 tunl0 → pod', () => {
    const r = runCli(['traceroute', '--preset', 'seed000-ipip', '--from', 'default/' + firstPod('seed000-ipip', 'node-2'), '--to', '172.20.84.129', '--variant', 'busybox']);
    expect(r.stdout.split('\n')[0]).toBe('traceroute to 172.20.84.129 (172.20.84.129), 30 hops max, 46 byte packets');
    const hops = r.stdout.split('\n').slice(1).filter(Boolean).map((l) => l.trim().split(/\s+/)[1]);
    expect(hops).toEqual(['192.168.2.26', '172.20.84.128', '172.20.84.129']);
  });

  it('protocol names are case-insensitive; tcp needs a port', () => {
    const ok = runCli(['trace', '--preset', 'seed000-ipip', '--from', 'node-1', '--to', '172.20.247.1', '--protocol', 'TCP', '--port', '80']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('verdict: delivered');
    const bad = runCli(['trace', '--preset', 'seed000-ipip', '--from', 'node-1', '--to', '172.20.247.1', '--protocol', 'tcp']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--protocol tcp needs --port');
  });

  it('tcpdump on node2 shows the seed 002 ipip-proto-4 line', () => {
    const r = runCli(['tcpdump', '--preset', 'seed002-calico-ipip', '--from', 'master1', '--to', 'default/pod-deployment-76dd67889b-45l8h', '--iface', 'node2:ens33']);
    expect(r.stdout).toMatch(/^\d\d:\d\d:\d\d\.\d{6} IP 10\.0\.0\.12 > 10\.0\.0\.16: IP 10\.244\.0\.1 > 10\.244\.6\.3: ICMP echo request, id \d+, seq 1, length 64 \(ipip-proto-4\)\n/);
  });

  it('tcpdump -e on node1 shows Flannel VXLAN as OTV with the seed MACs and a 148-byte frame', () => {
    const r = runCli(['tcpdump', '--preset', 'seed002-flannel-vxlan', '--from', 'default/pod-client', '--to', 'default/pod-test', '--iface', 'node1:ens33', '-e']);
    const [outer, inner] = r.stdout.split('\n');
    expect(outer).toMatch(/ 00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 \(0x0800\), length 148: 10\.0\.0\.16\.\d+ > 10\.0\.0\.15\.8472: OTV, flags \[I\] \(0x08\), overlay 0, instance 1$/);
    expect(inner).toMatch(/^6e:3d:65:7f:52:85 > 76:64:2c:29:12:07, ethertype IPv4 \(0x0800\), length 98: 10\.244\.2\.18 > 10\.244\.1\.56: ICMP echo request/);
  });

  it('pcap writes a libpcap file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnilab-'));
    const out = join(dir, 'x.pcap');
    const r = runCli(['pcap', '--preset', 'seed000-ipip', '--from', 'node-1', '--to', '172.20.247.1', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const b = readFileSync(out);
    expect(b.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(b.readUInt32LE(20)).toBe(1);
  });

  it('bad input: file:line field message on stderr, exit 1, nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnilab-'));
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'apiVersion: cnilab/v1\nkind: Topology\nmetadata: {name: t}\nspec:\n  networks:\n    - {name: lan, cidr: 10.0.300.0/24}\n  nodes: []\n');
    const r = runCli(['validate', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${f}:6`);
    expect(r.stderr).toContain('spec.networks[0].cidr');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('unknown node, unknown preset, unknown command: clear errors', () => {
    expect(runCli(['routes', '--preset', 'seed000-ipip', '--node', 'nope']).stderr).toContain('unknown node "nope" (nodes: master-1, master-2, node-1, node-2)');
    expect(runCli(['routes', '--preset', 'nope', '--node', 'x']).stderr).toContain('unknown preset "nope"');
    expect(runCli(['frobnicate']).code).toBe(1);
  });

  it('ipam show counts tunnel addresses as in use (4 tunnels + 10 pods in seed 000)', () => {
    const r = runCli(['ipam', '--preset', 'seed000-ipip', '--show-blocks']);
    expect(r.stdout).toMatch(/\| IP Pool\s+\| 172\.20\.0\.0\/16\s+\|\s+65536 \|\s+14 \(0%\)\s+\|\s+65522 \(100%\) \|/);
    expect(r.stdout).toMatch(/\| Block\s+\| 172\.20\.247\.0\/26\s+\|\s+64 \|\s+5 \(8%\)\s+\|\s+59 \(92%\)\s+\|/);
  });

  it("prints the same text as the terminal for the labs' narrow forms (ip link, get ippool/node, ipam configuration)", () => {
    const state = loadLab(readFileSync(join(root, 'presets/seed000-ipip.yaml'), 'utf8'), 'seed000-ipip.yaml').state!;
    const pairs: [string, string[]][] = [
      ['ip link', ['link', '--node', 'node-1', '--no-details']],
      ['calicoctl get ippool', ['pools', '--narrow']],
      ['calicoctl get node', ['nodes', '--narrow']],
      ['calicoctl ipam show --show-configuration', ['ipam', '--show-configuration']],
    ];
    for (const [line, [cmd, ...rest]] of pairs) {
      const cli = runCli([cmd, '--preset', 'seed000-ipip', ...rest]);
      expect(cli.code, line).toBe(0);
      expect(cli.stdout, line).toBe(runCommand(state, { node: 'node-1' }, line).out);
    }
    expect(runCli(['pools', '--preset', 'seed000-ipip', '--narrow']).stdout).toMatch(/^NAME\s+CIDR\s+SELECTOR\s*\n/);
    expect(runCli(['ipam', '--preset', 'seed000-ipip', '--show-configuration']).stdout).toContain('StrictAffinity');
  });

  it('route-get: the tunnel route and its source on the node, the pod gateway in the pod', () => {
    const node = runCli(['route-get', '--preset', 'seed004-interface-ens33-eth0', '--node', 'vms71.rhce.cc', '--to', '10.244.5.194']);
    expect(node.stdout).toBe('10.244.5.194 via 192.168.30.72 dev tunl0 src 10.244.118.192 uid 0 \n    cache \n');
    const pod = runCli(['route-get', '--preset', 'seed004-interface-ens33-eth0', '--pod', 'default/pod1', '--to', '10.244.5.194']);
    expect(pod.stdout).toBe('10.244.5.194 via 169.254.1.1 dev eth0 src 10.244.118.193 uid 0 \n    cache \n');
  });

  it('bgp/ss/nodes print seed 001 tables; events shows the mesh being switched off', () => {
    expect(runCli(['bgp', '--preset', 'seed001-ipip', '--node', 'k8s-master']).stdout).toBe(fixture('001_node_status_mesh.txt') + '\n');
    const ss = runCli(['ss', '--preset', 'seed001-ipip', '--node', 'k8s-master']).stdout;
    expect(ss.split('\n').filter(Boolean).every((l) => l.includes('192.168.179.102:179 '))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'cnilab-'));
    const change = join(dir, 'bgpconfig.yaml');
    writeFileSync(change, 'apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata: {name: default}\nspec: {nodeToNodeMeshEnabled: false}\n');
    const ev = runCli(['events', '--preset', 'seed001-ipip', '--apply', change]);
    expect(ev.code).toBe(0);
    expect(ev.stdout).toContain('NOTIFICATION');
    expect(ev.stdout).toMatch(/FIB del\s+k8s-master: 10\.244\.36\.64\/26 via 192\.168\.179\.103 dev tunl0 proto bird onlink/);
  });

  it('every command has a summary (the README table is generated from them)', () => {
    for (const c of COMMANDS) expect(c.summary.length).toBeGreaterThan(10);
  });

  it('npm run cli prints only the command output on stdout', () => {
    const out = execFileSync('npm', ['run', 'cli', '--', 'pools', '--preset', 'seed001-ipip'], { cwd: root, encoding: 'utf8' });
    expect(out).toBe(runCli(['pools', '--preset', 'seed001-ipip']).stdout);
    expect(out.split('\n')[0]).toBe(fixture('001_get_ippool_wide_always.txt').split('\n')[0]);
    const bad = spawnSync('npm', ['run', 'cli', '--', 'routes', '--preset', 'seed000-ipip', '--node', 'nope'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
  }, 30_000);
});

function firstPod(preset: string, node: string): string {
  const r = runCli(['pods', '--preset', preset]);
  const line = r.stdout.split('\n').find((l) => l.includes(` ${node} `))!;
  return line.split(/\s+/)[0];
}
