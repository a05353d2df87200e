// Bring your own cluster: kubectl / calicoctl dumps (and, optionally, each node's `ip` output) → an
// ordinary cnilab/v1 scenario, plus a report of what the API could not say. Pure: files in, text out.
// The scenario is then loaded like any file; importCluster loads it once itself to check that the lab
// gives every pod and tunnel the address the cluster printed.

import { stringify } from 'yaml';
import { LabError } from '../model/errors';
import { loadLab } from '../session/load';
import { canonicalCidr } from '../util/ipv4';
import { collect, type Facts } from './collect';
import { planCalico } from './calico';
import { nodeFileOwner, readNodeFile, type NodeFile } from './nodeFile';
import { readDump, type DumpObject, type Obj } from './read';
import type { DumpFile, ImportNote, ImportResult } from './types';
import { deriveUnderlay } from './underlay';
import { namespaceDocs, pinProblem, podDocs, policyDocs, serviceDocs } from './workloads';

export type { DumpFile, ImportNote, ImportResult } from './types';
export { nodeFileOwner } from './nodeFile';

/** Checked before any file is parsed: dumps of big clusters are large (managedFields, events), the lab's
 *  own limits (core/scenario SCENARIO_LIMITS) then bound the scenario written from them. */
export const DUMP_LIMITS = { bytes: 64 * 1024 * 1024 };

/** The file name the imported scenario's own errors would cite. */
export const IMPORTED_FILE = 'imported.yaml';

export function importCluster(input: readonly DumpFile[]): ImportResult {
  const errors: LabError[] = [];
  const notes: ImportNote[] = [];
  const note = (n: ImportNote) => notes.push(n);
  const total = input.reduce((n, f) => n + f.text.length, 0);
  if (total > DUMP_LIMITS.bytes) {
    const biggest = [...input].sort((a, b) => b.text.length - a.text.length)[0];
    errors.push(new LabError('E907', `the files hold ${total} characters, over the import limit of ${DUMP_LIMITS.bytes} (the largest is ${biggest.name})`, { file: biggest.name, line: 1, path: '' }, `at most ${DUMP_LIMITS.bytes} characters in all`));
    return { notes, errors, summary: { nodes: 0, pods: 0, cni: 'calico', files: input.length } };
  }
  const objects: DumpObject[] = [];
  const nodeFiles: { f: DumpFile; node: string }[] = [];
  for (const f of input) {
    const owner = nodeFileOwner(f);
    if (owner) nodeFiles.push({ f, node: owner });
    else objects.push(...readDump(f, errors));
  }
  const facts = collect(objects, errors);
  const empty = { nodes: 0, pods: 0, cni: 'calico' as const, files: input.length };
  if (errors.length) return { notes, errors, summary: empty };

  for (const [name] of facts.calicoOnly) note({ code: 'W902', node: name, message: `${name}: a Calico Node without a Kubernetes Node (kubectl get nodes -o yaml): labels and podCIDR unknown` });
  const nodes = facts.nodes;
  if (!nodes.length) {
    const first = input.find((f) => !nodeFileOwner(f));
    errors.push(new LabError('E904', `no Node in ${input.filter((f) => !nodeFileOwner(f)).map((f) => f.name).join(', ') || 'the files given'}: the lab is built on the cluster's nodes`, { file: first?.name ?? 'input', line: 1, path: '' }, 'a dump with kind: Node (v1) or Calico Nodes'));
    return { notes, errors, summary: empty };
  }
  const names = new Set(nodes.map((n) => n.name));
  const files = new Map<string, NodeFile>();
  for (const { f, node } of nodeFiles) {
    if (!names.has(node)) {
      errors.push(new LabError('E905', `${f.name} is for node "${node}", which is not in the dump`, { file: f.name, line: 1, path: '' }, [...names].join(', ')));
      continue;
    }
    files.set(node, readNodeFile(f, node, errors));
  }
  if (errors.length) return { notes, errors, summary: empty };

  if (facts.secrets) note({ code: 'W903', message: `${facts.secrets} Secret${facts.secrets > 1 ? 's' : ''} dropped: the lab needs none, and they are never written out` });

  const flannel = !facts.calicoSeen && (facts.flannelNetConf !== undefined || nodes.some((n) => n.flannelPublicIP || n.annotations['flannel.alpha.coreos.com/backend-type']));
  if (!facts.calicoSeen && !flannel) note({ code: 'W902', message: 'neither Calico resources nor flannel annotations in the dump: Calico assumed' });
  const podNets = [...facts.pools.map((p) => p.spec.cidr as string), ...nodes.flatMap((n) => (n.podCIDR ? [n.podCIDR] : []))];
  const netConf = facts.flannelNetConf?.value;
  if (typeof netConf?.Network === 'string') podNets.push(netConf.Network);
  const peers = facts.bgpPeers.flatMap((p) => (typeof p.spec.peerIP === 'string' ? [{ ip: p.spec.peerIP.split(':')[0], ...(typeof p.spec.asNumber === 'number' ? { asNumber: p.spec.asNumber } : {}) }] : []));
  const under = deriveUnderlay(nodes, files, podNets, peers, note);

  // ---- when each node's agent came up: calicoctl node status prints it as SINCE
  const started = new Map<string, string>();
  for (const p of facts.pods) if (p.agent && p.startedAt && p.nodeName) started.set(p.nodeName, p.startedAt);
  const clockStart = [...started.values()].sort()[0];
  for (const n of under.topology.nodes as Obj[]) {
    const at = started.get(n.name as string);
    if (at && at !== clockStart) n.startedAt = at;
  }

  const docs: Obj[] = [];
  const cluster: Obj = { cni: flannel ? 'flannel' : 'calico' };
  if (clockStart) cluster.clockStart = clockStart;
  let pinnable: (p: Facts['pods'][number]) => string | undefined;
  const rest: Obj[] = [];
  const podCIDROf = new Map(nodes.map((n) => [n.name, n.podCIDR ? canonicalCidr(n.podCIDR) : undefined]));
  if (flannel) {
    cluster.flannel = flannelInstall(facts, nodes, files, under, note);
    pinnable = (p) => {
      const c = podCIDROf.get(p.nodeName!);
      return c ? pinProblem(p.ip!, [c], `${p.nodeName}'s podCIDR ${c}`) : undefined;
    };
  } else {
    const plan = planCalico(facts, nodes, under.primary, note);
    cluster.calico = { ipAutodetectionMethod: plan.autodetect ?? 'first-found', networkingBackend: plan.backend, ipam: plan.ipam, ...(plan.vethMtu !== undefined ? { vethMtu: plan.vethMtu } : {}) };
    rest.push(...plan.docs);
    pinnable = (p) => {
      if (plan.ipam === 'host-local') {
        const c = podCIDROf.get(p.nodeName!);
        return c ? pinProblem(p.ip!, [c], `${p.nodeName}'s podCIDR ${c}`) : undefined;
      }
      return pinProblem(p.ip!, plan.pools, 'every enabled IPPool');
    };
  }
  const podList = podDocs(facts, names, pinnable, note);
  docs.push({ apiVersion: 'cnilab/v1', kind: 'Topology', metadata: { name: 'imported' }, spec: under.topology });
  docs.push({ apiVersion: 'cnilab/v1', kind: 'Cluster', metadata: { name: 'imported' }, spec: cluster });
  docs.push(...rest, ...namespaceDocs(facts), ...podList, ...serviceDocs(facts, note), ...policyDocs(facts));

  const body = docs.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
  const header = [
    `# Imported by cni-lab from ${[...input.map((f) => f.name)].join(', ')}.`,
    ...(notes.length ? ['# What the dumps did not say (assumed, gaps, dropped):', ...notes.map((n) => `#   ${n.code} ${n.message.replace(/\n/g, ' ')}`)] : []),
  ].join('\n');
  const yaml = `${header}\n${body}`;

  // The lab must hand every pod and tunnel the address the cluster printed; say where it does not.
  const loaded = loadLab(yaml, IMPORTED_FILE);
  if (loaded.errors.length) return { yaml, notes, errors: loaded.errors, summary: empty };
  const state = loaded.state!;
  for (const n of state.nodes) {
    const fact = nodes.find((x) => x.name === n.name);
    // each encapsulation has its own tunnel address (tunl0's, vxlan.calico's)
    const pairs: [string | undefined, string | undefined][] = [
      [fact?.ipipTunnel, n.ipipTunnelAddr],
      [fact?.vxlanTunnel, n.vxlanTunnelAddr],
    ];
    for (const [real, lab] of pairs) {
      if (real && lab && real !== lab) note({ code: 'W902', node: n.name, message: `${n.name}: the cluster's tunnel address is ${real}, the lab's IPAM gives ${lab}` });
    }
  }
  return { yaml, notes, errors: [], summary: { nodes: state.nodes.length, pods: state.pods.length, cni: flannel ? 'flannel' : 'calico', files: input.length } };
}

