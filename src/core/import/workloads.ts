// Pods, Services, namespaces and policies as the lab writes them: each pod keeps its real address (a
// cni.projectcalico.org/ipAddrs pin, which both IPAMs honour) and its node; the CNI's own agents and pods
// that have no address yet are left out, with a note.

import { cidrContains, ipToNum, parseCidr } from '../util/ipv4';
import type { Facts, PodFact } from './collect';
import { isObj, locOf, type Obj } from './read';
import type { ImportNote } from './types';

const PIN = 'cni.projectcalico.org/ipAddrs';

export function podDocs(f: Facts, nodes: Set<string>, pinnable: (pod: PodFact) => string | undefined, note: (n: ImportNote) => void): Obj[] {
  const docs: Obj[] = [];
  const left: string[] = [];
  for (const p of f.pods) {
    if (p.agent) continue;
    const id = `${p.namespace}/${p.name}`;
    if (p.phase === 'Succeeded' || p.phase === 'Failed') continue;
    if (!p.nodeName) {
      left.push(`${id} (not scheduled)`);
      continue;
    }
    if (!nodes.has(p.nodeName)) {
      note({ code: 'W902', message: `pod ${id} is on node ${p.nodeName}, which the dump does not list: left out`, loc: locOf(p.obj, 'spec.nodeName') });
      continue;
    }
    if (!p.hostNetwork && !p.ip) {
      left.push(`${id} (no IP yet)`);
      continue;
    }
    const annotations: Record<string, string> = {};
    if (!p.hostNetwork && p.ip) {
      const why = pinnable(p);
      if (why) note({ code: 'W902', message: `pod ${id}: ${p.ip} ${why}; the lab gives it an address of its own`, loc: locOf(p.obj, 'status.podIP') });
      else annotations[PIN] = JSON.stringify([p.ip]);
    }
    const metadata: Obj = { name: p.name, namespace: p.namespace };
    if (Object.keys(p.labels).length) metadata.labels = p.labels;
    if (Object.keys(annotations).length) metadata.annotations = annotations;
    const spec: Obj = { nodeName: p.nodeName };
    if (p.hostNetwork) spec.hostNetwork = true;
    if (p.serviceAccountName) spec.serviceAccountName = p.serviceAccountName;
    spec.containers = p.containers.map((c) => (c.ports.length ? { name: c.name, ports: c.ports.map(portOf) } : { name: c.name }));
    if (!p.containers.length) spec.containers = [{ name: p.name.slice(0, 63) }];
    docs.push({ apiVersion: 'v1', kind: 'Pod', metadata, spec });
  }
  if (left.length) note({ code: 'W902', message: `${left.length} pod${left.length > 1 ? 's' : ''} without an address left out: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''}` });
  return docs;
}

function portOf(p: Obj): Obj {
  const out: Obj = { containerPort: p.containerPort };
  if (typeof p.name === 'string') out.name = p.name;
  if (p.protocol === 'TCP' || p.protocol === 'UDP' || p.protocol === 'SCTP') out.protocol = p.protocol;
  return out;
}

export function namespaceDocs(f: Facts): Obj[] {
  return f.namespaces.map((n) => {
    const labels = { ...n.labels };
    delete labels['kubernetes.io/metadata.name'];
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, ...(Object.keys(labels).length ? { labels } : {}) } };
  });
}

export function serviceDocs(f: Facts, note: (n: ImportNote) => void): Obj[] {
  const out: Obj[] = [];
  const seen = new Set<string>();
  for (const s of f.services) {
    const spec = isObj(s.spec) ? s.spec : {};
    const ip = typeof spec.clusterIP === 'string' && spec.clusterIP !== '' ? spec.clusterIP : undefined;
    if (ip && ip.includes(':')) continue;
    if (ip && ip !== 'None' && seen.has(ip)) continue;
    if (ip) seen.add(ip);
    const ports = (Array.isArray(spec.ports) ? spec.ports : []).filter(isObj).filter((p) => typeof p.port === 'number');
    if (!ports.length && ip !== 'None') {
      note({ code: 'W901', message: `Service ${String(s.namespace)}/${String(s.name)} has no ports: left out` });
      continue;
    }
    const o: Obj = {};
    if (ip) o.clusterIP = ip;
    if (isObj(spec.selector)) o.selector = spec.selector;
    o.ports = ports.map((p) => {
      const q: Obj = {};
      if (typeof p.name === 'string' && p.name) q.name = p.name;
      if (p.protocol === 'TCP' || p.protocol === 'UDP' || p.protocol === 'SCTP') q.protocol = p.protocol;
      q.port = p.port;
      if (typeof p.targetPort === 'number' || (typeof p.targetPort === 'string' && p.targetPort)) q.targetPort = p.targetPort;
      return q;
    });
    if (ports.length > 1) (o.ports as Obj[]).forEach((q, i) => (q.name ??= `port-${i}`));
    out.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: s.name, namespace: s.namespace }, spec: o });
  }
  return out;
}

export function policyDocs(f: Facts): Obj[] {
  return [
    ...f.networkPolicies.map((p) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.name, namespace: p.namespace }, spec: p.spec })),
    ...f.calicoPolicies.map((p) => ({ apiVersion: 'projectcalico.org/v3', kind: p.kind, metadata: { name: p.name, ...(p.namespace ? { namespace: p.namespace } : {}) }, spec: p.spec })),
  ];
}

/** Why a pod's real address cannot be pinned as it is (undefined: it can). */
export function pinProblem(ip: string, cidrs: string[], where: string): string | undefined {
  return cidrs.some((c) => cidrContains(parseCidr(c), ipToNum(ip))) ? undefined : `lies outside ${where}`;
}
