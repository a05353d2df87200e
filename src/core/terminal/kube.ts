// kubectl's read commands over the cluster's pods and the install's objects: `get pods` (the scenario's pods and
// the install's own, core/components), `describe pod`, `get ds`, `get cm … -o yaml`, and calicoctl's
// `get felixconfiguration`. Lists come in the API server's order (namespace, then name), as kubectl prints them.

import { stringify } from 'yaml';
import type { ClusterState } from '../model/cluster';
import { kubectlGetPodsWide, tabwrite, KUBECTL_TABWRITER, CALICOCTL_TABWRITER } from '../render';
import { calicoNodeDaemonSet, daemonSetCounts, daemonSets, felixConfiguration, kubeFlannelConfigMap, systemPods, type SystemPod } from '../components';
import { compareStrings } from '../util/ipv4';
import { internalIP } from '../components/apiServer';

export class KubeUsageError extends Error {}

/** The lab is five minutes old: every pod's AGE, and the window its events fall in. */
const AGE = '5m';
const PROBE_PERIOD_S = 10;
/** kubectl and calicoctl print YAML through go-yaml: sequences at their key's indentation, no line folding. */
const YAML_OPTS = { lineWidth: 0, indentSeq: false } as const;

interface PodView {
  namespace: string;
  name: string;
  node: string;
  nodeIp?: string;
  ip?: string;
  labels: Record<string, string>;
  system?: SystemPod;
}

function podViews(state: ClusterState): PodView[] {
  const nodeIp = new Map(state.scenario.topology.nodes.map((n) => [n.name, internalIP(state.scenario, n)?.ip]));
  const views: PodView[] = [];
  const sys = systemPods(state);
  const byKey = new Map(sys.map((p) => [`${p.namespace}/${p.name}`, p]));
  for (const p of state.pods) {
    const s = byKey.get(`${p.namespace}/${p.name}`);
    views.push({ namespace: p.namespace, name: p.name, node: p.node, nodeIp: nodeIp.get(p.node), ip: p.ip, labels: p.labels, ...(s ? { system: s } : {}) });
  }
  for (const s of sys) {
    if (s.modelled) continue;
    views.push({ namespace: s.namespace, name: s.name, node: s.node, nodeIp: nodeIp.get(s.node), ip: s.ip, labels: systemLabels(s), system: s });
  }
  return views.sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name));
}

function systemLabels(s: SystemPod): Record<string, string> {
  switch (s.component) {
    case 'coredns':
      return { 'k8s-app': 'kube-dns', 'pod-template-hash': s.owner.name.split('-').pop()! };
    case 'calico-kube-controllers':
      return { 'k8s-app': 'calico-kube-controllers', 'pod-template-hash': s.owner.name.split('-').pop()! };
    case 'kube-flannel':
      return { app: 'flannel', 'pod-template-generation': '1', tier: 'node' };
    default:
      return { 'k8s-app': s.component, 'pod-template-generation': '1' };
  }
}

interface KubeArgs {
  all: boolean;
  namespace?: string;
  output?: string;
  pos: string[];
}

/** kubectl's flags: -A/--all-namespaces, -n/--namespace NS (-nNS, --namespace=NS), -o/--output FORMAT. */
export function kubeArgs(args: readonly string[]): KubeArgs {
  const r: KubeArgs = { all: false, pos: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (long: string): string => {
      const v = a.startsWith(`${long}=`) ? a.slice(long.length + 1) : a.length > 2 && !a.startsWith('--') ? a.slice(2) : args[++i];
      if (v === undefined || v === '') throw new KubeUsageError(`error: flag needs an argument: '${a.replace(/^-+/, '').slice(0, 1)}' in ${a}`);
      return v;
    };
    if (a === '-A' || a === '--all-namespaces') r.all = true;
    else if (a === '-n' || a.startsWith('--namespace') || (a.startsWith('-n') && a.length > 2)) r.namespace = value('--namespace');
    else if (a === '-o' || a.startsWith('--output') || (a.startsWith('-o') && a.length > 2)) r.output = value('--output');
    else if (a.startsWith('-')) throw new KubeUsageError(`error: unknown shorthand flag: '${a.replace(/^-+/, '')[0]}' in ${a}`);
    else r.pos.push(a);
  }
  return r;
}

/**
 * kubectl takes its namespace flag before the verb too (`kubectl -n kube-system get ds calico-node`): the line is
 * spelled with it after the resource words, so the command table needs one spelling.
 */
