// The terminal's write commands: calicoctl apply/create/replace/delete/patch/get -o yaml, kubectl apply/delete/
// label/annotate/set env/scale, and cat/ls over a small file area. Each works on the lab's "API server" (the
// manifests, one document per resource, as core/session/manifests keeps them) and answers in the real tool's words:
// calicoctl's as v3.1x–v3.2x print them (the seeds' era: "Successfully applied 1 'IPPool' resource(s)",
// "Failed to execute command: …"), kubectl's as its name printer and error helpers do ("node/k8s-node2 labeled",
// "error: 'route-reflector' already has a value (true), and --overwrite is false").
// Each command turns into session actions (core/session: manifests, delete, label, set), committed through the
// one edit path by `env.commit`; a refusal changes nothing and is printed in the tool's voice.

import type { ClusterState } from '../model/cluster';
import type { Scenario } from '../model/scenario';
import type { Action, ManifestDoc, Outcome, ResourceName } from '../session/types';
import { groupOf, identity, readManifests, yamlOf } from '../session/manifests';
import { clone } from '../session/paths';
import { classify } from '../scenario/kinds';
import { stringify } from 'yaml';
import type { Commit } from './apiserver';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface WriteEnv {
  /** the API server's documents */
  docs: readonly ManifestDoc[];
  /** the typed scenario of those documents (derived resources: the default pool, the nodes' Calico Node) */
  scenario: Scenario;
  state?: ClusterState;
  /** the file area (`cat > f`, `-f f`) */
  files: Readonly<Record<string, string>>;
  /** what the command reads as standard input (a here-document) */
  stdin?: string;
  /** applies the command's actions through the session (the caller tags them with their source and label) */
  commit(actions: Action[]): Commit;
}

export interface WriteOutcome {
  out: string;
  exit: number;
  /** the session's outcome when the command changed the lab (its new session, diff, actions) */
  outcome?: Outcome;
  actions?: Action[];
  /** the file area, when the command wrote to it */
  files?: Record<string, string>;
}

const LOC = { file: 'terminal', line: 1, path: '' };
const src = 'terminal' as const;
/** The action's effect on the lab, or the refusal printed by `refuse`. */
function commitOr(env: WriteEnv, actions: Action[], ok: string, refuse: (r: { path: string; detail: string; message?: string }) => string): WriteOutcome {
  if (!actions.length) return done(ok);
  const c = env.commit(actions);
  if (!c.ok) return done(refuse(c.refusal), 1);
  const moved = c.outcome.diff.added.length + c.outcome.diff.updated.length + c.outcome.diff.removed.length > 0;
  return { ...done(ok), ...(moved ? { outcome: c.outcome, actions } : {}) };
}

const done = (out: string, exit = 0): WriteOutcome => ({ out: out === '' || out.endsWith('\n') ? out : `${out}\n`, exit });

// ---------------------------------------------------------------------------------------------------------
// Which command lines are ours
// ---------------------------------------------------------------------------------------------------------

const OUTPUT_FLAG = /^(-o|--output)$|^-o(yaml|json)$|^--output=(yaml|json)$/;

/** True for the command lines this module answers (the read-only tables stay in index.ts). */
export function isWriteCommand(argv: readonly string[]): boolean {
  const [tool, verb] = argv;
  if (tool === 'calicoctl') {
    if (['apply', 'create', 'replace', 'delete', 'patch'].includes(verb)) return true;
    // FelixConfiguration is read from the install (core/components), not from the lab's documents
    if (verb === 'get') return outputFormat(argv) !== undefined && !/^felixconfig/.test(argv[2] ?? '');
    return false;
  }
  if (tool === 'kubectl') return ['apply', 'create', 'delete', 'label', 'annotate', 'scale'].includes(verb) || (verb === 'set' && argv[2] === 'env');
  return tool === 'cat' || tool === 'ls';
}

function outputFormat(argv: readonly string[]): 'yaml' | 'json' | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!OUTPUT_FLAG.test(a)) continue;
    const v = a === '-o' || a === '--output' ? argv[i + 1] : a.replace(/^(-o|--output=)/, '');
    if (v === 'yaml' || v === 'json') return v;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Resource names as the tools spell them
// ---------------------------------------------------------------------------------------------------------

interface CalicoKind {
  kind: string;
  plural: string;
  names: string[];
  namespaced?: boolean;
}

/** calicoctl's resource names (singular, plural, short), as its resourcemgr registers them. */
const CALICO_KINDS: CalicoKind[] = [
  { kind: 'IPPool', plural: 'ippools', names: ['ippool', 'ippools', 'ipp', 'ipps', 'pool', 'pools'] },
  { kind: 'BGPConfiguration', plural: 'bgpconfigurations', names: ['bgpconfiguration', 'bgpconfigurations', 'bgpconfig', 'bgpconfigs'] },
  { kind: 'BGPPeer', plural: 'bgppeers', names: ['bgppeer', 'bgppeers', 'bgpp', 'bgpps', 'bp', 'bps'] },
  { kind: 'Node', plural: 'nodes', names: ['node', 'nodes', 'no', 'nos'] },
  { kind: 'Tier', plural: 'tiers', names: ['tier', 'tiers'] },
  { kind: 'GlobalNetworkPolicy', plural: 'globalnetworkpolicies', names: ['globalnetworkpolicy', 'globalnetworkpolicies', 'gnp', 'gnps'] },
  { kind: 'NetworkPolicy', plural: 'networkpolicies', names: ['networkpolicy', 'networkpolicies', 'policy', 'policies', 'pol', 'pols', 'np', 'nps'], namespaced: true },
  { kind: 'FelixConfiguration', plural: 'felixconfigurations', names: ['felixconfiguration', 'felixconfigurations', 'felixconfig', 'felixconfigs'] },
  { kind: 'IPAMConfiguration', plural: 'ipamconfigurations', names: ['ipamconfiguration', 'ipamconfigurations', 'ipamconfig', 'ipamconfigs'] },
  { kind: 'BlockAffinity', plural: 'blockaffinities', names: ['blockaffinity', 'blockaffinities', 'affinity', 'affinities'] },
  { kind: 'HostEndpoint', plural: 'hostendpoints', names: ['hostendpoint', 'hostendpoints', 'hep', 'heps'] },
  { kind: 'GlobalNetworkSet', plural: 'globalnetworksets', names: ['globalnetworkset', 'globalnetworksets'] },
  { kind: 'NetworkSet', plural: 'networksets', names: ['networkset', 'networksets', 'netsets'], namespaced: true },
];

