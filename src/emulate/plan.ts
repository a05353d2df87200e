// Names for what the lab creates. Every namespace is `cnilab-<lab>-<kind><n>` (≤ 15 characters up to 99
// nodes/pods) and a mapping file in the lab's temp dir says which scenario object each one stands for, so
// `emulate exec` and `emulate down` find them again from the scenario file alone.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterState } from '../core/model/cluster';

export const PREFIX = 'cnilab-';

export interface LabMap {
  lab: string;
  source: string;
  /** the bridges' namespace: the L2 segments live here, not in the root namespace */
  fabric: string;
  /** simulator NetNS id ("node/x", "pod/ns/p", "router/r") → namespace name */
  ns: Record<string, string>;
  /** BIRD pid files (one per node) */
  birdPids: string[];
  skipped: string[];
  /** kube-proxy's nat rules were loaded into the node namespaces (iptables-restore) */
  kubeProxy?: boolean;
}

/** A short stable id from the scenario's source name, so `down FILE` finds what `up FILE` made. */
export function labId(source: string): string {
  return createHash('sha1').update(source).digest('hex').slice(0, 4);
}

export function labDir(lab: string): string {
  const d = join(tmpdir(), `${PREFIX}${lab}`);
  if (!existsSync(d)) mkdirSync(d, { recursive: true, mode: 0o700 });
  return d;
}

export function planNames(state: ClusterState, source: string): LabMap {
  const lab = labId(source);
  const ns: Record<string, string> = {};
  state.nodes.forEach((n, i) => (ns[n.ns] = `${PREFIX}${lab}-n${i}`));
  state.pods.forEach((p, i) => (ns[p.ns] = `${PREFIX}${lab}-p${i}`));
  Object.values(state.netns)
    .filter((n) => n.kind === 'router')
    .forEach((r, i) => (ns[r.id] = `${PREFIX}${lab}-r${i}`));
  return { lab, source, fabric: `${PREFIX}${lab}-fab`, ns, birdPids: [], skipped: [] };
}

export function saveMap(m: LabMap): void {
  writeFileSync(join(labDir(m.lab), 'map.json'), JSON.stringify(m, null, 2));
}

export function readMap(lab: string): LabMap | undefined {
  const f = join(tmpdir(), `${PREFIX}${lab}`, 'map.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as LabMap) : undefined;
}

/** Target as the CLI names it: a node name, NS/POD, or a router name → the simulator's NetNS id. */
export function targetId(state: ClusterState, t: string): string | undefined {
  if (t.includes('/')) {
    const p = state.pods.find((x) => `${x.namespace}/${x.name}` === t);
    return p?.ns;
  }
  const n = state.nodes.find((x) => x.name === t);
  if (n) return n.ns;
  const r = Object.values(state.netns).find((x) => x.kind === 'router' && x.name === t);
  return r?.id;
}
