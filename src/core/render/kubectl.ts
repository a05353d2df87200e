// `kubectl get services` and `kubectl get endpointslices` as kubectl prints them
// (k8s.io/kubernetes pkg/printers/internalversion: printService / printEndpointSlice): kubectl's tabwriter,
// a NAMESPACE column first with -A, AGE as the lab's fixed "5m" (the lab has no clock of creation).

import { KUBECTL_TABWRITER, tabwrite } from './gotab';

export interface ServiceRow {
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  clusterIP?: string;
  ports: { port: number; protocol: string; nodePort?: number }[];
  /** LoadBalancer: status.loadBalancer.ingress IPs */
  loadBalancerIPs?: string[];
  selector?: Record<string, string>;
}

export interface SliceRow {
  namespace: string;
  name: string;
  addressType: string;
  ports: number[];
  addresses: string[];
}

/** "a,b,c + 2 more..." (printers.go listWithMoreString, at most 3 shown), "<unset>" when empty. */
export function listWithMore(list: readonly string[]): string {
  if (list.length === 0) return '<unset>';
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

export function kubectlGetServices(rows: readonly ServiceRow[], opts: { allNamespaces?: boolean; wide?: boolean } = {}): string {
  const ns = opts.allNamespaces ? ['NAMESPACE'] : [];
  const header = [...ns, 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', ...(opts.wide ? ['SELECTOR'] : [])];
  const body = rows.map((r) => {
    const external = r.type === 'LoadBalancer' ? (r.loadBalancerIPs?.length ? r.loadBalancerIPs.join(',') : '<pending>') : '<none>';
    const ports = r.ports.length ? r.ports.map((p) => (p.nodePort !== undefined ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',') : '<none>';
    const selector = r.selector && Object.keys(r.selector).length ? Object.keys(r.selector).sort().map((k) => `${k}=${r.selector![k]}`).join(',') : '<none>';
    return [...(opts.allNamespaces ? [r.namespace] : []), r.name, r.type, r.clusterIP ?? '<none>', external, ports, '5m', ...(opts.wide ? [selector] : [])];
  });
  return tabwrite([header, ...body], KUBECTL_TABWRITER);
}

export function kubectlGetEndpointSlices(rows: readonly SliceRow[], opts: { allNamespaces?: boolean } = {}): string {
  const ns = opts.allNamespaces ? ['NAMESPACE'] : [];
  const header = [...ns, 'NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'];
  const body = rows.map((r) => [...(opts.allNamespaces ? [r.namespace] : []), r.name, r.addressType, listWithMore(r.ports.map(String)), listWithMore(r.addresses), '5m']);
  return tabwrite([header, ...body], KUBECTL_TABWRITER);
}
