// Service endpoints follow the EndpointSlice controller (selector within the namespace, ready pods,
// named targetPort resolved per pod by name AND protocol — k8s pkg/api/v1/pod FindPort).
import { describe, expect, it } from 'vitest';
import type { Service } from '../model';
import { chooseEndpoint, fnv1a32, serviceEndpoints } from './services';
import type { PolicyPod } from './types';

const P = (namespace: string, name: string, labels: Record<string, string>, ip: string, ports: PolicyPod['ports'], extra: Partial<PolicyPod> = {}): PolicyPod => ({
  namespace,
  name,
  labels,
  ip,
  node: 'n1',
  ports,
  ...extra,
});
const pods: PolicyPod[] = [
  P('web', 'v2', { app: 'web', v: '2' }, '10.0.0.20', [{ name: 'http', containerPort: 8081, protocol: 'TCP' }]),
  P('web', 'v1', { app: 'web', v: '1' }, '10.0.0.3', [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'dns', containerPort: 5353, protocol: 'UDP' }]),
  P('web', 'udp-only', { app: 'web' }, '10.0.0.4', [{ name: 'http', containerPort: 9999, protocol: 'UDP' }]),
  P('web', 'starting', { app: 'web' }, '10.0.0.5', [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], { ready: false }),
  P('other', 'web', { app: 'web' }, '10.0.1.3', [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]),
];
const svc: Service = {
  namespace: 'web',
  name: 'web',
  clusterIP: '10.96.0.50',
  selector: { app: 'web' },
  ports: [
    { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' },
    { name: 'raw', protocol: 'TCP', port: 81, targetPort: 7000 },
  ],
};

describe('serviceEndpoints', () => {
  it('named targetPort: resolved per pod by name and protocol; other namespaces and unready pods left out', () => {
    expect(serviceEndpoints(svc, pods)).toEqual([
      { ip: '10.0.0.3', port: 8080, protocol: 'TCP', pod: 'web/v1', node: 'n1' },
      { ip: '10.0.0.20', port: 8081, protocol: 'TCP', pod: 'web/v2', node: 'n1' },
    ]);
  });
  it('numeric targetPort applies to every selected pod; ports picked by number or name', () => {
    expect(serviceEndpoints(svc, pods, 81).map((e) => `${e.pod}:${e.port}`)).toEqual(['web/v1:7000', 'web/udp-only:7000', 'web/v2:7000']);
    expect(serviceEndpoints(svc, pods, 'raw')).toEqual(serviceEndpoints(svc, pods, 81));
    expect(serviceEndpoints(svc, pods, 9)).toEqual([]);
  });
  it('every selector pair must match; no selector, no endpoints', () => {
    expect(serviceEndpoints({ ...svc, selector: { app: 'web', v: '2' } }, pods).map((e) => e.pod)).toEqual(['web/v2']);
    expect(serviceEndpoints({ ...svc, selector: undefined }, pods)).toEqual([]);
  });
});

describe('chooseEndpoint', () => {
  it('FNV-1a 32 test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
  it('picks fnv1a32("srcIp:srcPort/PROTO") mod n; none without endpoints', () => {
    const eps = serviceEndpoints(svc, pods);
    const flow = { srcIp: '10.0.9.9', srcPort: 33333, protocol: 'TCP' };
    expect(chooseEndpoint(svc, eps, flow)).toBe(eps[fnv1a32('10.0.9.9:33333/TCP') % 2]);
    expect(chooseEndpoint(svc, [], flow)).toBeUndefined();
  });
});
