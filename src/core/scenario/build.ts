// The state shared by the per-kind readers while one file is read: what has been built so far
// (the Topology first, so that later documents can check their references against it), where each
// resource came from, and the metadata rules every Kubernetes-shaped document follows.

import { emptyResources } from './empty';
import type { Cidr } from '../util/ipv4';
import type {
  EncapMode,
  ClusterSpec,
  ResourceRef,
  Scenario,
  TopologyNetwork,
  TopologyNode,
  TopologyRouter,
} from '../model/scenario';
import type { Reporter, Res, Where } from './diag';
import { Fields, setOwn } from './fields';
import type { ModelKind } from './kinds';
import { nameField, type NameRule } from './names';

/** One document, classified, with a reader on its top level. */
export interface Doc {
  res: Res;
  apiVersion: string;
  kind: string;
  model: ModelKind;
  root: Fields;
}

export interface Meta {
  name?: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface NodeEntry {
  node: TopologyNode;
  /** where the node is declared (Topology spec.nodes[i]) */
  where: Where;
  /** where its podCIDR was set (Topology or a v1 Node), for errors about it */
  podCIDRWhere?: Where;
}

/** Metadata fields a pasted `kubectl get -o yaml` carries; real, and irrelevant to the network. */
const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'ownerReferences',
  'finalizers',
  'selfLink',
  'generateName',
];

/** The default pool's settings from CALICO_IPV4POOL_* (core/scenario/installEnv); applied only when no IPPool is given. */
export interface PoolEnv {
  cidr?: string;
  blockSize?: number;
  ipipMode?: EncapMode;
  vxlanMode?: EncapMode;
  natOutgoing?: boolean;
  where: Where;
}

export class Build {
  readonly refs: Record<string, ResourceRef> = {};
  readonly nodes = new Map<string, NodeEntry>();
  readonly networks = new Map<string, { net: TopologyNetwork; cidr: Cidr }>();
  /** every declared network name, valid or not (so that one bad cidr does not make its users unknown) */
  readonly networkNames = new Set<string>();
  readonly routers = new Map<string, TopologyRouter>();
  /** true once a Topology was read (references to nodes and networks can be checked) */
  hasTopology = false;
  cluster!: ClusterSpec;
  /** resource the cluster settings came from (Cluster document), if any */
  clusterRes?: Res;
  /** the default pool's settings from the calico-node env (CALICO_IPV4POOL_*), used when no IPPool is given */
  poolEnv?: PoolEnv;
  readonly out: Omit<Scenario, 'topology' | 'cluster' | 'refs'> & { topology?: Scenario['topology'] } = emptyResources();
  /** first place each name was declared, per kind key, for duplicate errors */
  private readonly seen = new Map<string, Where>();

  constructor(readonly rep: Reporter) {}

  /**
   * Records where a resource came from under the key "Kind/name" (`name` is "ns/name" for namespaced
   * kinds). `source` names the resource that produced it when that is another one (a Deployment's pods).
   */
  ref(refKind: string, name: string, res: Res, source?: { kind: string; name: string }): void {
    const key = `${refKind}/${name}`;
    if (!(key in this.refs)) this.refs[key] = { kind: source?.kind ?? refKind, name: source?.name ?? name, doc: res.index };
  }

  /** Reports a duplicate when `key` was seen before; returns true when it is new. */
  unique(key: string, where: Where, what: string): boolean {
    const first = this.seen.get(key);
    if (first) {
      const firstLoc = this.rep.loc(first);
      this.rep.error('E110', where, `${what} is declared twice (first at line ${firstLoc.line})`, 'unique names');
      return false;
    }
    this.seen.set(key, where);
    return true;
  }

  nodeExists(name: string): boolean {
    return this.nodes.has(name);
  }

  /** Checks a reference to a Topology node (skipped when the Topology itself could not be read). */
  checkNode(name: string, where: Where, what: string): boolean {
    if (!this.hasTopology || this.nodes.has(name)) return true;
    this.rep.error('E208', where, `${what} ${JSON.stringify(name)} is not a node of the Topology`, listOrNone([...this.nodes.keys()]));
    return false;
  }
}

export function listOrNone(names: string[]): string {
  return names.length > 0 ? names.join(', ') : '(none declared)';
}

/**
 * Reads metadata (name, namespace, labels, annotations). Cluster-scoped kinds ignore a namespace, as
 * the API server does.
 */
export function readMeta(doc: Doc, opts: { namespaced: boolean; rule: NameRule; what: string }): Meta {
  const m = doc.root.map('metadata');
  if (!m) {
    // `metadata:` with nothing under it: its fields were probably not indented
    if (doc.root.present('metadata') && doc.root.raw('metadata') === undefined) {
      doc.root.rep.error('E106', { res: doc.res, path: 'metadata.name' }, 'metadata.name is required: `metadata:` is empty (are its fields indented under it?)');
    } else if (!doc.root.present('metadata')) doc.root.missing('metadata', 'a mapping with at least name');
    return { labels: {}, annotations: {} };
  }
  const meta: Meta = { labels: {}, annotations: {} };
  if (!m.has('name') && m.has('generateName')) {
    m.rep.error('E106', m.where('name'), 'metadata.name is required: generateName is not supported (the lab needs a fixed name)');
  } else {
    meta.name = nameField(m, 'name', opts.rule, opts.what);
  }
  if (opts.namespaced) {
    const ns = m.has('namespace') ? nameField(m, 'namespace', 'label', 'namespace') : 'default';
    meta.namespace = ns;
  } else m.accept('namespace');
  meta.labels = m.strMap('labels') ?? {};
  meta.annotations = m.strMap('annotations') ?? {};
  m.accept(...SERVER_METADATA);
  m.done();
  return meta;
}

/** Reads `spec`, or an empty reader when it is absent so that its keys are still known for hints. */
export function specOf(doc: Doc, required: boolean): Fields {
  const s = doc.root.map('spec', required);
  return s ?? new Fields(doc.root.rep, doc.res, 'spec', {}, true);
}

const METADATA_KEYS = new Set(['name', 'namespace', 'labels', 'annotations']);

/**
 * Finishes the top level of a document: apiVersion/kind/metadata/spec/status are known; anything
 * else is a field that lost its indentation, so the warning says where it belongs.
 */
export function finishRoot(doc: Doc, spec: Fields | undefined, extra: string[] = []): void {
  doc.root.accept('apiVersion', 'kind', 'metadata', 'spec', 'status', ...extra);
  doc.root.done((key) => {
    if (METADATA_KEYS.has(key)) return `it belongs under metadata: indent it`;
    if (spec?.knows(key)) return `it belongs under spec: indent it`;
    return undefined;
  });
}

export function copyRecord(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) setOwn(out, k, v);
  return out;
}
