// parseScenario: text → typed Scenario, or every error found (sorted by line), never a throw.
// Documents are read kind by kind in dependency order (Topology first, so that every reference to a
// node or network can be checked wherever it sits in the file); within a kind, file order is kept.

import { LineCounter } from 'yaml';
import { LabError, type ErrorLocation } from '../model/errors';
import type { ResourceRef, Scenario } from '../model/scenario';
import { Build, type Doc } from './build';
import { checkAffinities, newCalicoState, readBGPConfiguration, readBGPPeer, readBlockAffinity, readCalicoNode, readIPAMConfig, readIPPool, readTier } from './calico';
import { addDefaultPool, checkPins, checkPodCIDRs, checkPoolsAgainstNetworks, settleNamespaces } from './checks';
import { defaultCluster, readCluster, readFlannelConfigMap, settleCni, type ClusterSources } from './cluster';
import { Reporter, type Res, type Warning } from './diag';
import { readFault } from './fault';
import { Fields, nearest } from './fields';
import { classify, MODELLED, FOREIGN, supportedKindsText, type ModelKind } from './kinds';
import { readCalicoPolicy, readK8sNetworkPolicy } from './policies';
import { placeAndExpand } from './schedule';
import { readSource } from './source';
import { readTopology } from './topology';
import { allocateNodePorts, newWorkloadState, readDeployment, readK8sNode, readNamespace, readPod, readService, useNamespace } from './workloads';

/** Maps a resource (and a field path inside it) back to file:line. Not serialisable: keep it out of Scenario. */
export type Locator = (ref: ResourceRef, path: string) => ErrorLocation;

export interface ParseResult {
  /** present only when there are no errors */
  scenario?: Scenario;
  errors: LabError[];
  warnings: Warning[];
  locator: Locator;
}

/** The order kinds are read in: whatever a kind refers to is read before it. */
const ORDER: ModelKind[] = [
  'Topology',
  'Node',
  'Cluster',
  'FlannelConfigMap',
  'IPPool',
  'BGPConfiguration',
  'BGPPeer',
  'CalicoNode',
  'Tier',
  'BlockAffinity',
  'IPAMConfig',
  'Namespace',
  'Pod',
  'Deployment',
  'Service',
  'NetworkPolicy',
  'CalicoNetworkPolicy',
  'GlobalNetworkPolicy',
  'Fault',
];

/** Deployment spec fields: any other `spec.x` in a path about a Deployment's pod means its pod template. */
const DEPLOYMENT_SPEC = new Set(['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds']);

/**
 * What one scenario may hold. Each is checked before the work it bounds (bytes before the YAML parser, nodes
 * before any resource past the Topology is read, pods before scheduling), so an oversized file is refused in
 * milliseconds with a numbered error naming the limit and the value, instead of occupying the tab for minutes.
 */
export const SCENARIO_LIMITS = { bytes: 2 * 1024 * 1024, nodes: 2000, pods: 60_000 } as const;

/** 1234567 → "1,234,567" (no locale: the core's text is the same everywhere) */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function overLimit(file: string, what: string, value: number, limit: number): ParseResult {
  const detail = `the scenario has ${grouped(value)} ${what}, more than the limit of ${grouped(limit)}`;
  return { errors: [new LabError('E122', detail, { file, line: 1, path: '' }, `at most ${grouped(limit)} ${what}`)], warnings: [], locator: () => ({ file, line: 1, path: '' }) };
}

