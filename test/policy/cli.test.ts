// The policy commands through the CLI entry point (runCli): `matrix` JSON shape with nothing else on
// stdout, the text grid, `explain` through the Service DNAT, `--apply` with errors on the applied
// file's own lines, and `validate` refusing what the API server refuses (file:line and field path).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { FIXTURES, joinDocs, lineOf, policyFile, PRESETS, read } from './support';

const PODS = [
  'default/pod-test',
  'develop/pod-deployment-76dd67889b-7gzhf',
  'develop/pod-deployment-76dd67889b-s4m69',
  'develop/pod-deployment-76dd67889b-wqnvm',
  'develop/pod-test1',
  'kube-system/coredns-78fcd69978-4kq8r',
  'kube-system/coredns-78fcd69978-xwz6p',
  'kubernetes-dashboard/kubernetes-dashboard-6c7ccbcf87-xyz12',
];

describe('cli matrix', () => {
  it('--format json: exactly {probe: {client: {server: bool}}} for every ordered pair, nothing else on stdout', () => {
    const r = runCli(['matrix', '--preset', 'seed002-policy', '--apply', policyFile('seed002-05-deny-all'), '--probe', 'TCP/80', '--probe', 'udp/53', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('{')).toBe(true);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    const m = JSON.parse(r.stdout) as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(m)).toEqual(['TCP/80', 'UDP/53']);
    for (const table of Object.values(m)) {
      expect(Object.keys(table)).toEqual(PODS);
      for (const row of Object.values(table)) {
        expect(Object.keys(row)).toEqual(PODS);
        for (const v of Object.values(row)) expect(typeof v).toBe('boolean');
      }
    }
    const t = m['TCP/80'];
    // outer key = client: develop pods cannot send (egress deny) but default/pod-test can reach non-develop pods
    expect(t['develop/pod-test1']['default/pod-test']).toBe(false);
    expect(t['default/pod-test']['develop/pod-test1']).toBe(false);
    expect(t['default/pod-test']['kube-system/coredns-78fcd69978-4kq8r']).toBe(true);
    expect(t['develop/pod-test1']['develop/pod-test1']).toBe(true); // a pod to itself: loopback
    let allowed = 0;
    for (const row of Object.values(t)) for (const v of Object.values(row)) if (v) allowed++;
    // 4 develop pods: they send nothing to others (4 x 7 pairs) and receive nothing from the 4 others
    expect(allowed).toBe(64 - 4 * 7 - 4 * 4);
  });

  it('default probe TCP/80 and a readable grid', () => {
    const r = runCli(['matrix', '--preset', 'seed002-policy', '--apply', policyFile('seed002-10-namespace-selector')]);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('TCP/80: rows = client, columns = server; . connects, X blocked');
    expect(lines[1].trim()).toBe('1  2  3  4  5  6  7  8');
    expect(lines[2]).toMatch(/^1  default\/pod-test +\.  X  X  X  X  \.  \.  \.$/);
    expect(lines[5]).toMatch(/^4  develop\/pod-deployment-76dd67889b-wqnvm +\.  \.  \.  \.  \.  \.  \.  \.$/);
    expect(lines[10]).toBe('60 of 64 ordered pairs connect');
  });

  it('under Flannel every pair connects and the grid says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnilab-policy-'));
    const deny = join(dir, 'deny-default.yaml');
    writeFileSync(deny, read(policyFile('seed002-05-deny-all')).replace('namespace: develop', 'namespace: default'));
    const r = runCli(['matrix', '--preset', 'seed002-flannel-vxlan', '--apply', deny]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('TCP/80: rows = client, columns = server; . connects, X blocked (Flannel does not enforce NetworkPolicy)');
    expect(lines.slice(2, -1).join('\n')).not.toContain('X');
    expect(lines.at(-1)).toBe('9 of 9 ordered pairs connect');
    // the same policy under Calico isolates the default pods
    const calico = runCli(['matrix', '--preset', 'seed002-policy', '--apply', deny]);
    expect(calico.stdout).toContain('1  default/pod-test');
    expect(calico.stdout.split('\n')[2]).toMatch(/^1  default\/pod-test +\.  X  X  X  X  X  X  X$/);
  });

  it('refuses a malformed probe with usage on stderr', () => {
    const r = runCli(['matrix', '--preset', 'seed002-policy', '--probe', 'TCP']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--probe takes PROTOCOL/PORT');
  });
});