export function spellKubectl(argv: string[]): string[] {
  if (argv[0] !== 'kubectl') return argv;
  const moved: string[] = [];
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-')) {
    const a = argv[i];
    if (a === '-n' || a === '--namespace') {
      moved.push(a, argv[i + 1] ?? '');
      i += 2;
    } else if (/^(-n.|--namespace=)/.test(a) || a === '-A' || a === '--all-namespaces') {
      moved.push(a);
      i += 1;
    } else return argv;
  }
  return moved.length ? ['kubectl', ...argv.slice(i), ...moved] : argv;
}

const wrongPrinter = (o: string, allowed: string) => new KubeUsageError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed}`);

/** `kubectl get pods [-A | -n NS] [-o wide]`: the context's namespace (default) unless told otherwise. */
export function getPods(state: ClusterState, args: readonly string[]): string {
  const a = kubeArgs(args);
  if (a.pos.length) throw new KubeUsageError(`error: the server doesn't have a resource type "pods ${a.pos[0]}"`);
  if (a.output !== undefined && a.output !== 'wide') throw wrongPrinter(a.output, 'wide');
  const namespace = a.namespace ?? 'default';
  const pods = podViews(state).filter((p) => a.all || p.namespace === namespace);
  if (!pods.length) return a.all ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;
  return kubectlGetPodsWide(
    pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      ip: p.ip,
      node: p.node,
      ...(p.system ? { ready: p.system.ready ? '1/1' : '0/1', status: p.system.status, restarts: p.system.restarts } : {}),
    })),
    { allNamespaces: a.all, wide: a.output === 'wide' },
  );
}

/** Lines `key:<pad>value` aligned as kubectl's describe tabwriter (padding 2) aligns one block. */
function block(rows: [string, string][], indent = ''): string {
  const w = Math.max(...rows.map(([k]) => k.length + 1)) + 2;
  return rows.map(([k, v]) => `${indent}${`${k}:`.padEnd(w)}${v}\n`).join('');
}

function labelLines(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort(compareStrings);
  return keys.length ? keys.map((k) => `${k}=${labels[k]}`).join('\n') : '<none>';
}

interface Event {
  type: 'Normal' | 'Warning';
  reason: string;
  age: string;
  from: string;
  message: string;
}

function podEvents(p: PodView): Event[] {
  const s = p.system;
  if (!s || s.modelled) return [];
  const container = s.component === 'kube-flannel' ? 'kube-flannel' : s.component;
  const events: Event[] = [
    { type: 'Normal', reason: 'Scheduled', age: AGE, from: 'default-scheduler', message: `Successfully assigned ${p.namespace}/${p.name} to ${p.node}` },
    { type: 'Normal', reason: 'Pulled', age: AGE, from: 'kubelet', message: `Container image "${imageOf(s)}" already present on machine` },
    { type: 'Normal', reason: 'Created', age: AGE, from: 'kubelet', message: `Created container ${container}` },
    { type: 'Normal', reason: 'Started', age: AGE, from: 'kubelet', message: `Started container ${container}` },
  ];
  // one failed probe every period since the pod started, the latest a few seconds ago
  const probes = (5 * 60) / PROBE_PERIOD_S;
  if (s.probe) events.push({ type: 'Warning', reason: 'Unhealthy', age: `3s (x${probes} over ${AGE})`, from: 'kubelet', message: `Readiness probe failed: ${s.probe}` });
  if (s.status === 'CrashLoopBackOff') events.push({ type: 'Warning', reason: 'BackOff', age: `7s (x${s.restarts * 4} over ${AGE})`, from: 'kubelet', message: 'Back-off restarting failed container' });
  return events;
}

function imageOf(s: SystemPod): string {
  switch (s.component) {
    case 'calico-node':
      return 'docker.io/calico/node:v3.15.3';
    case 'calico-kube-controllers':
      return 'docker.io/calico/kube-controllers:v3.15.3';
    case 'kube-flannel':
      return 'docker.io/flannel/flannel:v0.22.0';
    case 'kube-proxy':
      return 'registry.k8s.io/kube-proxy:v1.23.17';
    case 'coredns':
      return 'registry.k8s.io/coredns/coredns:v1.8.6';
  }
}

