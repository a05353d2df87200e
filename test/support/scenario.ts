// Builds typed Scenarios in tests without going through YAML (the parser has its own tests).
import type { Scenario, TopologyNode, Pod, IPPool } from '../../src/core/model/scenario';
import { emptyScenario as baseScenario } from '../../src/core/scenario/empty';

export function emptyScenario(): Scenario {
  return baseScenario('test');
}

export function node(name: string, ifaces: [string, string, string?][], extra: Partial<TopologyNode> = {}): TopologyNode {
  return {
    name,
    labels: {},
    annotations: {},
    interfaces: ifaces.map(([n, ip, network]) => ({ name: n, ip, mtu: 1500, ...(network ? { network } : {}) })),
    ...extra,
  };
}

export function pod(namespace: string, name: string, nodeName: string, extra: Partial<Pod> = {}): Pod {
  return { namespace, name, nodeName, labels: {}, annotations: {}, containers: [{ name: 'c', ports: [] }], ...extra };
}

export function pool(name: string, cidr: string, extra: Partial<IPPool> = {}): IPPool {
  return {
    name,
    cidr,
    blockSize: 26,
    ipipMode: 'Always',
    vxlanMode: 'Never',
    natOutgoing: true,
    disabled: false,
    disableBGPExport: false,
    nodeSelector: 'all()',
    ...extra,
  };
}
