// `dig +short NAME`: the A records CoreDNS's kubernetes plugin serves for the cluster zone, as the Kubernetes
// DNS-Based Service Discovery specification defines them (github.com/kubernetes/dns docs/specification.md;
// coredns.io/plugins/kubernetes, with the kubeadm Corefile's `pods insecure`):
//   SVC.NS.svc.ZONE            a Service with a clusterIP → that address; a headless one (clusterIP: None) →
//                              one record per ready endpoint address of its EndpointSlices (not-ready ones
//                              are left out, as the spec says); a Service without any → no record
//   A-B-C-D.NS.pod.ZONE        `pods insecure`: the address spelled in the name, for a namespace that exists
//   anything else in the zone  NXDOMAIN
// dig prints nothing for NXDOMAIN or an empty answer and still exits 0; +short leaves only the addresses.
//
// dig does not use resolv.conf's search list unless told (+search; its man page: "The search list is not used by
// default"), so `dig +short web` asks for "web." and gets nothing, exactly as on a real pod; `+search` walks the
// pod's list (NS.svc.ZONE svc.ZONE ZONE, ndots:5 as the kubelet writes it). A node's resolv.conf is the host's,
// without the cluster's search list.
//
// Order: the records come in EndpointSlice order (slices by index, each slice's endpoints by address, as
// core/policy/endpointSlices.ts writes them), duplicates across slices once. A real CoreDNS does not promise an
// order: it reads slices from its informer cache, and the kubeadm Corefile's `loadbalance` plugin shuffles the
// A records of every answer, so two digs on a real cluster may print the lines in different orders.

import type { ClusterState } from '../model/cluster';
import { policyRuntime } from '../policy/cluster';

/** The cluster domain: kubelet's clusterDomain default; the scenario format has no setting for it. */
export const CLUSTER_DOMAIN = 'cluster.local';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export class DigUsageError extends Error {}

export interface DigQuery {
  name: string;
  search: boolean;
}

/** dig's arguments as this terminal takes them: one NAME, `+short` (required), `+[no]search`, an optional type A. */
export function parseDig(args: readonly string[]): DigQuery {
  let short = false;
  let search = false;
  const pos: string[] = [];
  for (const a of args) {
    if (a === '+short') short = true;
    else if (a === '+search') search = true;
    else if (a === '+nosearch' || a === '+noshort') {
      if (a === '+noshort') short = false;
      else search = false;
    } else if (a.startsWith('+') || a.startsWith('-') || a.startsWith('@')) throw new DigUsageError(`dig ${a}: not simulated here (dig [+search] +short NAME [A])`);
    else pos.push(a);
  }
  if (!short) throw new DigUsageError('dig without +short: not simulated here (the header, query id and timings are not modelled); type dig +short NAME');
  const type = pos.length > 1 ? pos[1].toUpperCase() : 'A';
  if (!pos.length) throw new DigUsageError('dig: name a domain: dig +short NAME');
  if (pos.length > 2 || (type !== 'A' && type !== 'IN')) throw new DigUsageError(`dig ${pos.slice(1).join(' ')}: only A queries are simulated here`);
  return { name: pos[0], search };
}

/** The A records CoreDNS answers for one fully qualified name (without the trailing dot); [] for NXDOMAIN. */
export function clusterARecords(state: ClusterState, fqdn: string): string[] {
  const name = fqdn.toLowerCase();
  const zone = `.${CLUSTER_DOMAIN}`;
  if (!name.endsWith(zone)) return [];
  const labels = name.slice(0, -zone.length).split('.');
  if (labels.length !== 3) return []; // SVC.NS.svc / IP.NS.pod only (endpoint hostnames are not modelled)
  const [first, ns, kind] = labels;
  if (kind === 'svc') {
    const svc = state.scenario.services.find((s) => s.namespace === ns && s.name === first);
    if (!svc) return [];
    if (svc.clusterIP !== 'None') return svc.clusterIP && IPV4.test(svc.clusterIP) ? [svc.clusterIP] : [];
    const seen = new Set<string>();
    for (const slice of policyRuntime(state).slices) {
      if (slice.namespace !== ns || slice.service !== svc.name) continue;
      for (const e of slice.endpoints) if (e.ready) seen.add(e.address);
    }
    return [...seen];
  }
  if (kind === 'pod') {
    const ip = first.replace(/-/g, '.');
    return IPV4.test(ip) && namespaceExists(state, ns) ? [ip] : [];
  }
  return [];
}

function namespaceExists(state: ClusterState, ns: string): boolean {
  const sc = state.scenario;
  return ns === 'default' || ns === 'kube-system' || sc.namespaces.some((n) => n.name === ns) || sc.pods.some((p) => p.namespace === ns) || sc.services.some((s) => s.namespace === ns);
}

/** The names dig asks for, in order: the name alone, or with +search the resolver's search-list expansion. */
export function candidates(name: string, search: boolean, podNamespace: string | undefined): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  if (!search || podNamespace === undefined) return [name];
  const list = [`${podNamespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN].map((d) => `${name}.${d}`);
  // ndots:5: a name with fewer dots tries the search list first, then itself
  return name.split('.').length - 1 >= 5 ? [name, ...list] : [...list, name];
}

/** `dig +short …` from a pod ("ns/name") or a node (podNamespace undefined): one address per line. */
export function digShort(state: ClusterState, args: readonly string[], podNamespace: string | undefined): string {
  const q = parseDig(args);
  for (const n of candidates(q.name, q.search, podNamespace)) {
    const a = clusterARecords(state, n);
    if (a.length) return a.map((ip) => `${ip}\n`).join('');
  }
  return '';
}
