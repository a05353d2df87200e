// Synthetic clusters for benchmarks and property tests: N nodes on one /16 segment (or split across
// segments behind a router), P pods per node, Calico or Flannel in a chosen mode.

import type { Scenario } from '../src/core/model/scenario';
import { emptyScenario, node, pod, pool } from '../test/support/scenario';

export interface GenOptions {
  nodes: number;
  podsPerNode: number;
  cni?: 'calico' | 'flannel';
  ipipMode?: 'Always' | 'CrossSubnet' | 'Never';
  vxlanMode?: 'Always' | 'CrossSubnet' | 'Never';
  backend?: 'bird' | 'vxlan' | 'none';
  flannel?: 'vxlan' | 'directrouting' | 'host-gw';
  poolCidr?: string;
  blockSize?: number;
}

export function generateCluster(o: GenOptions): Scenario {
  const s = emptyScenario();
  s.topology.networks.push({ name: 'lan', cidr: '10.0.0.0/16', gateway: '10.0.0.1' });
  for (let i = 0; i < o.nodes; i++) {
    const ip = `10.0.${Math.floor((i + 10) / 256)}.${(i + 10) % 256}`;
    s.topology.nodes.push(node(`node-${i + 1}`, [['eth0', `${ip}/16`, 'lan']]));
    for (let p = 0; p < o.podsPerNode; p++) s.pods.push(pod('default', `pod-${i + 1}-${p + 1}`, `node-${i + 1}`));
  }
  if (o.cni === 'flannel') {
    s.cluster.cni = 'flannel';
    s.cluster.flannel.netConf = {
      Network: '10.128.0.0/9',
      Backend: o.flannel === 'host-gw' ? { Type: 'host-gw' } : { Type: 'vxlan', DirectRouting: o.flannel === 'directrouting' },
    };
  } else {
    s.cluster.calico.networkingBackend = o.backend ?? (o.vxlanMode && o.vxlanMode !== 'Never' ? 'vxlan' : 'bird');
    s.ippools.push(
      pool('default-ipv4-ippool', o.poolCidr ?? '10.128.0.0/12', {
        ipipMode: o.ipipMode ?? 'Always',
        vxlanMode: o.vxlanMode ?? 'Never',
        blockSize: o.blockSize ?? 26,
      }),
    );
  }
  return s;
}
