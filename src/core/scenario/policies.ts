// Policies are kept with their spec as written (core/policy interprets them); here they get a name,
// a namespace and a shape check.

import type { CalicoPolicy, K8sNetworkPolicy } from '../model/scenario';
import { finishRoot, readMeta, type Build, type Doc } from './build';
import { Fields } from './fields';
import { isPlainObject } from './source';
import { CALICO_GLOBAL_POLICY_SPEC, CALICO_NETWORK_POLICY_SPEC, K8S_NETWORK_POLICY_SPEC, checkShape } from './policyShape';

/** Namespaces referenced by namespaced resources, in the order first seen (for implicit creation). */
export type NamespaceUse = (ns: string) => void;

export function readK8sNetworkPolicy(doc: Doc, b: Build, useNs: NamespaceUse): void {
  const meta = readMeta(doc, { namespaced: true, rule: 'subdomain', what: 'NetworkPolicy' });
  const spec = readRawSpec(doc, K8S_NETWORK_POLICY_SPEC);
  if (spec && !('podSelector' in spec)) {
    b.rep.error('E106', { res: doc.res, path: 'spec.podSelector' }, 'spec.podSelector is required (use {} to select every pod in the namespace)');
  }
  if (meta.name === undefined || meta.namespace === undefined || !spec) return;
  const key = `${meta.namespace}/${meta.name}`;
  if (!b.unique(`NetworkPolicy/${key}`, { res: doc.res, path: 'metadata.name' }, `NetworkPolicy ${key}`)) return;
  useNs(meta.namespace);
  const np: K8sNetworkPolicy = { namespace: meta.namespace, name: meta.name, spec };
  b.out.networkPolicies.push(np);
  b.ref('NetworkPolicy', key, doc.res);
}

export function readCalicoPolicy(doc: Doc, b: Build, useNs: NamespaceUse): void {
  const global = doc.model === 'GlobalNetworkPolicy';
  const meta = readMeta(doc, { namespaced: !global, rule: 'subdomain', what: doc.kind });
  const spec = readRawSpec(doc, global ? CALICO_GLOBAL_POLICY_SPEC : CALICO_NETWORK_POLICY_SPEC);
  if (meta.name === undefined || !spec) return;
  const kind = global ? 'GlobalNetworkPolicy' : 'NetworkPolicy';
  const refKind = global ? 'GlobalNetworkPolicy' : 'CalicoNetworkPolicy';
  const key = global ? meta.name : `${meta.namespace}/${meta.name}`;
  if (!b.unique(`${refKind}/${key}`, { res: doc.res, path: 'metadata.name' }, `Calico ${kind} ${key}`)) return;
  const p: CalicoPolicy = { kind, name: meta.name, spec };
  if (!global && meta.namespace !== undefined) {
    p.namespace = meta.namespace;
    useNs(meta.namespace);
  }
  b.out.calicoPolicies.push(p);
  b.ref(refKind, key, doc.res);
}

/** The spec as written (an absent spec is {}), after a shape check that reports on its lines. */
function readRawSpec(doc: Doc, shape: Parameters<typeof checkShape>[4]): Record<string, unknown> | undefined {
  const raw = doc.root.raw('spec');
  // A reader that knows the spec fields, so that a field at the top level can be told to move under spec:.
  const hints = new Fields(doc.root.rep, doc.res, 'spec', isPlainObject(raw) ? raw : {});
  if (shape.t === 'map') for (const k of Object.keys(shape.fields)) hints.raw(k);
  finishRoot(doc, hints);
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    doc.root.typeError('spec', 'a mapping', raw);
    return undefined;
  }
  checkShape(doc.root.rep, doc.res, 'spec', raw, shape);
  return raw;
}