const calicoKind = (word: string) => CALICO_KINDS.find((k) => k.names.includes(word.toLowerCase()));
const calicoPlural = (kind: string) => CALICO_KINDS.find((k) => k.kind === kind)?.plural ?? `${kind.toLowerCase()}s`;

/** kubectl's type words → kind and API group, for the resources a lab has. */
const KUBE_TYPES: { kind: string; group: string; plural: string; names: string[]; namespaced: boolean }[] = [
  { kind: 'Pod', group: '', plural: 'pods', names: ['pod', 'pods', 'po'], namespaced: true },
  { kind: 'Node', group: '', plural: 'nodes', names: ['node', 'nodes', 'no'], namespaced: false },
  { kind: 'Service', group: '', plural: 'services', names: ['service', 'services', 'svc'], namespaced: true },
  { kind: 'Namespace', group: '', plural: 'namespaces', names: ['namespace', 'namespaces', 'ns'], namespaced: false },
  { kind: 'Deployment', group: 'apps', plural: 'deployments', names: ['deployment', 'deployments', 'deploy', 'deployment.apps', 'deployments.apps'], namespaced: true },
  { kind: 'DaemonSet', group: 'apps', plural: 'daemonsets', names: ['daemonset', 'daemonsets', 'ds', 'daemonset.apps', 'daemonsets.apps'], namespaced: true },
  {
    kind: 'NetworkPolicy',
    group: 'networking.k8s.io',
    plural: 'networkpolicies',
    names: ['networkpolicy', 'networkpolicies', 'netpol', 'networkpolicy.networking.k8s.io', 'networkpolicies.networking.k8s.io'],
    namespaced: true,
  },
];

/** `TYPE NAME` or `TYPE/NAME` after a kubectl verb: the type entry, the name and the words left. */
function kubeTarget(args: string[]): { type?: (typeof KUBE_TYPES)[number]; word: string; name?: string; rest: string[] } {
  const [first, ...rest] = args;
  if (first === undefined) return { word: '', rest: [] };
  const slash = first.indexOf('/');
  const word = slash < 0 ? first : first.slice(0, slash);
  const type = KUBE_TYPES.find((t) => t.names.includes(word.toLowerCase()));
  if (slash >= 0) return { type, word, name: first.slice(slash + 1), rest };
  return { type, word, name: rest[0], rest: rest.slice(1) };
}

/** The name printer's `kind.group/name` (kind lower-cased, group omitted for the core group). */
function kubeName(kind: string, apiVersion: string, name: string): string {
  const g = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return `${kind.toLowerCase()}${g ? `.${g}` : ''}/${name}`;
}

const notFound = (resource: string, name: string) => `Error from server (NotFound): ${resource} "${name}" not found`;

// ---------------------------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------------------------

interface Parsed {
  pos: string[];
  flags: Map<string, string | true>;
}

/** GNU-style flags: `-f X`, `-fX`, `--filename X`, `--filename=X`; `withValue` names the ones taking a value. */
function parseFlags(args: readonly string[], withValue: Record<string, string>): Parsed | string {
  const pos: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-' || !a.startsWith('-')) {
      pos.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? (eq < 0 ? a : a.slice(0, eq)) : a.slice(0, 2);
    const canon = withValue[name] ?? name;
    if (Object.values(withValue).includes(canon)) {
      let v: string | undefined;
      if (a.startsWith('--')) v = eq < 0 ? args[++i] : a.slice(eq + 1);
      else v = a.length > 2 ? a.slice(2) : args[++i];
      if (v === undefined) return `flag needs an argument: ${name}`;
      flags.set(canon, v);
    } else flags.set(canon, true);
  }
  return { pos, flags };
}

// ---------------------------------------------------------------------------------------------------------
// Reading resources from a file or stdin
// ---------------------------------------------------------------------------------------------------------

