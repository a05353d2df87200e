// EndpointSlices as the EndpointSlice controller writes them (discovery.k8s.io/v1), and the only source
// kube-proxy reads endpoints from. One Service's pods are grouped by the ports they resolve to (a named
// targetPort can map to different numbers on different pods; the controller then writes one slice per
// distinct port set); a Service whose selector matches nothing still gets one slice, with no endpoints and
// no ports. Headless Services get slices too (CoreDNS answers their addresses; kube-proxy skips them).
// Services without a selector get none (their Endpoints are managed by hand: not modelled).
// Names: "<service>-" + 5 characters of the generated-name alphabet, as generateName gives, drawn from
// SHA-1 of "<namespace>/<service>/endpointslice/<i>" instead of at random (same scheme as pod names).

import type { Service } from '../model/scenario';
import { nameChars } from '../scenario/schedule';
import type { PolicyPod } from './types';

export interface SlicePort {
  /** the Service port's name ("" when it has none) */
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface SliceEndpoint {
  address: string;
  ready: boolean;
  nodeName: string;
  /** "namespace/name" of the pod (targetRef) */
  pod: string;
}

export interface EndpointSlice {
  namespace: string;
  name: string;
  /** the kubernetes.io/service-name label */
  service: string;
  addressType: 'IPv4';
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

const ipNum = (ip: string) => ip.split('.').reduce((a, b) => a * 256 + Number(b), 0);

/** The slices of one Service (none without a selector). `pods`: every pod with its address. */
export function sliceService(svc: Service, pods: readonly PolicyPod[]): EndpointSlice[] {
  if (!svc.selector) return [];
  const sel = Object.entries(svc.selector);
  const members = pods
    .filter((p) => p.namespace === svc.namespace && p.ip && sel.every(([k, v]) => p.labels[k] === v))
    .sort((a, b) => ipNum(a.ip) - ipNum(b.ip));
  const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
  for (const pod of members) {
    const ports: SlicePort[] = [];
    for (const sp of svc.ports) {
      const port = typeof sp.targetPort === 'number' ? sp.targetPort : pod.ports.find((cp) => cp.name === sp.targetPort && cp.protocol === sp.protocol)?.containerPort;
      if (port !== undefined) ports.push({ name: sp.name ?? '', port, protocol: sp.protocol });
    }
    // a pod resolving none of a ported Service's ports is no endpoint of it
    if (svc.ports.length > 0 && ports.length === 0) continue;
    const key = ports.map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',');
    if (!groups.has(key)) groups.set(key, { ports, endpoints: [] });
    groups.get(key)!.endpoints.push({ address: pod.ip, ready: pod.ready !== false, nodeName: pod.node, pod: `${pod.namespace}/${pod.name}` });
  }
  const sets = groups.size > 0 ? [...groups.values()] : [{ ports: [], endpoints: [] }];
  return sets.map((g, i) => ({
    namespace: svc.namespace,
    name: `${svc.name}-${nameChars(`${svc.namespace}/${svc.name}/endpointslice/${i}`, 5)}`,
    service: svc.name,
    addressType: 'IPv4' as const,
    ports: g.ports,
    endpoints: g.endpoints,
  }));
}
