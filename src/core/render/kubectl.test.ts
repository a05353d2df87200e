// `kubectl get svc` / `kubectl get endpointslices` tables. The expected lines are laid out by hand from
// kubectl's printers (printService, printEndpointSlice, listWithMoreString with at most 3 shown) and its
// tabwriter (minwidth 6, padding 3, widest cell, last column unpadded): each column below is its widest cell
// plus three spaces.

import { describe, expect, it } from 'vitest';
import { kubectlGetEndpointSlices, kubectlGetServices, listWithMore, type ServiceRow, type SliceRow } from './kubectl';

const SERVICES: ServiceRow[] = [
  { namespace: 'default', name: 'web', type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } },
  {
    namespace: 'shop',
    name: 'front',
    type: 'NodePort',
    clusterIP: '10.96.12.7',
    ports: [
      { port: 80, nodePort: 30080, protocol: 'TCP' },
      { port: 443, nodePort: 30443, protocol: 'TCP' },
    ],
    selector: { tier: 'fe', app: 'shop' },
  },
  { namespace: 'shop', name: 'lb', type: 'LoadBalancer', clusterIP: '10.96.3.3', ports: [{ port: 8080, nodePort: 31000, protocol: 'TCP' }], loadBalancerIPs: ['192.168.1.240'] },
  { namespace: 'shop', name: 'lb2', type: 'LoadBalancer', clusterIP: '10.96.3.4', ports: [{ port: 53, nodePort: 31053, protocol: 'UDP' }], loadBalancerIPs: [] },
  { namespace: 'default', name: 'none', type: 'ClusterIP', ports: [], selector: {} },
];

describe('kubectl get svc', () => {
  it('-A -o wide: NAMESPACE first, node ports, <pending> and <none>, the selector sorted by key', () => {
    expect(kubectlGetServices(SERVICES, { allNamespaces: true, wide: true }).split('\n')).toEqual([
      'NAMESPACE   NAME    TYPE           CLUSTER-IP   EXTERNAL-IP     PORT(S)                      AGE   SELECTOR',
      'default     web     ClusterIP      10.96.0.10   <none>          80/TCP                       5m    app=web',
      'shop        front   NodePort       10.96.12.7   <none>          80:30080/TCP,443:30443/TCP   5m    app=shop,tier=fe',
      'shop        lb      LoadBalancer   10.96.3.3    192.168.1.240   8080:31000/TCP               5m    <none>',
      'shop        lb2     LoadBalancer   10.96.3.4    <pending>       53:31053/UDP                 5m    <none>',
      'default     none    ClusterIP      <none>       <none>          <none>                       5m    <none>',
      '',
    ]);
  });

  it('without -A or -o wide: no NAMESPACE, AGE last and unpadded', () => {
    expect(kubectlGetServices(SERVICES.slice(0, 1))).toBe(
      'NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n' + 'web    ClusterIP   10.96.0.10   <none>        80/TCP    5m\n',
    );
    // a LoadBalancer with no status at all is pending too
    const pending = kubectlGetServices([{ ...SERVICES[3], loadBalancerIPs: undefined }]);
    expect(pending.split('\n')[1]).toBe('lb2    LoadBalancer   10.96.3.4    <pending>     53:31053/UDP   5m');
    // several ingress addresses are joined with commas
    const two = kubectlGetServices([{ ...SERVICES[2], loadBalancerIPs: ['192.168.1.240', '192.168.1.241'] }]);
    expect(two.split('\n')[1]).toBe('lb     LoadBalancer   10.96.3.3    192.168.1.240,192.168.1.241   8080:31000/TCP   5m');
  });
});

describe('kubectl get endpointslices', () => {
  const SLICES: SliceRow[] = [
    { namespace: 'default', name: 'web-abc12', addressType: 'IPv4', ports: [80], addresses: ['10.244.1.2', '10.244.2.3', '10.244.3.4'] },
    {
      namespace: 'shop',
      name: 'front-x9',
      addressType: 'IPv4',
      ports: [80, 443, 8080, 9090],
      addresses: ['10.244.1.5', '10.244.1.6', '10.244.2.7', '10.244.2.8', '10.244.3.9'],
    },
    { namespace: 'shop', name: 'empty-q', addressType: 'IPv4', ports: [], addresses: [] },
  ];

  it('-A: three shown, "+ N more...", <unset> when empty', () => {
    expect(kubectlGetEndpointSlices(SLICES, { allNamespaces: true }).split('\n')).toEqual([
      'NAMESPACE   NAME        ADDRESSTYPE   PORTS                     ENDPOINTS                                      AGE',
      'default     web-abc12   IPv4          80                        10.244.1.2,10.244.2.3,10.244.3.4               5m',
      'shop        front-x9    IPv4          80,443,8080 + 1 more...   10.244.1.5,10.244.1.6,10.244.2.7 + 2 more...   5m',
      'shop        empty-q     IPv4          <unset>                   <unset>                                        5m',
      '',
    ]);
  });

  it('without -A: no NAMESPACE column', () => {
    expect(kubectlGetEndpointSlices(SLICES.slice(0, 1))).toBe(
      'NAME        ADDRESSTYPE   PORTS   ENDPOINTS                          AGE\n' + 'web-abc12   IPv4          80      10.244.1.2,10.244.2.3,10.244.3.4   5m\n',
    );
  });

  it('listWithMore: up to three joined, the fourth makes "+ 1 more..."', () => {
    expect(listWithMore([])).toBe('<unset>');
    expect(listWithMore(['a'])).toBe('a');
    expect(listWithMore(['a', 'b', 'c'])).toBe('a,b,c');
    expect(listWithMore(['a', 'b', 'c', 'd'])).toBe('a,b,c + 1 more...');
  });
});
