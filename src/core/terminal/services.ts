// `kubectl get services` and `kubectl get endpointslices` on a node: the scenario's Services and the
// EndpointSlices kube-proxy reads (core/policy), in the API server's order (namespace, then name).

import type { ClusterState } from '../model/cluster';
import { policyRuntime } from '../policy/cluster';
import { kubectlGetEndpointSlices, kubectlGetServices, type ServiceRow } from '../render';
import { KubeUsageError, kubeArgs } from './kube';

const byNsName = <T extends { namespace: string; name: string }>(a: T, b: T) =>
  a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

const noneFound = (all: boolean, namespace: string) => (all ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);

function flags(args: readonly string[], resource: string, outputs: string[]) {
  const a = kubeArgs(args);
  if (a.pos.length) throw new KubeUsageError(`error: the server doesn't have a resource type "${resource} ${a.pos[0]}"`);
  if (a.output !== undefined && !outputs.includes(a.output))
    throw new KubeUsageError(`error: unable to match a printer suitable for the output format "${a.output}", allowed formats are: ${outputs.join(',') || 'wide'}`);
  return { all: a.all, namespace: a.namespace ?? 'default', wide: a.output === 'wide' };
}

export function getServices(state: ClusterState, args: readonly string[]): string {
  const { all, namespace, wide } = flags(args, 'services', ['wide']);
  const svcs = state.scenario.services.filter((s) => all || s.namespace === namespace);
  if (!svcs.length) return noneFound(all, namespace);
  const rows: ServiceRow[] = [...svcs].sort(byNsName).map((s) => ({
    namespace: s.namespace,
    name: s.name,
    type: s.type ?? 'ClusterIP',
    ...(s.clusterIP !== undefined ? { clusterIP: s.clusterIP } : {}),
    ports: s.ports.map((p) => ({ port: p.port, protocol: p.protocol, ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}) })),
    ...(s.loadBalancerIPs ? { loadBalancerIPs: s.loadBalancerIPs } : {}),
    ...(s.selector ? { selector: s.selector } : {}),
  }));
  return kubectlGetServices(rows, { allNamespaces: all, wide });
}

export function getEndpointSlices(state: ClusterState, args: readonly string[]): string {
  const { all, namespace } = flags(args, 'endpointslices', ['wide']);
  const slices = policyRuntime(state).slices.filter((s) => all || s.namespace === namespace);
  if (!slices.length) return noneFound(all, namespace);
  return kubectlGetEndpointSlices(
    [...slices].sort(byNsName).map((s) => ({
      namespace: s.namespace,
      name: s.name,
      addressType: s.addressType,
      ports: s.ports.map((p) => p.port),
      addresses: s.endpoints.map((e) => e.address),
    })),
    { allNamespaces: all },
  );
}