function readInput(env: WriteEnv, name: string): { text: string } | { error: string } {
  if (name === '-') return { text: env.stdin ?? '' };
  const text = env.files[name] ?? env.files[name.replace(/^\.\//, '')];
  if (text === undefined) return { error: `open ${name}: no such file or directory` };
  return { text };
}

function parseDocs(text: string, file: string): { docs: ManifestDoc[] } | { error: string } {
  const r = readManifests({ text, file, line: 1, path: '' });
  if (r.errors.length) {
    const e = r.errors[0];
    const line = e.loc?.line ?? 1;
    const detail = e.detail.replace(/^YAML syntax: /, '');
    if (/^YAML/.test(e.detail)) return { error: `error converting YAML to JSON: yaml: line ${line}: ${detail}` };
    return { error: `error unmarshaling JSON: ${detail}` };
  }
  return { docs: r.docs };
}

const kindOf = (d: ManifestDoc) => String(d.value.kind);
const nameOf = (d: ManifestDoc) => String((d.value.metadata as Obj).name);
const nsOf = (d: ManifestDoc) => ((d.value.metadata as Obj).namespace as string | undefined) || 'default';

// ---------------------------------------------------------------------------------------------------------
// Resources the cluster has without a document: the default pool, each node's Calico Node
// ---------------------------------------------------------------------------------------------------------

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = sortKeys(v[k]);
  return out;
}

/** The Calico resources of one kind as calicoctl would list them (documents first, then the derived ones). */
function calicoResources(env: WriteEnv, kind: string): Obj[] {
  const s = env.scenario;
  const docs = env.docs.filter((d) => groupOf(String(d.value.apiVersion)) === 'projectcalico.org' && kindOf(d) === kind);
  const fromDocs = (): Obj[] => docs.map((d) => ({ ...clone(d.value), apiVersion: 'projectcalico.org/v3' }));
  const res = (name: string, spec: Obj, labels?: Record<string, string>): Obj => ({
    apiVersion: 'projectcalico.org/v3',
    kind,
    metadata: { name, ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}) },
    spec,
  });
  switch (kind) {
    case 'IPPool':
      return s.ippools.map((p) =>
        res(p.name, {
          blockSize: p.blockSize,
          cidr: p.cidr,
          ipipMode: p.ipipMode,
          natOutgoing: p.natOutgoing,
          nodeSelector: p.nodeSelector,
          vxlanMode: p.vxlanMode,
          ...(p.disabled ? { disabled: true } : {}),
          ...(p.disableBGPExport ? { disableBGPExport: true } : {}),
        }),
      );
    case 'Node': {
      if (s.cluster.cni !== 'calico') return [];
      return s.topology.nodes.map((n) => {
        const typed = s.calicoNodes.find((c) => c.name === n.name);
        const info = env.state?.nodes.find((x) => x.name === n.name);
        const bgp: Obj = { ...(typed?.bgp ?? {}) };
        if (bgp.ipv4Address === undefined && info?.address) bgp.ipv4Address = `${info.address.ip}/${info.address.prefixLen}`;
        return res(n.name, { bgp, orchRefs: [{ nodeName: n.name, orchestrator: 'k8s' }] }, { ...n.labels, ...(typed?.labels ?? {}) });
      });
    }
    default:
      return fromDocs();
  }
}

/** A document for a resource the cluster has but no document declares (patch needs one to change). */
function derivedDoc(env: WriteEnv, kind: string, name: string): ManifestDoc | undefined {
  const r = calicoResources(env, kind).find((x) => (x.metadata as Obj).name === name);
  if (!r) return undefined;
  const value = clone(r);
  if (kind === 'Node') delete (value.spec as Obj).orchRefs;
  const { key, label } = identity('projectcalico.org/v3', kind, name, undefined);
  return { key, label, value, text: yamlOf(value), origin: { file: 'terminal', line: 1, path: '' }, regenerated: true };
}

// ---------------------------------------------------------------------------------------------------------
// calicoctl
// ---------------------------------------------------------------------------------------------------------

const INVALID_OPTION = (argv: readonly string[]) => `Invalid option: 'calicoctl ${argv.slice(1).join(' ')}'. Use flag '--help' to read about a specific subcommand.`;

function fileFlag(p: Parsed): string | undefined {
  const f = p.flags.get('--filename');
  return typeof f === 'string' ? f : undefined;
}

/** `calicoctl apply|create|replace -f FILE`: each document a Calico v3 resource; all or nothing. */
function calicoWrite(env: WriteEnv, argv: readonly string[], action: 'apply' | 'create' | 'replace'): WriteOutcome {
  const p = parseFlags(argv.slice(2), { '-f': '--filename', '--filename': '--filename', '-c': '--config', '--config': '--config', '-n': '--namespace', '--namespace': '--namespace' });
  if (typeof p === 'string' || p.pos.length) return done(INVALID_OPTION(argv), 1);
  const file = fileFlag(p);
  if (file === undefined) return done(INVALID_OPTION(argv), 1);
  const input = readInput(env, file);
  if ('error' in input) return done(`Failed to execute command: ${input.error}`, 1);
  const parsed = parseDocs(input.text, file === '-' ? 'stdin' : file);
  if ('error' in parsed) return done(`Failed to execute command: ${parsed.error}`, 1);
  if (!parsed.docs.length) return done(`Failed to execute command: No resources specified in file ${file}`, 1);
  for (const d of parsed.docs) {
    const v = String(d.value.apiVersion);
    if (v !== 'projectcalico.org/v3' || !CALICO_KINDS.some((k) => k.kind === kindOf(d))) return done(`Failed to execute command: Unknown resource type (${kindOf(d)}) and/or version (${v})`, 1);
  }
  const kinds = [...new Set(parsed.docs.map(kindOf))];
  const single = kinds.length === 1 ? kinds[0] : undefined;
  const exists = (d: ManifestDoc) => env.docs.some((x) => x.key === d.key) || (['IPPool', 'Node'].includes(kindOf(d)) && !!derivedDoc(env, kindOf(d), nameOf(d)));
  const errs: string[] = [];
  for (const d of parsed.docs) {
    const id = `${kindOf(d)}(${CALICO_KINDS.find((k) => k.kind === kindOf(d))?.namespaced ? `${nsOf(d)}/` : ''}${nameOf(d)})`;
    if (action === 'create' && exists(d)) errs.push(`resource already exists: ${id}`);
    if (action === 'replace' && !exists(d)) errs.push(`resource does not exist: ${id} with error: ${calicoPlural(kindOf(d))}.crd.projectcalico.org "${nameOf(d)}" not found`);
  }
  const failed = (why: string) => {
    if (action === 'replace') return done(`Failed to replace ${single ? `'${single}' resource` : 'any resources'}: ${why}`, 1);
    return done(`Failed to ${action} ${parsed.docs.length === 1 ? `'${single}' resource` : single ? `any '${single}' resources` : 'any resources'}: [${why}]`, 1);
  };
  if (errs.length) return failed(errs.join(' '));
  const past = { apply: 'applied', create: 'created', replace: 'replaced' }[action];
  return commitOr(env, [{ kind: 'manifests', docs: parsed.docs, source: src }], `Successfully ${past} ${parsed.docs.length} ${single ? `'${single}' ` : ''}resource(s)`, (bad) =>
    failed(`error with field ${bad.path || kindOf(parsed.docs[0])} (${bad.detail})`).out.trimEnd(),
  );
}