export function parseScenario(text: string, file: string): ParseResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.length > SCENARIO_LIMITS.bytes) return overLimit(file, 'characters', body.length, SCENARIO_LIMITS.bytes);
  const rep = new Reporter(file, new LineCounter(), body);
  const src = readSource(body, rep);
  const b = new Build(rep);
  b.cluster = defaultCluster();

  const docs = classifyAll(src.resources, b);
  const byKind = (k: ModelKind) => docs.filter((d) => d.model === k);
  const cluster: ClusterSources = { cniExplicit: false };
  const calico = newCalicoState();
  const work = newWorkloadState();
  const useNs = (ns: string) => useNamespace(work, ns);

  const topologies = byKind('Topology');
  const nodesIn = (d: Doc) => {
    const spec = d.res.value.spec as { nodes?: unknown } | undefined;
    return Array.isArray(spec?.nodes) ? spec.nodes.length : 0;
  };
  if (topologies[0] && nodesIn(topologies[0]) > SCENARIO_LIMITS.nodes) return overLimit(file, 'nodes', nodesIn(topologies[0]), SCENARIO_LIMITS.nodes);
  topologies.forEach((d, i) => {
    if (i === 0) readTopology(d, b);
    else rep.error('E118', { res: d.res, path: 'kind' }, `a second Topology (the first is at line ${rep.loc({ res: topologies[0].res, path: '' }).line}); a scenario has exactly one`, 'one Topology document');
  });
  if (topologies.length === 0 && !src.unreadable && src.resources.length > 0) {
    rep.error('E201', { line: 1 }, 'no cnilab/v1 Topology document: the lab needs the networks and nodes', 'one `apiVersion: cnilab/v1` `kind: Topology` document');
  }
  for (const k of ORDER.slice(1)) {
    for (const d of byKind(k)) {
      switch (k) {
        case 'Node': readK8sNode(d, b); break;
        case 'Cluster': readCluster(d, b, cluster); break;
        case 'FlannelConfigMap': readFlannelConfigMap(d, b, cluster); break;
        case 'IPPool': readIPPool(d, b, calico); break;
        case 'BGPConfiguration': readBGPConfiguration(d, b); break;
        case 'BGPPeer': readBGPPeer(d, b); break;
        case 'CalicoNode': readCalicoNode(d, b); break;
        case 'Tier': readTier(d, b); break;
        case 'BlockAffinity': readBlockAffinity(d, b, calico); break;
        case 'IPAMConfig': readIPAMConfig(d, b, calico); break;
        case 'Namespace': readNamespace(d, b); break;
        case 'Pod': readPod(d, b, work); break;
        case 'Deployment': readDeployment(d, b, work); break;
        case 'Service': readService(d, b, work); break;
        case 'NetworkPolicy': readK8sNetworkPolicy(d, b, useNs); break;
        case 'CalicoNetworkPolicy':
        case 'GlobalNetworkPolicy': readCalicoPolicy(d, b, useNs); break;
        case 'Fault': readFault(d, b); break;
      }
    }
    if (k === 'FlannelConfigMap') settleCni(b, cluster);
    if (k === 'IPAMConfig') {
      addDefaultPool(b, calico, topologies[0]?.res.index);
      checkAffinities(b, calico);
      checkPoolsAgainstNetworks(b, calico);
      checkPodCIDRs(b);
    }
  }
  allocateNodePorts(work);
  const pods = placeAndExpand(b, work);
  if (pods.length > SCENARIO_LIMITS.pods) return overLimit(file, 'pods', pods.length, SCENARIO_LIMITS.pods);
  b.out.pods = pods.map((e) => e.pod);
  checkPins(b, calico, pods);
  settleNamespaces(b, work.nsUsed);

  const { errors, warnings } = rep.sorted();
  const locator = makeLocator(rep, src.resources);
  if (errors.length > 0 || !b.out.topology) return { errors, warnings, locator };
  const { topology, ...rest } = b.out;
  const scenario: Scenario = { topology, cluster: b.cluster, ...rest, refs: b.refs };
  return { scenario, errors, warnings, locator };
}

/** Reads apiVersion and kind of every resource; keeps foreign kinds, reports unknown ones. */
function classifyAll(resources: Res[], b: Build): Doc[] {
  const docs: Doc[] = [];
  for (const res of resources) {
    const root = new Fields(b.rep, res, '', res.value);
    const apiVersion = root.str('apiVersion');
    const kind = root.str('kind');
    if (apiVersion === undefined || kind === undefined) {
      const missing = [apiVersion === undefined && !root.has('apiVersion') ? 'apiVersion' : '', kind === undefined && !root.has('kind') ? 'kind' : ''].filter((x) => x);
      if (missing.length > 0) b.rep.error('E103', { res, path: missing[0] }, `the document has no ${missing.join(' and no ')}`, 'apiVersion: and kind: at the top level');
      continue;
    }
    const meta = res.value.metadata;
    const name = typeof meta === 'object' && meta !== null && typeof (meta as Record<string, unknown>).name === 'string' ? ((meta as Record<string, unknown>).name as string) : undefined;
    const c = classify(apiVersion, kind, name);
    if (c.kind === 'model') docs.push({ res, apiVersion, kind, model: c.model, root });
    else if (c.kind === 'foreign') {
      const ns = (meta as Record<string, unknown> | undefined)?.namespace;
      const full = typeof ns === 'string' && ns !== '' ? `${ns}/${name ?? ''}` : (name ?? '');
      b.rep.warn('W102', { res, path: 'kind' }, `${apiVersion} ${kind} ${JSON.stringify(full)} is kept but not simulated`);
      b.out.foreign.push({ apiVersion, kind, name: full });
      b.ref(kind, full, res);
    } else if (c.kind === 'wrongApiVersion') {
      b.rep.error('E105', { res, path: 'apiVersion' }, `kind ${kind} is not served by apiVersion ${apiVersion}`, c.expected.join(', '));
    } else {
      const all = [...MODELLED.map((m) => m.kind), ...Object.values(FOREIGN).flat()];
      const near = c.suggestion ?? nearest(kind, all);
      b.rep.error('E104', { res, path: 'kind' }, `unsupported kind ${JSON.stringify(kind)} (apiVersion ${apiVersion})${near ? `; did you mean ${near}?` : ''}`, supportedKindsText());
    }
  }
  return docs;
}

function makeLocator(rep: Reporter, resources: Res[]): Locator {
  return (ref, path) => {
    const res = ref.doc >= 0 ? resources[ref.doc] : undefined;
    if (!res) return { file: rep.file, line: 0, path };
    return rep.loc({ res, path: ref.kind === 'Deployment' ? templatePath(path) : path });
  };
}

/** A path about one of a Deployment's pods, as a path in the Deployment (its pod template). */
function templatePath(path: string): string {
  const m = /^spec\.([A-Za-z]+)(.*)$/.exec(path);
  if (m && !DEPLOYMENT_SPEC.has(m[1])) return `spec.template.spec.${m[1]}${m[2]}`;
  if (/^metadata\.(labels|annotations)/.test(path)) return `spec.template.${path}`;
  return path;
}