function probeLines(s: SystemPod, state: ClusterState): [string, string][] {
  if (s.component !== 'calico-node') return [];
  const ds = calicoNodeDaemonSet(state) as { spec: { template: { spec: { containers: { livenessProbe: { exec: { command: string[] } }; readinessProbe: { exec: { command: string[] } } }[] } } } };
  const c = ds.spec.template.spec.containers[0];
  return [
    ['Liveness', `exec [${c.livenessProbe.exec.command.join(' ')}] delay=10s timeout=10s period=10s #success=1 #failure=6`],
    ['Readiness', `exec [${c.readinessProbe.exec.command.join(' ')}] delay=0s timeout=10s period=10s #success=1 #failure=3`],
  ];
}

function describeOne(state: ClusterState, p: PodView): string {
  const s = p.system;
  const ready = s ? s.ready : true;
  const labels = labelLines(p.labels).split('\n');
  const head: [string, string][] = [
    ['Name', p.name],
    ['Namespace', p.namespace],
    ['Priority', s && !s.modelled ? '2000001000' : '0'],
    ...(s && !s.modelled ? ([['Priority Class Name', s.component === 'coredns' || s.component === 'calico-kube-controllers' ? 'system-cluster-critical' : 'system-node-critical']] as [string, string][]) : []),
    ...(s && !s.modelled ? ([['Service Account', s.component === 'kube-flannel' ? 'flannel' : s.component]] as [string, string][]) : []),
    ['Node', `${p.node}/${p.nodeIp ?? '<none>'}`],
    ['Labels', labels[0]],
    ['Annotations', '<none>'],
    ['Status', 'Running'],
    ['IP', p.ip ?? ''],
  ];
  let out = block(head);
  // continuation lines of Labels sit under the value column
  const col = Math.max(...head.map(([k]) => k.length + 1)) + 2;
  if (labels.length > 1) {
    const at = out.indexOf('\nAnnotations:');
    out = out.slice(0, at + 1) + labels.slice(1).map((l) => `${' '.repeat(col)}${l}\n`).join('') + out.slice(at + 1);
  }
  out += `IPs:\n`;
  const owner = s ? `${s.owner.kind}/${s.owner.name}` : undefined;
  out += block([['  IP', p.ip ?? ''], ...(owner ? ([['Controlled By', owner]] as [string, string][]) : [])]);
  out += 'Containers:\n';
  const container = s ? (s.component === 'kube-flannel' ? 'kube-flannel' : s.component) : (state.scenario.pods.find((x) => x.namespace === p.namespace && x.name === p.name)?.containers[0]?.name ?? p.name);
  out += `  ${container}:\n`;
  const restarts = s?.restarts ?? 0;
  out += block(
    [
      ...(s && !s.modelled ? ([['Image', imageOf(s)]] as [string, string][]) : []),
      ['Port', '<none>'],
      ['Host Port', '<none>'],
      ['State', s?.status === 'CrashLoopBackOff' ? 'Waiting' : 'Running'],
      ...(s?.status === 'CrashLoopBackOff' ? ([['  Reason', 'CrashLoopBackOff']] as [string, string][]) : []),
      ['Ready', ready ? 'True' : 'False'],
      ['Restart Count', String(restarts)],
      ...(s ? probeLines(s, state) : []),
    ],
    '    ',
  );
  out += 'Conditions:\n';
  out += `  Type              Status\n  Initialized       True \n  Ready             ${ready ? 'True' : 'False'} \n  ContainersReady   ${ready ? 'True' : 'False'} \n  PodScheduled      True \n`;
  const events = podEvents(p);
  if (!events.length) return `${out}Events:          <none>\n`;
  const rows = [['Type', 'Reason', 'Age', 'From', 'Message'], ['----', '------', '----', '----', '-------'], ...events.map((e) => [e.type, e.reason, e.age, e.from, e.message])];
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)) + 2);
  out += 'Events:\n';
  for (const r of rows) out += `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join('')}\n`;
  return out;
}