/** `calicoctl delete -f FILE` or `calicoctl delete KIND NAME`. */
function calicoDelete(env: WriteEnv, argv: readonly string[]): WriteOutcome {
  const p = parseFlags(argv.slice(2), { '-f': '--filename', '--filename': '--filename', '-n': '--namespace', '--namespace': '--namespace', '-c': '--config', '--config': '--config' });
  if (typeof p === 'string') return done(INVALID_OPTION(argv), 1);
  let refs: { kind: string; name: string; namespace?: string }[] = [];
  const file = fileFlag(p);
  if (file !== undefined) {
    const input = readInput(env, file);
    if ('error' in input) return done(`Failed to execute command: ${input.error}`, 1);
    const parsed = parseDocs(input.text, file);
    if ('error' in parsed) return done(`Failed to execute command: ${parsed.error}`, 1);
    refs = parsed.docs.map((d) => ({ kind: kindOf(d), name: nameOf(d), namespace: (d.value.metadata as Obj).namespace as string | undefined }));
  } else {
    if (p.pos.length < 2) return done(INVALID_OPTION(argv), 1);
    const k = calicoKind(p.pos[0]);
    if (!k) return done(`Failed to execute command: resource type '${p.pos[0]}' is not supported`, 1);
    const ns = p.flags.get('--namespace');
    refs = p.pos.slice(1).map((name) => ({ kind: k.kind, name, ...(k.namespaced ? { namespace: typeof ns === 'string' ? ns : 'default' } : {}) }));
  }
  const kinds = [...new Set(refs.map((r) => r.kind))];
  const single = kinds.length === 1 ? kinds[0] : undefined;
  const lines: string[] = [];
  const targets: ResourceName[] = [];
  for (const r of refs) {
    const doc = env.docs.find((d) => groupOf(String(d.value.apiVersion)) === 'projectcalico.org' && kindOf(d) === r.kind && nameOf(d) === r.name && (!r.namespace || nsOf(d) === r.namespace));
    if (doc) targets.push({ apiVersion: 'projectcalico.org/v3', kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) });
    else if (derivedDoc(env, r.kind, r.name)) lines.push(`Failed to delete '${r.kind}' resource: operation Delete is not supported on ${r.kind}(${r.name}): this lab derives it from the install (calico-node would recreate it)`);
    else lines.push(`Failed to delete '${r.kind}' resource: resource does not exist: ${r.kind}(${r.namespace ? `${r.namespace}/` : ''}${r.name}) with error: ${calicoPlural(r.kind)}.crd.projectcalico.org "${r.name}" not found`);
  }
  if (lines.length) return done(lines.join('\n'), 1);
  return commitOr(env, [{ kind: 'delete', refs: targets, loc: LOC, source: src }], `Successfully deleted ${refs.length} ${single ? `'${single}' ` : ''}resource(s)`, (bad) => `Failed to delete '${single ?? refs[0].kind}' resource: error with field ${bad.path} (${bad.detail})`);
}

/** RFC 7386 JSON merge patch: objects merge, null removes, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  const out: Obj = isObj(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** `calicoctl patch KIND NAME -p '{"spec":…}'`: a merge patch of one resource. */
function calicoPatch(env: WriteEnv, argv: readonly string[]): WriteOutcome {
  const p = parseFlags(argv.slice(2), { '-p': '--patch', '--patch': '--patch', '-t': '--type', '--type': '--type', '-n': '--namespace', '--namespace': '--namespace', '-c': '--config', '--config': '--config' });
  if (typeof p === 'string' || p.pos.length !== 2 || typeof p.flags.get('--patch') !== 'string') return done(INVALID_OPTION(argv), 1);
  const k = calicoKind(p.pos[0]);
  if (!k) return done(`Failed to execute command: resource type '${p.pos[0]}' is not supported`, 1);
  const name = p.pos[1];
  let patch: unknown;
  try {
    patch = JSON.parse(p.flags.get('--patch') as string);
  } catch (e) {
    return done(`Failed to patch '${k.kind}' resource: ${(e as Error).message}`, 1);
  }
  const before = env.docs.find((d) => groupOf(String(d.value.apiVersion)) === 'projectcalico.org' && kindOf(d) === k.kind && nameOf(d) === name) ?? derivedDoc(env, k.kind, name);
  if (!before) return done(`Failed to patch '${k.kind}' resource: resource does not exist: ${k.kind}(${name}) with error: ${k.plural}.crd.projectcalico.org "${name}" not found`, 1);
  const value = mergePatch(before.value, patch) as Obj;
  if (!isObj(value.metadata) || (value.metadata as Obj).name !== name || value.kind !== k.kind) return done(`Failed to patch '${k.kind}' resource: the patch may not change the kind or the name`, 1);
  const doc: ManifestDoc = { ...before, value, text: yamlOf(value), regenerated: true };
  return commitOr(env, [{ kind: 'manifests', docs: [doc], source: src }], `Successfully patched 1 '${k.kind}' resource`, (bad) => `Failed to patch '${k.kind}' resource: error with field ${bad.path} (${bad.detail})`);
}

