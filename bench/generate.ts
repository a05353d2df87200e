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
  /** spread the nodes over this many racks (segments rack-1…, 10.<k>.0.0/16) joined by a router `tor`, in
   *  runs of consecutive nodes; default one segment `lan` */
  racks?: number;
}

export function generateCluster(o: GenOptions): Scenario {
  const s = emptyScenario();
  const racks = Math.max(1, o.racks ?? 1);
  if (racks === 1) s.topology.networks.push({ name: 'lan', cidr: '10.0.0.0/16', gateway: '10.0.0.1' });
  else {
    for (let k = 1; k <= racks; k++) s.topology.networks.push({ name: `rack-${k}`, cidr: `10.${k}.0.0/16`, gateway: `10.${k}.0.1` });
    s.topology.routers.push({ name: 'tor', interfaces: Array.from({ length: racks }, (_, k) => ({ network: `rack-${k + 1}`, ip: `10.${k + 1}.0.1/16` })) });
  }
  const perRack = Math.ceil(o.nodes / racks);
  for (let i = 0; i < o.nodes; i++) {
    const k = Math.floor(i / perRack);
    const j = i - k * perRack;
    const ip = racks === 1 ? `10.0.${Math.floor((i + 10) / 256)}.${(i + 10) % 256}` : `10.${k + 1}.${Math.floor((j + 10) / 256)}.${(j + 10) % 256}`;
    s.topology.nodes.push(node(`node-${i + 1}`, [['eth0', `${ip}/16`, racks === 1 ? 'lan' : `rack-${k + 1}`]]));
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
