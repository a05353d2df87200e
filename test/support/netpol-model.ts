// Test support: the pod world of the upstream Kubernetes network-policy e2e suite
// (kubernetes test/e2e/network/netpol model.go / reachability.go), rebuilt for the simulator.
// Namespaces x, y, z carry labels {ns: <name>, kubernetes.io/metadata.name: <name>}; each pod
// "x/a" has label pod=a and one container port per (port, protocol), named
// "serve-<port>-<proto>" (e.g. serve-80-tcp). A Reachability starts all-true and the test says
// which pairs must be denied; loopback pairs are not compared (upstream ignores them too).

import type { CalicoPolicy, ContainerPort, K8sNetworkPolicy, Namespace, Tier } from '../../src/core/model';
import { compilePolicies, type CompiledPolicies } from '../../src/core/policy/compile';
import { matrix, type Probe, probeKey } from '../../src/core/policy/matrix';
import type { PolicyPod, PolicyWorld } from '../../src/core/policy/types';

export const NS_INDEX: Record<string, number> = { x: 1, y: 2, z: 3 };

export function netpolPod(spec: string, ports: number[] = [80, 81], protocols: ContainerPort['protocol'][] = ['TCP', 'UDP', 'SCTP']): PolicyPod {
  const [namespace, name] = spec.split('/');
  const cps: ContainerPort[] = [];
  for (const port of ports) for (const protocol of protocols) cps.push({ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol });
  const nsIdx = NS_INDEX[namespace] ?? 9;
  return {
    namespace,
    name,
    labels: { pod: name },
    ip: `10.244.${nsIdx}.${name.charCodeAt(0) - 96 + 10}`,
    node: 'node-1',
    ports: cps,
  };
}

export function namespaceOf(name: string, extra: Record<string, string> = {}): Namespace {
  return { name, labels: { ns: name, 'kubernetes.io/metadata.name': name, ...extra } };
}

export interface WorldOpts {
  policies?: K8sNetworkPolicy[];
  calico?: CalicoPolicy[];
  tiers?: Tier[];
  namespaces?: Namespace[];
  enforced?: boolean;
}

export function netpolWorld(pods: PolicyPod[], o: WorldOpts = {}): PolicyWorld {
  const nsNames = [...new Set(pods.map((p) => p.namespace))];
  const namespaces = o.namespaces ?? nsNames.map((n) => namespaceOf(n));
  return {
    pods,
    namespaces,
    networkPolicies: o.policies ?? [],
    calicoPolicies: o.calico ?? [],
    tiers: o.tiers ?? [],
    enforced: o.enforced ?? true,
  };
}

export function np(namespace: string, name: string, spec: Record<string, unknown>): K8sNetworkPolicy {
  return { namespace, name, spec };
}

export interface PeerPattern {
  ns?: string;
  pod?: string;
}

export class Reachability {
  readonly expected = new Map<string, boolean>();
  constructor(readonly pods: string[]) {
    for (const a of pods) for (const b of pods) this.expected.set(`${a}>${b}`, true);
  }
  private static fits(p: string, pat: PeerPattern) {
    const [ns, pod] = p.split('/');
    return (pat.ns === undefined || pat.ns === ns) && (pat.pod === undefined || pat.pod === pod);
  }
  expect(from: string, to: string, v: boolean): this {
    this.expected.set(`${from}>${to}`, v);
    return this;
  }
  expectPeer(from: PeerPattern, to: PeerPattern, v: boolean): this {
    for (const a of this.pods) for (const b of this.pods) if (Reachability.fits(a, from) && Reachability.fits(b, to)) this.expect(a, b, v);
    return this;
  }
  expectAllIngress(to: string, v: boolean): this {
    for (const a of this.pods) this.expect(a, to, v);
    return this;
  }
  expectAllEgress(from: string, v: boolean): this {
    for (const b of this.pods) this.expect(from, b, v);
    return this;
  }
}

/** Pairs where the simulator disagrees with the expectation ("x/a>x/b: expected false"). */
export function mismatches(c: CompiledPolicies, pods: PolicyPod[], probe: Probe, r: Reachability): string[] {
  const m = matrix(c, pods, [probe])[probeKey(probe)];
  const out: string[] = [];
  for (const a of r.pods)
    for (const b of r.pods) {
      if (a === b) continue; // loopback is ignored upstream (kubernetes issue 95879)
      const want = r.expected.get(`${a}>${b}`);
      if (m[a][b] !== want) out.push(`${a}>${b}: expected ${want}`);
    }
  return out;
}

/** Builds the world, compiles, and returns mismatches for one probe. */
export function check(podSpecs: string[], policies: K8sNetworkPolicy[], probe: Probe, build: (r: Reachability) => void, o: Omit<WorldOpts, 'policies'> & { ports?: number[]; protocols?: ContainerPort['protocol'][] } = {}) {
  const pods = podSpecs.map((s) => netpolPod(s, o.ports, o.protocols));
  const c = compilePolicies(netpolWorld(pods, { ...o, policies }));
  const r = new Reachability(podSpecs);
  build(r);
  return { mismatches: mismatches(c, pods, probe, r), compiled: c, pods };
}
