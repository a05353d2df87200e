// `kubectl get pods` as kubectl prints it (issue 12.6): the context's namespace (default) unless -n or -A,
// and with -A the NAMESPACE column first, so that two pods with one name in two namespaces can be told apart.
// Expected texts are written by hand from kubectl's tabwriter rules (3 spaces of padding, widest cell).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../src/core/session/load';
import { runCommand } from '../src/core/terminal';
import { runCli } from '../src/cli/main';

const SEED002 = readFileSync(new URL('../presets/seed002-policy.yaml', import.meta.url), 'utf8');
// a second pod-test, in another namespace, on another node
const TWIN = `${SEED002}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: pod-test, namespace: develop}\nspec: {nodeName: node1, containers: [{name: c, image: busybox}]}\n`;
const state = () => loadLab(TWIN, 'twin.yaml').state!;
const sh = (line: string) => runCommand(state(), { node: 'master1' }, line);

describe('kubectl get pods in the terminal', () => {
  it('without -n or -A: only the default namespace', () => {
    const r = sh('kubectl get pods -o wide');
    expect(r.exit).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('NAME       READY   STATUS    RESTARTS   AGE   IP           NODE    NOMINATED NODE   READINESS GATES');
    expect(lines[1]).toMatch(/^pod-test   1\/1     Running   0          5m    10\.244\.\d+\.\d+ +node\d +<none>           <none>$/);
  });

  it('-A: NAMESPACE first, and the two pod-test pods are told apart', () => {
    const lines = sh('kubectl get pods -A -o wide').out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/);
    const twins = lines.filter((l) => / pod-test /.test(l));
    expect(twins.map((l) => l.split(/ +/)[0]).sort()).toEqual(['default', 'develop']);
    // 9 scenario pods, and the install's own (issue 14): calico-node and kube-proxy on each of the 4 nodes and
    // one calico-kube-controllers (coredns is the preset's own pair)
    expect(lines).toHaveLength(1 + 9 + 4 + 4 + 1);
    // the API server lists by namespace, then name
    const keys = lines.slice(1).map((l) => l.split(/ +/).slice(0, 2).join('/'));
    expect(keys).toEqual([...keys].sort());
    expect(sh('kubectl get pods --all-namespaces -o wide').out).toBe(sh('kubectl get pods -o wide -A').out);
  });

  it('-n NAMESPACE, in each spelling kubectl accepts', () => {
    const out = sh('kubectl get pods -n kube-system -o wide').out;
    const names = out.trimEnd().split('\n').slice(1).map((l) => l.split(/ +/)[0]);
    const gen = '[bcdfghjklmnpqrstvwxz2456789]';
    const shapes = names.map((n) =>
      n.replace(new RegExp(`^calico-node-${gen}{5}$`), 'calico-node-*').replace(new RegExp(`^kube-proxy-${gen}{5}$`), 'kube-proxy-*').replace(new RegExp(`^calico-kube-controllers-${gen}{10}-${gen}{5}$`), 'calico-kube-controllers-*'),
    );
    expect(shapes).toEqual(['calico-kube-controllers-*', ...Array(4).fill('calico-node-*'), 'coredns-78fcd69978-4kq8r', 'coredns-78fcd69978-xwz6p', ...Array(4).fill('kube-proxy-*')]);
    for (const spelling of ['kubectl get pods --namespace kube-system -o wide', 'kubectl get pods --namespace=kube-system -owide', 'kubectl get po -nkube-system -o wide']) {
      expect(sh(spelling).out).toBe(out);
    }
    expect(sh('kubectl get pods -n nowhere').out).toBe('No resources found in nowhere namespace.\n');
  });

  it('without -o wide: the five narrow columns', () => {
    expect(sh('kubectl get pods').out).toBe('NAME       READY   STATUS    RESTARTS   AGE\npod-test   1/1     Running   0          5m\n');
  });

  it('refuses what kubectl refuses', () => {
    expect(sh('kubectl get pods -o yaml').out).toMatch(/unable to match a printer/);
    expect(sh('kubectl get pods -x').out).toMatch(/unknown shorthand flag: 'x'/);
    expect(sh('kubectl get pods -n').out).toMatch(/flag needs an argument/);
  });
});

describe('the CLI', () => {
  it('pods keeps its named form (every pod, no NAMESPACE column) and gains -A and -n', () => {
    const plain = runCli(['pods', '--preset', 'seed002-policy']);
    expect(plain.code).toBe(0);
    expect(plain.stdout.split('\n')[0]).toMatch(/^NAME +READY/);
    expect(plain.stdout.trimEnd().split('\n')).toHaveLength(1 + 8);
    const all = runCli(['pods', '--preset', 'seed002-policy', '-A']);
    expect(all.stdout.split('\n')[0]).toMatch(/^NAMESPACE +NAME +READY/);
    expect(all.stdout).toContain('kubernetes-dashboard   kubernetes-dashboard-6c7ccbcf87-xyz12');
    const one = runCli(['pods', '--preset', 'seed002-policy', '-n', 'develop']);
    expect(one.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/ +/)[0])).toEqual([
      'pod-deployment-76dd67889b-wqnvm',
      'pod-deployment-76dd67889b-s4m69',
      'pod-deployment-76dd67889b-7gzhf',
      'pod-test1',
    ]);
  });
});