/** `kubectl describe pod [NAME…] [-n NS]`: every named pod (or every pod of the namespace). */
export function describePods(state: ClusterState, args: readonly string[]): { out: string; exit: number } {
  const a = kubeArgs(args);
  if (a.output !== undefined) throw new KubeUsageError(`error: unknown shorthand flag: 'o' in -o`);
  const ns = a.namespace ?? 'default';
  const pods = podViews(state).filter((p) => a.all || p.namespace === ns);
  if (!a.pos.length) return pods.length ? { out: pods.map((p) => describeOne(state, p)).join('\n\n'), exit: 0 } : { out: a.all ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`, exit: 0 };
  const found: string[] = [];
  let missing = '';
  for (const name of a.pos) {
    const p = pods.find((x) => x.name === name);
    if (p) found.push(describeOne(state, p));
    else missing += `Error from server (NotFound): pods "${name}" not found\n`;
  }
  return { out: found.join('\n\n') + missing, exit: missing ? 1 : 0 };
}

const DS_WORDS = ['ds', 'daemonset', 'daemonsets', 'daemonset.apps'];
const CM_WORDS = ['cm', 'configmap', 'configmaps'];

/** `kubectl get ds [NAME] [-n NS | -A] [-o wide|yaml]` over the install's DaemonSets. */
export function getDaemonSets(state: ClusterState, args: readonly string[]): { out: string; exit: number } {
  const a = kubeArgs(args);
  const ns = a.namespace ?? 'default';
  const all = daemonSets(state).filter((d) => a.all || d.namespace === ns);
  const named = a.pos[0];
  const list = named ? all.filter((d) => d.name === named) : all;
  if (named && !list.length) return { out: `Error from server (NotFound): daemonsets.apps "${named}" not found\n`, exit: 1 };
  if (a.output === 'yaml') {
    if (!named) throw new KubeUsageError('error: this lab prints one DaemonSet as YAML: kubectl get ds NAME -n NAMESPACE -o yaml');
    if (list[0].name !== 'calico-node') return { out: `error: this lab does not model the ${list[0].name} DaemonSet's manifest\n`, exit: 1 };
    return { out: stringify(calicoNodeDaemonSet(state), YAML_OPTS), exit: 0 };
  }
  if (a.output !== undefined && a.output !== 'wide') throw wrongPrinter(a.output, 'wide, yaml');
  if (!list.length) return { out: a.all ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`, exit: 0 };
  const header = [...(a.all ? ['NAMESPACE'] : []), 'NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'];
  const rows = list.map((d) => {
    const c = daemonSetCounts(state, d.component);
    return [...(a.all ? [d.namespace] : []), d.name, String(c.desired), String(c.desired), String(c.ready), String(c.desired), String(c.ready), d.nodeSelector, AGE];
  });
  return { out: tabwrite([header, ...rows], KUBECTL_TABWRITER), exit: 0 };
}

/** `kubectl get cm kube-flannel-cfg -n NS -o yaml`: flannel's ConfigMap (the other ConfigMaps are not modelled). */
export function getConfigMap(state: ClusterState, args: readonly string[]): { out: string; exit: number } {
  const a = kubeArgs(args);
  const ns = a.namespace ?? 'default';
  const name = a.pos[0];
  if (!name || a.output !== 'yaml') throw new KubeUsageError('error: this lab prints one ConfigMap as YAML: kubectl get cm kube-flannel-cfg -n NAMESPACE -o yaml');
  const cm = state.scenario.cluster.cni === 'flannel' ? kubeFlannelConfigMap(state) : undefined;
  const meta = cm?.metadata as { name: string; namespace: string } | undefined;
  if (!cm || meta!.name !== name || meta!.namespace !== ns) return { out: `Error from server (NotFound): configmaps "${name}" not found\n`, exit: 1 };
  return { out: stringify(cm, { ...YAML_OPTS, blockQuote: 'literal' }), exit: 0 };
}

export const KUBE_RESOURCE_WORDS = { ds: DS_WORDS, cm: CM_WORDS };

/** `calicoctl get felixconfiguration [NAME] [-o yaml]`. */
export function getFelixConfiguration(args: readonly string[]): { out: string; exit: number } {
  let output: string | undefined;
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-o' || a === '--output') output = args[++i];
    else if (a.startsWith('-o')) output = a.slice(2);
    else if (a.startsWith('--output=')) output = a.slice(9);
    else pos.push(a);
  }
  if (pos[0] && pos[0] !== 'default') return { out: `Failed to get resources: resource does not exist: FelixConfiguration(${pos[0]}) with error: felixconfigurations.crd.projectcalico.org "${pos[0]}" not found\n`, exit: 1 };
  const fc = felixConfiguration();
  if (output === 'yaml') {
    if (pos[0]) return { out: stringify(fc, YAML_OPTS), exit: 0 };
    return { out: stringify({ apiVersion: 'projectcalico.org/v3', items: [fc], kind: 'FelixConfigurationList', metadata: {} }, YAML_OPTS), exit: 0 };
  }
  if (output !== undefined && output !== 'wide') throw new KubeUsageError(`Unrecognised output format '${output}'`);
  return { out: tabwrite([['NAME'], ['default']], CALICOCTL_TABWRITER) + '\n', exit: 0 };
}
