// The lab's "API server": the manifests of the scenario as they stand after each step, one document per
// resource, keyed like kubectl / calicoctl key them (API group, kind, namespace, name). Steps edit this
// list (apply = create or replace, delete, label, patch, set); the scenario is parsed again from it.
// Each document keeps its source text and where that text came from, so an error parseScenario reports
// in the joined text is mapped back to the preset or the lab file, line for line.

import { LineCounter, isMap, isSeq, parseAllDocuments, stringify, type Node as YNode } from 'yaml';
import { LabError, type ErrorLocation } from '../model/errors';
import type { EmbeddedText, LabChange, ManifestDoc, ResourceName } from './types';
import { clone, parseFieldPath, writePath } from './paths';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** API group of an apiVersion; Calico's two spellings are one group. */
export function groupOf(apiVersion: string): string {
  const g = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return g === 'crd.projectcalico.org' ? 'projectcalico.org' : g;
}

const CALICO_NAMESPACED = new Set(['NetworkPolicy', 'NetworkSet', 'StagedNetworkPolicy', 'StagedKubernetesNetworkPolicy', 'WorkloadEndpoint']);
const CORE_CLUSTER = new Set(['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus']);
const OTHER_CLUSTER = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'RuntimeClass',
  'CertificateSigningRequest',
  'PodSecurityPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'IPAddress',
  'ServiceCIDR',
  'Installation',
  'APIServer',
  'TigeraStatus',
  'ImageSet',
]);

export function isNamespaced(group: string, kind: string): boolean {
  if (group === 'cnilab') return false;
  if (group === 'projectcalico.org') return CALICO_NAMESPACED.has(kind);
  if (group === '') return !CORE_CLUSTER.has(kind) && kind !== 'List';
  if (group === 'operator.tigera.io') return false;
  return !OTHER_CLUSTER.has(kind);
}

export function identity(apiVersion: string, kind: string, name: string, namespace: string | undefined): { key: string; label: string } {
  const group = groupOf(apiVersion);
  const ns = isNamespaced(group, kind) ? namespace || 'default' : '';
  return { key: `${group}|${kind}|${ns}|${name}`, label: ns ? `${kind}/${ns}/${name}` : `${kind}/${name}` };
}

function docOf(value: Obj, text: string, origin: ManifestDoc['origin'], regenerated: boolean): ManifestDoc | string {
  const apiVersion = value.apiVersion;
  const kind = value.kind;
  const meta = value.metadata;
  const name = isObj(meta) ? meta.name : undefined;
  const ns = isObj(meta) ? meta.namespace : undefined;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return 'a resource needs apiVersion and kind';
  if (typeof name !== 'string' || name === '') return `${kind}: metadata.name is required`;
  const { key, label } = identity(apiVersion, kind, name, typeof ns === 'string' ? ns : undefined);
  return { key, label, value, text: text.endsWith('\n') ? text : text + '\n', origin, regenerated };
}

/** YAML text of one resource (for regenerated documents). */
export function yamlOf(value: Obj): string {
  return stringify(value, { lineWidth: 0, minContentWidth: 0 });
}

/**
 * The resources of a YAML/JSON text, one document each. Top-level documents keep their exact text;
 * items of a top-level list or a `kind: List` are written out again (their indentation is the list's).
 */