describe('cli explain', () => {
  it('through the Service: the DNAT, then which policies selected each side and which rule decided', () => {
    const r = runCli(['explain', '--preset', 'seed002-policy', '--apply', policyFile('seed002-08-same-namespace-ipblock'), '--apply', policyFile('seed002-09-egress-dns'), '--from', 'develop/pod-test1', '--to', '10.96.0.10', '--probe', 'UDP/53']);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    // kube-proxy picks an endpoint at random (the lab hashes the flow), so the expectation is the preset's two
    // CoreDNS pods (presets/seed002-policy.yaml), and every line of the answer must name the one it picked
    const dnat = /^kube-proxy on node1: Service kube-system\/kube-dns 10\.96\.0\.10:53\/UDP → (10\.244\.\d+\.2):53 \(endpoint ([12]) of 2: kube-system\/(coredns-78fcd69978-\w+); client source port \d+, as the walk's UDP client picks it\)$/.exec(lines[0]);
    expect(dnat, lines[0]).not.toBeNull();
    const [, epIp, , ep] = dnat!;
    expect(['coredns-78fcd69978-4kq8r', 'coredns-78fcd69978-xwz6p']).toContain(ep);
    expect(lines[1]).toBe('policy sees the chosen pod, after DNAT:');
    expect(lines[2]).toBe(`UDP/53 from develop/pod-test1 (10.244.5.4) to kube-system/${ep} (${epIp}): ALLOWED`);
    expect(lines).toContain('egress of develop/pod-test1: selected by 2 policies:');
    expect(lines).toContain('  - knp.default.deny-all-ingress (KubernetesNetworkPolicy in develop, tier default, order 1000)');
    expect(lines).toContain('  - knp.default.egress-controller (KubernetesNetworkPolicy in develop, tier default, order 1000)');
    expect(lines).toContain('  knp.default.deny-all-ingress: no egress rule matched');
    expect(lines.some((l) => /^  knp\.default\.egress-controller: egress rule 0 matched: Allow UDP to ports 53$/.test(l))).toBe(true);
    expect(lines).toContain('  → allowed: knp.default.egress-controller egress rule 0 Allow');
    expect(lines.at(-1)).toBe(`ingress of kube-system/${ep}: no policy selects this pod: allowed by profile kns.kube-system`);
  });

  it('lands on the same endpoint as trace does', () => {
    const ex = runCli(['explain', '--preset', 'seed002-policy', '--from', 'default/pod-test', '--to', '10.96.80.213']);
    const tr = runCli(['trace', '--preset', 'seed002-policy', '--from', 'default/pod-test', '--to', '10.96.80.213', '--protocol', 'tcp', '--port', '80']);
    const pod = /endpoint \d of 3: (develop\/[\w-]+)/.exec(ex.stdout)![1];
    expect(tr.stdout).toContain(`endpoint ${/endpoint (\d) of 3/.exec(ex.stdout)![1]} of 3: ${pod})`);
    expect(tr.stdout).toContain(`verdict: delivered at pod/${pod}`);
  });

  it('pod to pod, denied: names the implicit deny; errors for unknown ends go to stderr', () => {
    const r = runCli(['explain', '--preset', 'seed002-policy', '--apply', policyFile('seed002-05-deny-all'), '--from', 'default/pod-test', '--to', 'develop/pod-test1', '--probe', 'TCP/80']);
    expect(r.stdout).toContain('TCP/80 from default/pod-test (10.244.5.5) to develop/pod-test1 (10.244.5.4): DENIED\n');
    expect(r.stdout).toContain('egress of default/pod-test: no policy selects this pod: allowed by profile kns.default\n');
    expect(r.stdout).toContain('  knp.default.deny-all-ingress: no ingress rule matched\n  → denied: default tier: no rule matched: implicit deny\n');
    const bad = runCli(['explain', '--preset', 'seed002-policy', '--from', 'default/nope', '--to', '10.96.80.213']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--from must be a pod');
    // a --from of 500 characters is quoted cut, with its length
    const long = runCli(['explain', '--preset', 'seed002-policy', '--from', 'x'.repeat(500), '--to', '10.96.80.213']);
    expect(long.stderr).toContain(`--from must be a pod (namespace/name) with a pod IP; "${'x'.repeat(60)}…" (500 characters) is not one (pods: `);
    const icmp = runCli(['explain', '--preset', 'seed002-policy', '--from', 'default/pod-test', '--to', '10.96.80.213', '--probe', 'ICMP']);
    expect(icmp.stderr).toContain('kube-proxy only has rules for its ports (TCP/80)');
  });
});

describe('validation: what the API server refuses, with file:line and field path', () => {
  it('--apply errors point at the applied file\'s lines', () => {
    const f = join(FIXTURES, 'invalid-api.yaml');
    const text = read(f);
    const r = runCli(['matrix', '--preset', 'seed002-policy', '--apply', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`cni-lab matrix: ${f}:${lineOf(text, 'endPort: 79')} spec.ingress[0].ports[0].endPort: E801 The NetworkPolicy "bad-ports" is invalid: spec.ingress[0].ports[0].endPort: Invalid value: 79: must be greater than or equal to \`port\``);
    expect(lines[1]).toBe(`${f}:${lineOf(text, 'except: [10.245.0.0/24]')} spec.ingress[1].from[0].ipBlock.except[0]: E801 The NetworkPolicy "bad-ports" is invalid: spec.ingress[1].from[0].ipBlock.except[0]: Invalid value: "10.245.0.0/24": must be a strict subset of \`cidr\``);
    expect(lines[2]).toBe(`${f}:${lineOf(text, "selector: app = 'web'")} spec.selector: E803 GlobalNetworkPolicy "bad-selector" is invalid: spec.selector: selector: unexpected token "=" at position 4, expected "==" or "!="`);
    expect(lines[3]).toContain(`${f}:${lineOf(text, 'ports: [80]')} spec.ingress[0].destination.ports: E803`);
  });

  const verbatim: [string, string, string, string][] = [
    ['seed002-opening-verbatim', '- namespacesSelector:', 'spec.ingress[0].from[1].namespacesSelector', 'E802 NetworkPolicy default/test-network-policy: strict decoding error: unknown field "spec.ingress[0].from[1].namespacesSelector"'],
    ['seed002-08-verbatim', '  ports:', 'spec.ports', 'E802 NetworkPolicy develop/deny-all-ingress: strict decoding error: unknown field "spec.ports"'],
    ['seed002-09-verbatim', '      ports:', 'spec.egress[1].to[0].ports', 'E802 NetworkPolicy develop/egress-controller: strict decoding error: unknown field "spec.egress[1].to[0].ports"'],
  ];
  for (const [name, needle, path, msg] of verbatim) {
    it(`validate refuses seed 002's ${name.replace('-verbatim', '')} as printed (${path})`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'cnilab-policy-'));
      const file = join(dir, 'lab.yaml');
      const text = joinDocs(read(join(PRESETS, 'seed002-policy.yaml')), read(join(FIXTURES, `${name}.yaml`)));
      writeFileSync(file, text);
      const r = runCli(['validate', file]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const base = read(join(PRESETS, 'seed002-policy.yaml')).split('\n').length; // lines before the fixture, with the '---'
      const line = base + lineOf(read(join(FIXTURES, `${name}.yaml`)), needle);
      expect(lineOf(text, needle, text.split('\n').slice(0, base).filter((l) => l.includes(needle)).length + 1)).toBe(line);
      expect(r.stderr.trimEnd()).toBe(`cni-lab validate: ${file}:${line} ${path}: ${msg}`);
    });
  }

  it('05 and 10 as printed are refused by the parser itself (metadata not indented; a stray "}}")', () => {
    const r05 = runCli(['matrix', '--preset', 'seed002-policy', '--apply', join(FIXTURES, 'seed002-05-verbatim.yaml')]);
    expect(r05.stderr).toContain(`seed002-05-verbatim.yaml:4 metadata.name: E106 metadata.name is required`);
    const r10 = runCli(['matrix', '--preset', 'seed002-policy', '--apply', join(FIXTURES, 'seed002-10-verbatim.yaml')]);
    expect(r10.stderr).toMatch(/seed002-10-verbatim\.yaml:21: E101 YAML syntax: .*"\}"/);
  });

  it('the corrected files all load', () => {
    for (const p of ['seed002-05-deny-all', 'seed002-06-allow-all', 'seed002-07-same-namespace', 'seed002-08-same-namespace-ipblock', 'seed002-09-egress-dns', 'seed002-dns-egress', 'seed002-10-namespace-selector', 'seed002-11-global-order']) {
      const r = runCli(['matrix', '--preset', 'seed002-policy', '--apply', policyFile(p), '--format', 'json']);
      expect(r.stderr, p).toBe('');
    }
  });
});