/** `calicoctl get KIND [NAME] -o yaml|json`: keys sorted, as calicoctl's YAML (through JSON) prints them. */
function calicoGet(env: WriteEnv, argv: readonly string[]): WriteOutcome {
  const format = outputFormat(argv)!;
  const p = parseFlags(argv.slice(2), { '-o': '--output', '--output': '--output', '-n': '--namespace', '--namespace': '--namespace', '-c': '--config', '--config': '--config' });
  if (typeof p === 'string' || !p.pos.length) return done(INVALID_OPTION(argv), 1);
  const k = calicoKind(p.pos[0]);
  if (!k) return done(`Failed to get resources: resource type '${p.pos[0]}' is not supported`, 1);
  const all = calicoResources(env, k.kind);
  const names = p.pos.slice(1);
  const print = (v: unknown) => (format === 'json' ? `${JSON.stringify(sortKeys(v), null, 2)}\n` : stringify(sortKeys(v), { lineWidth: 0, indentSeq: false }));
  if (names.length === 1) {
    const r = all.find((x) => (x.metadata as Obj).name === names[0]);
    if (!r) return done(`Failed to get resources: resource does not exist: ${k.kind}(${names[0]}) with error: ${k.plural}.crd.projectcalico.org "${names[0]}" not found`, 1);
    return done(print(r));
  }
  const items = names.length ? all.filter((x) => names.includes(String((x.metadata as Obj).name))) : all;
  return done(print({ apiVersion: 'projectcalico.org/v3', items, kind: `${k.kind}List`, metadata: {} }));
}

// ---------------------------------------------------------------------------------------------------------
// kubectl
// ---------------------------------------------------------------------------------------------------------

const KUBE_FLAGS = {
  '-f': '--filename',
  '--filename': '--filename',
  '-n': '--namespace',
  '--namespace': '--namespace',
  '-p': '--patch',
  '--replicas': '--replicas',
  '-c': '--containers',
  '--containers': '--containers',
  '-o': '--output',
  '--output': '--output',
};

function namespaceFlag(p: Parsed): string {
  const n = p.flags.get('--namespace');
  return typeof n === 'string' ? n : 'default';
}

/** The API group kubectl resolves a document's kind through (absent: no such kind on this cluster). */
function kubeMapping(d: ManifestDoc): string | undefined {
  const v = String(d.value.apiVersion);
  const c = classify(v, kindOf(d), nameOf(d));
  if (groupOf(v) === 'cnilab') return undefined;
  // projectcalico.org/v3 is served only by the Calico API server, which these labs do not run
  if (v.startsWith('projectcalico.org/')) return undefined;
  return c.kind === 'model' || c.kind === 'foreign' ? v : undefined;
}

function kubeApply(env: WriteEnv, argv: readonly string[], verb: 'apply' | 'create'): WriteOutcome {
  const p = parseFlags(argv.slice(2), KUBE_FLAGS);
  if (typeof p === 'string') return done(`error: ${p}`, 1);
  const file = fileFlag(p);
  if (file === undefined) return done('error: must specify one of -f and -k', 1);
  const input = readInput(env, file);
  if ('error' in input) return done(`error: the path "${file}" does not exist`, 1);
  const parsed = parseDocs(input.text, file);
  if ('error' in parsed) return done(`error: error parsing ${file}: ${parsed.error}`, 1);
  if (!parsed.docs.length) return done('error: no objects passed to apply', 1);
  const ns = p.flags.get('--namespace');
  const incoming: ManifestDoc[] = [];
  const actions: Action[] = [];
  const status: { shown: string; existed: boolean; label: string; same: boolean }[] = [];
  for (const d0 of parsed.docs) {
    let d = d0;
    const v = kubeMapping(d);
    if (!v) {
      const doc = d.value.metadata as Obj;
      return done(`error: resource mapping not found for name: "${nameOf(d)}" namespace: "${(doc.namespace as string) ?? ''}" from "${file}": no matches for kind "${kindOf(d)}" in version "${String(d.value.apiVersion)}"\nensure CRDs are installed first`, 1);
    }
    if (typeof ns === 'string' && !(d.value.metadata as Obj).namespace) {
      const value = clone(d.value);
      (value.metadata as Obj).namespace = ns;
      const id = identity(String(value.apiVersion), kindOf(d), nameOf(d), ns);
      d = { ...d, ...id, value };
    }
    const flannelCfg = kindOf(d) === 'ConfigMap' && nameOf(d) === 'kube-flannel-cfg';
    const prior = env.docs.find((x) => x.key === d.key);
    // flannel's ConfigMap exists in every flannel cluster; its net-conf.json is the one the Cluster mirrors
    const existed = !!prior || (flannelCfg && env.scenario.cluster.cni === 'flannel');
    if (verb === 'create' && existed) return done(`Error from server (AlreadyExists): error when creating "${file}": ${kindOf(d).toLowerCase()}s "${nameOf(d)}" already exists`, 1);
    let same = !!prior && JSON.stringify(prior.value) === JSON.stringify(d.value);
    if (flannelCfg && !prior && env.scenario.cluster.cni === 'flannel') {
      const cm = d.value.data;
      let conf: unknown;
      try {
        conf = isObj(cm) && typeof cm['net-conf.json'] === 'string' ? JSON.parse(cm['net-conf.json'] as string) : undefined;
      } catch {
        conf = undefined;
      }
      same = JSON.stringify(conf) === JSON.stringify(env.scenario.cluster.flannel.netConf);
    }
    incoming.push(d);
    status.push({ shown: kubeName(kindOf(d), v, nameOf(d)), existed, label: d.label, same });
    const cluster = env.docs.find((x) => groupOf(String(x.value.apiVersion)) === 'cnilab' && kindOf(x) === 'Cluster');
    const spec = cluster?.value.spec;
    // a copy of net-conf.json left in the Cluster would contradict the ConfigMap (E131)
    if (flannelCfg && isObj(spec) && isObj(spec.flannel) && 'netConf' in spec.flannel) actions.push({ kind: 'set', path: 'flannel.netConf', value: null, loc: LOC, source: src });
  }
  actions.unshift({ kind: 'manifests', docs: incoming, source: src });
  const changed = status.some((x) => !x.same);
  const text = status.map((x) => `${x.shown} ${!x.existed ? 'created' : x.same ? 'unchanged' : 'configured'}`).join('\n');
  if (!changed) return done(text);
  return commitOr(env, actions, text, (bad) => {
    const d = incoming[0];
    return bad.message ?? `The ${kindOf(d)} "${nameOf(d)}" is invalid: ${bad.path ? `${bad.path}: ` : ''}${bad.detail}`;
  });
}