export function readManifests(src: EmbeddedText): { docs: ManifestDoc[]; errors: LabError[] } {
  const lc = new LineCounter();
  const docs: ManifestDoc[] = [];
  const errors: LabError[] = [];
  const at = (offset: number): number => src.line + lc.linePos(offset).line - 1;
  const fail = (line: number, detail: string) => errors.push(new LabError('E702', detail, { file: src.file, line, path: src.path }));
  const parsed = parseAllDocuments(src.text, { lineCounter: lc, uniqueKeys: true, merge: true });
  const list = Array.isArray(parsed) ? parsed : [];
  for (const d of list) {
    if (d.errors.length) {
      for (const e of d.errors) fail(at(e.pos[0]), `YAML syntax: ${e.message.split('\n')[0].replace(/ at line \d+, column (\d+):?$/, ' (column $1)')}`);
      continue;
    }
    const root = d.contents as YNode | null;
    if (!root || !root.range) continue;
    let js: unknown;
    try {
      js = d.toJS({ maxAliasCount: 100 });
    } catch (e) {
      fail(at(root.range[0]), `YAML: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    if (js === null || js === undefined) continue;
    const items: { value: unknown; node: YNode; exact: boolean }[] = [];
    if (isSeq(root) && Array.isArray(js)) js.forEach((v, i) => items.push({ value: v, node: root.items[i] as YNode, exact: false }));
    else if (isMap(root) && isObj(js) && js.kind === 'List' && Array.isArray(js.items)) {
      const seq = root.get('items', true) as YNode | undefined;
      js.items.forEach((v: unknown, i: number) => items.push({ value: v, node: (isSeq(seq) ? (seq.items[i] as YNode) : root) ?? root, exact: false }));
    } else items.push({ value: js, node: root, exact: true });
    for (const it of items) {
      const offset = it.node?.range?.[0] ?? root.range[0];
      if (!isObj(it.value)) {
        fail(at(offset), 'each document must be one resource (a mapping with apiVersion, kind, metadata)');
        continue;
      }
      // a top-level document keeps its text from the start of its first line (its indentation included)
      const lineStart = src.text.lastIndexOf('\n', root.range[0] - 1) + 1;
      const exact = it.exact && /^[ \t]*$/.test(src.text.slice(lineStart, root.range[0]));
      const text = exact ? src.text.slice(lineStart, root.range[1]) : yamlOf(it.value);
      const doc = docOf(it.value, text, { file: src.file, line: at(offset), path: src.path }, !exact);
      if (typeof doc === 'string') fail(at(offset), doc);
      else docs.push(doc);
    }
  }
  return { docs, errors };
}

/** The documents joined into one scenario file, and a map from its lines back to where they came from. */
export function joinManifests(docs: readonly ManifestDoc[]): { text: string; origin: (line: number) => { file: string; line: number } | undefined } {
  const starts: number[] = [];
  let text = '';
  let line = 1;
  docs.forEach((d, i) => {
    if (i > 0) {
      text += '---\n';
      line += 1;
    }
    starts.push(line);
    text += d.text;
    line += d.text.split('\n').length - 1;
  });
  const origin = (l: number) => {
    let i = starts.length - 1;
    while (i >= 0 && starts[i] > l) i--;
    if (i < 0) return undefined;
    const d = docs[i];
    return { file: d.origin.file, line: d.regenerated ? d.origin.line : d.origin.line + (l - starts[i]) };
  };
  return { text, origin };
}

/** Maps a location in the joined text back to its source (file and line); the path stays. */
export function relocate(loc: ErrorLocation | undefined, origin: (line: number) => { file: string; line: number } | undefined): ErrorLocation | undefined {
  if (!loc) return loc;
  const o = origin(loc.line);
  return o ? { file: o.file, line: o.line, path: loc.path } : loc;
}

// ---------------------------------------------------------------------------------------------------------
// Edits. Each returns the new list (the input is never changed) and what changed, or an error.
// ---------------------------------------------------------------------------------------------------------

export interface EditResult {
  docs: ManifestDoc[];
  change: LabChange;
  errors: LabError[];
}

export const emptyChange = (): LabChange => ({ added: [], updated: [], removed: [] });

/** kubectl/calicoctl apply: create, or replace the resource with the same identity (in place). */
export function applyDocs(docs: readonly ManifestDoc[], incoming: readonly ManifestDoc[]): EditResult {
  const out = [...docs];
  const change = emptyChange();
  for (const d of incoming) {
    const i = out.findIndex((x) => x.key === d.key);
    if (i < 0) {
      out.push(d);
      change.added.push(d.label);
    } else if (JSON.stringify(out[i].value) !== JSON.stringify(d.value)) {
      out[i] = d;
      change.updated.push(d.label);
    } else out[i] = d;
  }
  return { docs: out, change, errors: [] };
}

function findDoc(docs: readonly ManifestDoc[], ref: ResourceName, loc: ErrorLocation): { index: number } | { error: LabError } {
  const hits = docs
    .map((d, index) => ({ d, index }))
    .filter(({ d }) => {
      const v = d.value;
      const meta = v.metadata as Obj;
      if (v.kind !== ref.kind || meta.name !== ref.name) return false;
      const group = groupOf(String(v.apiVersion));
      if (ref.apiVersion !== undefined && group !== groupOf(ref.apiVersion)) return false;
      if (isNamespaced(group, ref.kind) && ((meta.namespace as string | undefined) || 'default') !== (ref.namespace || 'default')) return false;
      return true;
    });
  if (hits.length > 1) {
    const groups = hits.map(({ d }) => String(d.value.apiVersion)).join(' and ');
    return { error: new LabError('E704', `${ref.kind} ${JSON.stringify(ref.name)} exists under ${groups}: say which with apiVersion`, loc) };
  }
  if (hits.length === 0) {
    const same = docs.filter((d) => d.value.kind === ref.kind).map((d) => d.label);
    return { error: new LabError('E703', `there is no ${ref.kind}${ref.namespace ? ` ${ref.namespace}/` : ' '}${ref.name}${ref.namespace ? '' : ''} at this step${same.length ? ` (there is ${same.join(', ')})` : ` (no ${ref.kind} at all)`}`, loc) };
  }
  return { index: hits[0].index };
}

export function deleteDocs(docs: readonly ManifestDoc[], refs: readonly ResourceName[], loc: ErrorLocation): EditResult {
  let out = [...docs];
  const change = emptyChange();
  const errors: LabError[] = [];
  for (const ref of refs) {
    const f = findDoc(out, ref, loc);
    if ('error' in f) {
      errors.push(f.error);
      continue;
    }
    change.removed.push(out[f.index].label);
    out = out.filter((_, i) => i !== f.index);
  }
  return { docs: errors.length ? [...docs] : out, change, errors };
}

function topologyIndex(docs: readonly ManifestDoc[]): number {
  return docs.findIndex((d) => groupOf(String(d.value.apiVersion)) === 'cnilab' && d.value.kind === 'Topology');
}

function topologyNodes(docs: readonly ManifestDoc[]): string[] {
  const t = docs[topologyIndex(docs)];
  const nodes = t && isObj(t.value.spec) && Array.isArray(t.value.spec.nodes) ? t.value.spec.nodes : [];
  return nodes.filter(isObj).map((n) => String(n.name));
}

function regenerate(d: ManifestDoc, value: Obj, loc: ErrorLocation): ManifestDoc {
  return { ...d, value, text: yamlOf(value), origin: { file: loc.file, line: loc.line, path: loc.path }, regenerated: true };
}

/** kubectl label node NODE KEY=VALUE (value null: KEY-). The Topology holds the Kubernetes node labels;
 *  a v1 Node document that also carries the label is changed the same way. */
export function labelNode(docs: readonly ManifestDoc[], node: string, key: string, value: string | null, loc: ErrorLocation): EditResult {
  const out = [...docs];
  const change = emptyChange();
  const ti = topologyIndex(out);
  if (ti < 0) return { docs: [...docs], change, errors: [new LabError('E706', 'the scenario has no Topology', loc)] };
  const topo = clone(out[ti].value);
  const nodes = (isObj(topo.spec) && Array.isArray(topo.spec.nodes) ? topo.spec.nodes : []).filter(isObj);
  const n = nodes.find((x) => x.name === node);
  if (!n) return { docs: [...docs], change, errors: [new LabError('E706', `no node ${JSON.stringify(node)} in the Topology (nodes: ${nodes.map((x) => String(x.name)).join(', ')})`, loc)] };
  const labels = isObj(n.labels) ? n.labels : {};
  if (value === null) delete labels[key];
  else Object.defineProperty(labels, key, { value, enumerable: true, writable: true, configurable: true });
  n.labels = labels;
  out[ti] = regenerate(out[ti], topo, loc);
  change.updated.push(out[ti].label);
  const ki = out.findIndex((d) => groupOf(String(d.value.apiVersion)) === '' && d.value.kind === 'Node' && (d.value.metadata as Obj).name === node);
  if (ki >= 0) {
    const v = clone(out[ki].value);
    const meta = v.metadata as Obj;
    if (isObj(meta.labels) && key in meta.labels) {
      if (value === null) delete meta.labels[key];
      else meta.labels[key] = value;
      out[ki] = regenerate(out[ki], v, loc);
      change.updated.push(out[ki].label);
    }
  }
  return { docs: out, change, errors: [] };
}

/** A one-field patch of a resource. Every Topology node has its Calico Node and Kubernetes Node in a real
 *  cluster: patching one that no document declares creates the document first. */
export function patchDoc(docs: readonly ManifestDoc[], ref: ResourceName, path: string, value: unknown, loc: ErrorLocation): EditResult {
  const out = [...docs];
  const change = emptyChange();
  const segs = parseFieldPath(path);
  if (typeof segs === 'string') return { docs: [...docs], change, errors: [new LabError('E609', `${path}: ${segs}`, loc)] };
  let f = findDoc(out, ref, loc);
  if ('error' in f && f.error.code === 'E703' && ref.kind === 'Node' && topologyNodes(out).includes(ref.name)) {
    const calico = ref.apiVersion === undefined || groupOf(ref.apiVersion) === 'projectcalico.org';
    const created = docOf({ apiVersion: calico ? 'projectcalico.org/v3' : 'v1', kind: 'Node', metadata: { name: ref.name }, ...(calico ? { spec: {} } : {}) }, '', { file: loc.file, line: loc.line, path: loc.path }, true);
    if (typeof created !== 'string') {
      out.push(created);
      change.added.push(created.label);
      f = { index: out.length - 1 };
    }
  }
  if ('error' in f) return { docs: [...docs], change: emptyChange(), errors: [f.error] };
  const v = clone(out[f.index].value);
  const err = writePath(v, segs, clone(value));
  if (err) return { docs: [...docs], change: emptyChange(), errors: [new LabError('E705', `${out[f.index].label} ${path}: ${err}`, loc)] };
  out[f.index] = regenerate(out[f.index], v, loc);
  if (!change.added.includes(out[f.index].label)) change.updated.push(out[f.index].label);
  return { docs: out, change, errors: [] };
}

/** `set: {path, value}`: a field of the Cluster spec (`calico.vethMtu`), or of the Topology spec with a
 *  `topology.` prefix (`topology.networks[lan].mtu`). `cluster.` may be written too. The Cluster document
 *  is created when the scenario has none (every default applies to it). */
export function setField(docs: readonly ManifestDoc[], path: string, value: unknown, loc: ErrorLocation): EditResult {
  const out = [...docs];
  const change = emptyChange();
  const topology = path.startsWith('topology.');
  const rest = path.replace(/^(topology|cluster)\./, '');
  const segs = parseFieldPath(rest);
  if (typeof segs === 'string') return { docs: [...docs], change, errors: [new LabError('E609', `${path}: ${segs}`, loc)] };
  const ti = topologyIndex(out);
  let i = topology ? ti : out.findIndex((d) => groupOf(String(d.value.apiVersion)) === 'cnilab' && d.value.kind === 'Cluster');
  if (i < 0 && topology) return { docs: [...docs], change, errors: [new LabError('E705', 'the scenario has no Topology', loc)] };
  if (i < 0) {
    const name = ti >= 0 ? String((out[ti].value.metadata as Obj).name) : 'cluster';
    const created = docOf({ apiVersion: 'cnilab/v1', kind: 'Cluster', metadata: { name }, spec: {} }, '', { file: loc.file, line: loc.line, path: loc.path }, true);
    if (typeof created === 'string') return { docs: [...docs], change, errors: [new LabError('E705', created, loc)] };
    out.push(created);
    change.added.push(created.label);
    i = out.length - 1;
  }
  const v = clone(out[i].value);
  if (!isObj(v.spec)) v.spec = {};
  const err = writePath(v.spec as Obj, segs, clone(value));
  if (err) return { docs: [...docs], change: emptyChange(), errors: [new LabError('E705', `${out[i].label} spec.${rest}: ${err}`, loc)] };
  out[i] = regenerate(out[i], v, loc);
  if (!change.added.includes(out[i].label)) change.updated.push(out[i].label);
  return { docs: out, change, errors: [] };
}

export function mergeChanges(a: LabChange, b: LabChange): LabChange {
  const uniq = (xs: string[]) => [...new Set(xs)];
  const added = uniq([...a.added, ...b.added]).filter((x) => !b.removed.includes(x));
  const removed = uniq([...a.removed, ...b.removed]).filter((x) => !b.added.includes(x));
  const updated = uniq([...a.updated, ...b.updated]).filter((x) => !added.includes(x) && !removed.includes(x));
  return { added, updated, removed };
}