function flannelInstall(f: Facts, nodes: Facts['nodes'], files: Map<string, NodeFile>, under: ReturnType<typeof deriveUnderlay>, note: (n: ImportNote) => void): Obj {
  const out: Obj = {};
  if (f.flannelNetConf) out.netConf = f.flannelNetConf.value;
  else {
    const type = nodes.map((n) => n.annotations['flannel.alpha.coreos.com/backend-type']).find((t) => t === 'vxlan' || t === 'host-gw') ?? 'vxlan';
    out.netConf = { Network: '10.244.0.0/16', Backend: { Type: type } };
    note({ code: 'W902', message: `no kube-flannel-cfg ConfigMap (kubectl -n kube-flannel get configmap kube-flannel-cfg -o yaml): net-conf.json assumed {"Network": "10.244.0.0/16", "Backend": {"Type": "${type}"}}` });
  }
  // flanneld --iface: needed only where the public IP is not on the default-route NIC.
  const chosen: { ip: string; nic: string }[] = [];
  let needed = false;
  for (const n of nodes) {
    if (!n.flannelPublicIP) continue;
    const nic = under.nicOf(n.name, n.flannelPublicIP);
    if (!nic) continue;
    chosen.push({ ip: n.flannelPublicIP, nic });
    const dflt = files.get(n.name)?.routes.find((r) => r.dst === 'default')?.dev;
    if (dflt && dflt !== nic) needed = true;
  }
  if (needed) {
    const nics = [...new Set(chosen.map((c) => c.nic))];
    out.iface = nics.length === 1 ? nics : chosen.map((c) => c.ip);
    note({ code: 'W901', message: `flanneld's public IPs are not on the default-route NIC: --iface=${(out.iface as string[]).join(',')} assumed` });
  }
  return out;
}
