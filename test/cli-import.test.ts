// `cli import`: the scenario on stdout (or in -o FILE), the report on stderr, errors located with exit 1.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../src/cli/main';

const F = join(__dirname, 'fixtures/import/kubeadm-calico');
const dumps = ['cluster.yaml', 'calico.yaml', 'blocks.yaml', 'k8s-worker1.ip-addr.txt'].map((f) => join(F, f));

it('writes a scenario the other commands read, and reports on stderr', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'cnilab-import-')), 'my-cluster.yaml');
  const r = runCli(['import', ...dumps, '-o', out]);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('dropped: 1 Secret dropped');
  expect(r.stderr).toContain('assumed: default gateway unknown');
  expect(r.stderr).toMatch(/imported 3 nodes, 4 pods \(calico\) from 4 files → .*my-cluster\.yaml\n$/);
  expect(readFileSync(out, 'utf8')).toContain('kind: Topology');
  const routes = runCli(['routes', out, '--node', 'k8s-worker2', '--format', 'ip-route']);
  expect(routes.stderr).toBe('');
  expect(routes.stdout).toContain('10.244.230.0/26 via 192.168.56.11 dev tunl0 proto bird onlink');
});

it('prints the scenario on stdout without -o, and fails with file:line on a bad dump', () => {
  const r = runCli(['import', ...dumps]);
  expect(r.stdout.startsWith('# Imported by cni-lab from')).toBe(true);
  const bad = runCli(['import', join(F, 'blocks.yaml')]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/blocks\.yaml:1: E904 no Node in/);
});
