// The diff of two scenarios by resource identity, for typed edits (a toggle changes a field of a typed
// Scenario, not a manifest). Labels are the manifests' own ("Kind/name", namespaced "Kind/ns/name"), so a
// diff reads the same whichever way the change came in. Pods a Deployment made are the Deployment's.

import type { Scenario } from '../model/scenario';
import type { Diff } from './types';

type Keyed = Map<string, string>;

function resources(s: Scenario): Keyed {
  const m: Keyed = new Map();
  const put = (label: string, v: unknown) => m.set(label, JSON.stringify(v));
  put(`Topology/${s.topology.name}`, s.topology);
  put(`Cluster/${s.cluster.name}`, s.cluster);
  put('IPAMConfig/default', s.ipamConfig);
  for (const x of s.ippools) put(`IPPool/${x.name}`, x);
  for (const x of s.bgpConfigurations) put(`BGPConfiguration/${x.name}`, x);
  for (const x of s.bgpPeers) put(`BGPPeer/${x.name}`, x);
  for (const x of s.calicoNodes) put(`Node/${x.name}`, x);
  for (const x of s.blockAffinities) put(`BlockAffinity/${x.name}`, x);
  for (const x of s.tiers) put(`Tier/${x.name}`, x);
  for (const x of s.calicoPolicies) put(x.namespace ? `${x.kind}/${x.namespace}/${x.name}` : `${x.kind}/${x.name}`, x);
  for (const x of s.networkPolicies) put(`NetworkPolicy/${x.namespace}/${x.name}`, x);
  for (const x of s.namespaces) put(`Namespace/${x.name}`, x);
  for (const x of s.deployments) put(`Deployment/${x.namespace}/${x.name}`, x);
  for (const x of s.pods) if (!x.ownerDeployment) put(`Pod/${x.namespace}/${x.name}`, x);
  for (const x of s.services) put(`Service/${x.namespace}/${x.name}`, x);
  for (const x of s.faults) put(`Fault/${x.name}`, x);
  return m;
}

/** `before` undefined: a load, where everything is added. */
export function diffScenarios(before: Scenario | undefined, after: Scenario): Diff {
  const a = before ? resources(before) : new Map<string, string>();
  const b = resources(after);
  const diff: Diff = { added: [], updated: [], removed: [] };
  for (const [k, v] of b) {
    const was = a.get(k);
    if (was === undefined) diff.added.push(k);
    else if (was !== v) diff.updated.push(k);
  }
  for (const k of a.keys()) if (!b.has(k)) diff.removed.push(k);
  return diff;
}
