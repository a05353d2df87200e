// Services as kube-proxy programs them, for the packet walk: which pod addresses stand behind a
// Service port, and which one a given connection lands on.
// Endpoints follow the EndpointSlice controller: pods in the Service's namespace whose labels
// contain every selector pair, ready, with an IP; targetPort numeric as is, or a name resolved per
// pod against its container ports with the same name AND protocol (k8s pkg/api/v1/pod FindPort) —
// a pod without that named port is left out. A Service without a selector gets no endpoints here
// (manually managed Endpoints are not modelled).

import type { Service, ServicePort } from '../model';
import { podKey } from './compile';
import type { PolicyPod } from './types';

export interface ServiceEndpoint {
  ip: string;
  port: number;
  protocol: ServicePort['protocol'];
  /** "namespace/name" of the backing pod */
  pod: string;
  /** the node the pod runs on (EndpointSlice endpoints[].nodeName): externalTrafficPolicy Local keeps these */
  node?: string;
}

function pickPort(service: Service, which: number | string | undefined): ServicePort | undefined {
  if (which === undefined) return service.ports[0];
  return service.ports.find((p) => (typeof which === 'number' ? p.port === which : p.name === which));
}

function ipNum(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}

/**
 * The endpoints of one Service port (by port number or name; default: the first port), in a
 * stable order (pod IP ascending).
 */
export function serviceEndpoints(service: Service, pods: readonly PolicyPod[], servicePort?: number | string): ServiceEndpoint[] {
  const sp = pickPort(service, servicePort);
  if (!sp || !service.selector) return [];
  const sel = Object.entries(service.selector);
  const out: ServiceEndpoint[] = [];
  for (const pod of pods) {
    if (pod.namespace !== service.namespace || pod.ready === false || !pod.ip) continue;
    if (!sel.every(([k, v]) => pod.labels[k] === v)) continue;
    let port: number | undefined;
    if (typeof sp.targetPort === 'number') port = sp.targetPort;
    else port = pod.ports.find((cp) => cp.name === sp.targetPort && cp.protocol === sp.protocol)?.containerPort;
    if (port === undefined) continue;
    const ep: ServiceEndpoint = { ip: pod.ip, port, protocol: sp.protocol, pod: podKey(pod) };
    if (pod.node) ep.node = pod.node;
    out.push(ep);
  }
  return out.sort((a, b) => ipNum(a.ip) - ipNum(b.ip) || (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
}

/** 32-bit FNV-1a over the UTF-16 code units (all ASCII here). */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Which endpoint a connection lands on. Real kube-proxy (iptables mode) picks at random per new
 * connection (`-m statistic --mode random`); the simulator must be reproducible, so it hashes the
 * flow instead: FNV-1a of "srcIp:srcPort/PROTO" modulo the number of endpoints. The same flow
 * always lands on the same pod; different source ports spread over the endpoints.
 * With sessionAffinity ClientIP (`affinity`), kube-proxy's `-m recent` list sends every later
 * connection of a client to the endpoint its first one got; the lab hashes the client address alone
 * ("srcIp"), which gives exactly that: one client, one endpoint, whatever its source port.
 * Undefined when the Service has no endpoints (kube-proxy then rejects the connection).
 */
export function chooseEndpoint(
  _service: Service,
  endpoints: readonly ServiceEndpoint[],
  flow: { srcIp: string; srcPort: number; protocol: string },
  affinity = false,
): ServiceEndpoint | undefined {
  if (endpoints.length === 0) return undefined;
  return endpoints[flowHash(flow, affinity) % endpoints.length];
}

/** The hash chooseEndpoint reduces modulo the number of endpoints. */
export const flowHash = (flow: { srcIp: string; srcPort: number; protocol: string }, affinity = false) =>
  fnv1a32(affinity ? flow.srcIp : `${flow.srcIp}:${flow.srcPort}/${flow.protocol}`);