function kubeDelete(env: WriteEnv, argv: readonly string[]): WriteOutcome {
  const p = parseFlags(argv.slice(2), KUBE_FLAGS);
  if (typeof p === 'string') return done(`error: ${p}`, 1);
  const file = fileFlag(p);
  const targets: { kind: string; apiVersion: string; name: string; namespace?: string; plural: string }[] = [];
  if (file !== undefined) {
    const input = readInput(env, file);
    if ('error' in input) return done(`error: the path "${file}" does not exist`, 1);
    const parsed = parseDocs(input.text, file);
    if ('error' in parsed) return done(`error: error parsing ${file}: ${parsed.error}`, 1);
    for (const d of parsed.docs) {
      const v = kubeMapping(d);
      if (!v) return done(`error: resource mapping not found for name: "${nameOf(d)}" namespace: "" from "${file}": no matches for kind "${kindOf(d)}" in version "${String(d.value.apiVersion)}"\nensure CRDs are installed first`, 1);
      const t = KUBE_TYPES.find((x) => x.kind === kindOf(d));
      targets.push({ kind: kindOf(d), apiVersion: v, name: nameOf(d), ...(t?.namespaced !== false ? { namespace: ((d.value.metadata as Obj).namespace as string) || namespaceFlag(p) } : {}), plural: t?.plural ?? `${kindOf(d).toLowerCase()}s` });
    }
  } else {
    const t = kubeTarget(p.pos);
    if (!p.pos.length) return done('error: You must provide one or more resources by argument or filename.', 1);
    if (!t.type) return done(`error: the server doesn't have a resource type "${t.word}"`, 1);
    if (!t.name) return done('error: resource(s) were provided, but no name was specified', 1);
    const type = t.type;
    for (const name of [t.name, ...t.rest]) targets.push({ kind: type.kind, apiVersion: type.group ? `${type.group}/v1` : 'v1', name, ...(type.namespaced ? { namespace: namespaceFlag(p) } : {}), plural: `${type.plural}${type.group ? `.${type.group}` : ''}` });
  }
  const lines: string[] = [];
  const refs: ResourceName[] = [];
  for (const t of targets) {
    const kind = t.kind;
    const doc = env.docs.find((d) => kindOf(d) === kind && groupOf(String(d.value.apiVersion)) === groupOf(t.apiVersion) && nameOf(d) === t.name && (!t.namespace || nsOf(d) === t.namespace));
    const shown = `${kind.toLowerCase()}${groupOf(t.apiVersion) ? `.${groupOf(t.apiVersion)}` : ''}`;
    if (!doc) {
      // a Deployment's pod: its ReplicaSet starts a replacement at once (this lab derives the same name)
      const owned = kind === 'Pod' && env.scenario.pods.some((x) => x.name === t.name && x.namespace === t.namespace && x.ownerDeployment !== undefined);
      if (owned) {
        lines.push(`${shown} "${t.name}" deleted`);
        continue;
      }
      return done([...lines, notFound(t.plural, t.name)].join('\n'), 1);
    }
    refs.push({ apiVersion: String(doc.value.apiVersion), kind, name: t.name, ...(t.namespace ? { namespace: t.namespace } : {}) });
    lines.push(`${shown} "${t.name}" deleted`);
  }
  return commitOr(env, refs.length ? [{ kind: 'delete', refs, loc: LOC, source: src }] : [], lines.join('\n'), (bad) => `error: ${bad.detail}`);
}

