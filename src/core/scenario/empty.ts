// The empty scenario with every default the parser applies: what a file with only a Topology yields, before
// its resources are added. Tests and generators build on it instead of spelling the defaults out again.

import type { Scenario } from '../model/scenario';

export function emptyScenario(name = 'lab'): Scenario {
  return {
    topology: { name, networks: [], routers: [], nodes: [] },
    cluster: {
      name,
      cni: 'calico',
      calico: { ipAutodetectionMethod: 'first-found', networkingBackend: 'bird', ipam: 'calico-ipam' },
      flannel: { netConf: { Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } }, ipMasq: true },
    },
    ...emptyResources(),
    namespaces: [{ name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } }],
    refs: {},
  };
}

/** The resource lists and IPAM configuration, empty / defaulted. */
export function emptyResources(): Omit<Scenario, 'topology' | 'cluster' | 'refs'> {
  return {
    ippools: [],
    bgpConfigurations: [],
    bgpPeers: [],
    calicoNodes: [],
    blockAffinities: [],
    ipamConfig: { strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 0 },
    tiers: [],
    calicoPolicies: [],
    namespaces: [],
    pods: [],
    deployments: [],
    networkPolicies: [],
    services: [],
    faults: [],
    foreign: [],
  };
}
