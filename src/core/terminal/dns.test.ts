import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../session/load';
import { runCommand } from './index';

// presets/seed002-policy plus test/fixtures/dns/seed002-headless.yaml. Expected addresses are the preset's, read
// off by hand: pod-deployment's clusterIP 10.96.80.213 and kube-dns's 10.96.0.10 are written in the preset; its
// app=pod-deployment pods are wqnvm on node1 (10.244.5.3, host-local's block 10.244.5.0/24 after coredns .2) and
// s4m69, 7gzhf on node2 (10.244.6.2, 10.244.6.3); pod-test1 (develop) is 10.244.5.4, pod-test (default) 10.244.5.5.
const text = `${readFileSync('presets/seed002-policy.yaml', 'utf8')}\n---\n${readFileSync('test/fixtures/dns/seed002-headless.yaml', 'utf8')}`;
const state = loadLab(text, 'seed002-policy+headless').state!;
const inDevelop = { pod: 'develop/pod-test1' };
const inDefault = { pod: 'default/pod-test' };
const dig = (target: Parameters<typeof runCommand>[1], line: string) => runCommand(state, target, line);

describe('dig +short (CoreDNS kubernetes plugin)', () => {
  it('answers a Service FQDN with its clusterIP, from a pod and from a node, with +short on either side', () => {
    for (const line of ['dig +short pod-deployment.develop.svc.cluster.local', 'dig pod-deployment.develop.svc.cluster.local +short', 'dig +short pod-deployment.develop.svc.cluster.local.', 'dig +short POD-DEPLOYMENT.develop.svc.cluster.local A']) {
      expect(dig(inDefault, line)).toEqual({ out: '10.96.80.213\n', exit: 0 });
      expect(dig({ node: 'master1' }, line)).toEqual({ out: '10.96.80.213\n', exit: 0 });
    }
    expect(dig(inDevelop, 'dig +short kube-dns.kube-system.svc.cluster.local').out).toBe('10.96.0.10\n');
  });

  it('answers a headless Service with one line per ready endpoint, in EndpointSlice order (by address)', () => {
    expect(dig(inDefault, 'dig +short pod-deployment-headless.develop.svc.cluster.local')).toEqual({ out: '10.244.5.3\n10.244.6.2\n10.244.6.3\n', exit: 0 });
    // no endpoints: no records, dig prints nothing and exits 0
    expect(dig(inDefault, 'dig +short nobody-headless.develop.svc.cluster.local')).toEqual({ out: '', exit: 0 });
  });

  it('answers A-B-C-D.NS.pod names (pods insecure) for a namespace that exists', () => {
    expect(dig(inDevelop, 'dig +short 10-244-6-2.develop.pod.cluster.local').out).toBe('10.244.6.2\n');
    expect(dig(inDevelop, 'dig +short 10-244-6-2.nosuchns.pod.cluster.local').out).toBe('');
    expect(dig(inDevelop, 'dig +short 10-244-6-300.develop.pod.cluster.local').out).toBe('');
  });

  it('prints nothing, exit 0, for NXDOMAIN; short names need +search, as dig does not read the search list by default', () => {
    for (const name of ['nosuch.develop.svc.cluster.local', 'pod-deployment.default.svc.cluster.local', 'pod-deployment', 'pod-deployment.develop', 'example.com'])
      expect(dig(inDevelop, `dig +short ${name}`)).toEqual({ out: '', exit: 0 });
    // +search walks develop.svc.cluster.local, svc.cluster.local, cluster.local (ndots:5)
    expect(dig(inDevelop, 'dig +search +short pod-deployment').out).toBe('10.96.80.213\n');
    expect(dig(inDevelop, 'dig +search +short pod-deployment-headless').out).toBe('10.244.5.3\n10.244.6.2\n10.244.6.3\n');
    expect(dig(inDefault, 'dig +search +short pod-deployment.develop').out).toBe('10.96.80.213\n');
    expect(dig(inDefault, 'dig +search +short pod-deployment.develop.svc').out).toBe('10.96.80.213\n');
    // from default, the bare name expands to pod-deployment.default.svc.cluster.local: no such Service
    expect(dig(inDefault, 'dig +search +short pod-deployment').out).toBe('');
    // a node's resolv.conf has no cluster search list
    expect(dig({ node: 'master1' }, 'dig +search +short pod-deployment.develop').out).toBe('');
  });

  it('refuses what it does not simulate', () => {
    expect(dig(inDevelop, 'dig pod-deployment.develop.svc.cluster.local')).toMatchObject({ exit: 2, refused: true });
    expect(dig(inDevelop, 'dig +short pod-deployment.develop.svc.cluster.local SRV')).toMatchObject({ exit: 2, refused: true });
    expect(dig(inDevelop, 'dig +short')).toMatchObject({ exit: 2, refused: true });
    expect(dig(inDevelop, 'dig +short x | grep 10.96').exit).toBe(1);
  });
});