/** `kubectl label|annotate node NAME k=v … [k-] [--overwrite]` on the Topology's node. */
function kubeMeta(env: WriteEnv, argv: readonly string[], what: 'labels' | 'annotations'): WriteOutcome {
  const p = parseFlags(argv.slice(2), KUBE_FLAGS);
  if (typeof p === 'string') return done(`error: ${p}`, 1);
  const t = kubeTarget(p.pos);
  if (!p.pos.length) return done('error: one or more resources must be specified as <resource> <name> or <resource>/<name>', 1);
  if (!t.type) return done(`error: the server doesn't have a resource type "${t.word}"`, 1);
  if (t.type.kind !== 'Node') return done(`error: this lab ${what === 'labels' ? 'labels' : 'annotates'} nodes only (kubectl ${argv[1]} node NAME KEY=VALUE)`, 1);
  if (!t.name) return done('error: one or more resources must be specified as <resource> <name> or <resource>/<name>', 1);
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of t.rest) {
    if (spec.includes('=')) {
      const parts = spec.split('=');
      if (parts.length !== 2) return done(`error: invalid ${what === 'labels' ? 'label' : 'annotation'} spec: ${spec}`, 1);
      set.set(parts[0], parts[1]);
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
    else return done(`error: unknown ${what === 'labels' ? 'label' : 'annotation'} spec: ${spec}`, 1);
  }
  if (!set.size && !remove.length) return done(`error: at least one ${what === 'labels' ? 'label' : 'annotation'} update is required`, 1);
  if (remove.some((k) => set.has(k))) return done(`error: can not both modify and remove ${what === 'labels' ? 'a label' : 'an annotation'} in the same command`, 1);
  const node = env.scenario.topology.nodes.find((n) => n.name === t.name);
  if (!node) return done(notFound('nodes', t.name), 1);
  const current = what === 'labels' ? node.labels : node.annotations;
  const overwrite = p.flags.get('--overwrite') === true || p.flags.get('--overwrite') === 'true';
  if (!overwrite) {
    const clash = [...set].filter(([k, v]) => k in current && current[k] !== v);
    if (clash.length) {
      if (what === 'labels') return done(clash.map(([k]) => `error: '${k}' already has a value (${current[k]}), and --overwrite is false`).join('\n'), 1);
      return done(`error: --overwrite is false but found the following declared annotation(s): ${clash.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`, 1);
    }
  }
  const added = [...set].filter(([k, v]) => current[k] !== v);
  const removed = remove.filter((k) => k in current);
  const shown = `node/${t.name}`;
  if (what === 'annotations') {
    const topo = env.docs.find((d) => groupOf(String(d.value.apiVersion)) === 'cnilab' && kindOf(d) === 'Topology');
    if (!topo || (!added.length && !removed.length)) return done(`${shown} annotated`);
    const value = clone(topo.value);
    const n = (isObj(value.spec) && Array.isArray(value.spec.nodes) ? (value.spec.nodes as unknown[]) : []).filter(isObj).find((x) => x.name === t.name)!;
    const ann: Obj = isObj(n.annotations) ? n.annotations : {};
    for (const [k, v] of added) ann[k] = v;
    for (const k of removed) delete ann[k];
    n.annotations = ann;
    return commitOr(env, [{ kind: 'manifests', docs: [{ ...topo, value, text: yamlOf(value), regenerated: true }], source: src }], `${shown} annotated`, (bad) => `error: ${bad.detail}`);
  }
  const msg = added.length && removed.length ? 'modified' : added.length ? 'labeled' : removed.length ? 'unlabeled' : 'not labeled';
  const actions: Action[] = [...added.map(([k, v]) => ({ kind: 'label' as const, node: t.name!, key: k, value: v, loc: LOC, source: src })), ...removed.map((k) => ({ kind: 'label' as const, node: t.name!, key: k, value: null, loc: LOC, source: src }))];
  return commitOr(env, actions, `${shown} ${msg}`, (bad) => `error: ${bad.detail}`);
}

/**
 * `kubectl set env ds/calico-node -n kube-system K=V` (or `K-`): the env vars this lab models map to the
 * Cluster's install fields; see ENV_FIELDS. The CALICO_IPV4POOL_* vars only seed the default pool when
 * calico-node first starts: in a running cluster the pool exists, so they change nothing (as for real).
 */
export const ENV_FIELDS: Record<string, { ds: 'calico-node' | 'kube-flannel-ds'; path?: string; list?: boolean; effect: string }> = {
  IP_AUTODETECTION_METHOD: { ds: 'calico-node', path: 'calico.ipAutodetectionMethod', effect: 'Cluster spec.calico.ipAutodetectionMethod (which NIC calico-node takes its address from)' },
  CALICO_NETWORKING_BACKEND: { ds: 'calico-node', path: 'calico.networkingBackend', effect: 'Cluster spec.calico.networkingBackend (bird, vxlan, none)' },
  FELIX_IPINIPMTU: { ds: 'calico-node', path: 'calico.vethMtu', effect: 'Cluster spec.calico.vethMtu (the MTU the CNI gives pod veths and tunl0)' },
  CNI_MTU: { ds: 'calico-node', path: 'calico.vethMtu', effect: 'Cluster spec.calico.vethMtu' },
  FELIX_VXLANMTU: { ds: 'calico-node', path: 'calico.vethMtu', effect: 'Cluster spec.calico.vethMtu' },
  CALICO_IPV4POOL_IPIP: { ds: 'calico-node', effect: 'nothing once the pool exists (edit the IPPool: calicoctl patch ippool … or apply)' },
  CALICO_IPV4POOL_VXLAN: { ds: 'calico-node', effect: 'nothing once the pool exists (edit the IPPool)' },
  CALICO_IPV4POOL_CIDR: { ds: 'calico-node', effect: 'nothing once the pool exists (edit the IPPool)' },
  CALICO_IPV4POOL_BLOCK_SIZE: { ds: 'calico-node', effect: 'nothing once the pool exists (edit the IPPool)' },
  FLANNELD_IFACE: { ds: 'kube-flannel-ds', path: 'flannel.iface', list: true, effect: 'Cluster spec.flannel.iface (the NIC flanneld uses)' },
};

/** Where the Cluster document writes env variable `name` in its install form: `calico.env`, `kubeasz`, or none. */
function installForm(docs: readonly ManifestDoc[], name: string): string | undefined {
  const cluster = docs.find((d) => d.value.kind === 'Cluster' && String(d.value.apiVersion).startsWith('cnilab'));
  const spec = cluster && isObj(cluster.value.spec) ? cluster.value.spec : undefined;
  if (!spec) return undefined;
  const calico = isObj(spec.calico) ? spec.calico : undefined;
  if (calico && isObj(calico.env) && name in calico.env) return 'calico.env';
  if (isObj(spec.kubeasz) && name in spec.kubeasz) return 'kubeasz';
  return undefined;
}

function kubeSetEnv(env: WriteEnv, argv: readonly string[]): WriteOutcome {
  const p = parseFlags(argv.slice(3), KUBE_FLAGS);
  if (typeof p === 'string') return done(`error: ${p}`, 1);
  const t = kubeTarget(p.pos);
  if (!p.pos.length || !t.name) return done('error: one or more resources must be specified as <resource> <name> or <resource>/<name>', 1);
  if (!t.type) return done(`error: the server doesn't have a resource type "${t.word}"`, 1);
  const changes = t.rest;
  if (!changes.length) return done('error: at least one environment variable must be provided', 1);
  const ns = namespaceFlag(p);
  const cni = env.scenario.cluster.cni;
  const known = t.type.kind === 'DaemonSet' && ((t.name === 'calico-node' && cni === 'calico' && ns === 'kube-system') || (t.name === 'kube-flannel-ds' && cni === 'flannel' && (ns === 'kube-flannel' || ns === 'kube-system')));
  if (!known) return done(notFound(`${t.type.plural}${t.type.group ? `.${t.type.group}` : ''}`, t.name), 1);
  const actions: Action[] = [];
  for (const c of changes) {
    const eq = c.indexOf('=');
    const name = eq < 0 ? c.replace(/-$/, '') : c.slice(0, eq);
    if (eq < 0 && !c.endsWith('-')) return done(`error: all resources must be specified before environment changes: ${c}`, 1);
    const f = ENV_FIELDS[name];
    if (!f?.path || f.ds !== t.name) continue;
    const value = eq < 0 ? null : f.path === 'calico.vethMtu' ? Number(c.slice(eq + 1)) : f.list ? [c.slice(eq + 1)] : c.slice(eq + 1);
    if (typeof value === 'number' && !Number.isInteger(value)) return done(`error: ${name}: "${c.slice(eq + 1)}" is not a number`, 1);
    // a Cluster that gives the setting in the install's own form (the env map, kubeasz's config.yml) is edited
    // there, so the setting stays given once
    const form = installForm(env.docs, name);
    if (form) actions.push({ kind: 'set', path: `${form}.${name}`, value: value === null ? null : String(value), loc: LOC, source: src });
    else actions.push({ kind: 'set', path: f.path, value, loc: LOC, source: src });
  }
  // the API server takes any env value; a value calico-node cannot use would crash-loop it: refused here instead
  return commitOr(env, actions, `daemonset.apps/${t.name} env updated`, (bad) => `error: ${t.name} would not start with this environment: ${bad.detail}`);
}

function kubeScale(env: WriteEnv, argv: readonly string[]): WriteOutcome {
  const p = parseFlags(argv.slice(2), KUBE_FLAGS);
  if (typeof p === 'string') return done(`error: ${p}`, 1);
  const replicas = p.flags.get('--replicas');
  if (typeof replicas !== 'string' || !/^\d+$/.test(replicas)) return done('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0', 1);
  const t = kubeTarget(p.pos);
  if (!t.type || t.type.kind !== 'Deployment') return done(`error: the server doesn't have a resource type "${t.word}"`, 1);
  if (!t.name) return done('error: resource(s) were provided, but no name was specified', 1);
  const ns = namespaceFlag(p);
  const i = env.docs.findIndex((d) => kindOf(d) === 'Deployment' && nameOf(d) === t.name && nsOf(d) === ns);
  if (i < 0) return done(notFound('deployments.apps', t.name), 1);
  const value = clone(env.docs[i].value);
  if (!isObj(value.spec)) value.spec = {};
  (value.spec as Obj).replicas = Number(replicas);
  return commitOr(env, [{ kind: 'manifests', docs: [{ ...env.docs[i], value, text: yamlOf(value), regenerated: true }], source: src }], `deployment.apps/${t.name} scaled`, (bad) => `error: ${bad.detail}`);
}

// ---------------------------------------------------------------------------------------------------------
// The file area
// ---------------------------------------------------------------------------------------------------------

function cat(env: WriteEnv, argv: readonly string[]): WriteOutcome {
  const names = argv.slice(1).filter((a) => a !== '-');
  if (!names.length) return done(env.stdin ?? '');
  let out = '';
  for (const n of names) {
    const t = env.files[n] ?? env.files[n.replace(/^\.\//, '')];
    if (t === undefined) return { out: `${out}cat: ${n}: No such file or directory\n`, exit: 1 };
    out += t;
  }
  return { out, exit: 0 };
}

function ls(env: WriteEnv, argv: readonly string[]): WriteOutcome {
  const names = Object.keys(env.files).sort();
  const asked = argv.slice(1).filter((a) => !a.startsWith('-'));
  for (const a of asked) if (!(a in env.files)) return done(`ls: cannot access '${a}': No such file or directory`, 2);
  const shown = asked.length ? asked : names;
  return done(shown.length ? shown.join('  ') : '');
}

/** Runs one write command line (argv already split); `undefined` when it is not one of ours. */
export function runWrite(env: WriteEnv, argv: readonly string[]): WriteOutcome | undefined {
  if (!isWriteCommand(argv)) return undefined;
  const [tool, verb] = argv;
  if (tool === 'cat') return cat(env, argv);
  if (tool === 'ls') return ls(env, argv);
  if (tool === 'calicoctl') {
    switch (verb) {
      case 'apply':
      case 'create':
      case 'replace':
        return calicoWrite(env, argv, verb);
      case 'delete':
        return calicoDelete(env, argv);
      case 'patch':
        return calicoPatch(env, argv);
      default:
        return calicoGet(env, argv);
    }
  }
  switch (verb) {
    case 'apply':
    case 'create':
      return kubeApply(env, argv, verb);
    case 'delete':
      return kubeDelete(env, argv);
    case 'label':
      return kubeMeta(env, argv, 'labels');
    case 'annotate':
      return kubeMeta(env, argv, 'annotations');
    case 'scale':
      return kubeScale(env, argv);
    default:
      return kubeSetEnv(env, argv);
  }
}
