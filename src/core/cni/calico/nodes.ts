// Each node as calico-node sees it: its address (an explicit spec.bgp.ipv4Address wins, else
// IP_AUTODETECTION_METHOD), its AS number and route-reflector cluster ID, its labels (the Topology's
// plus the Calico Node resource's, which pool nodeSelectors match against) and its VXLAN VTEP MAC.

import { autodetect } from '../../autodetect';
import { calicoVtepMac } from '../../hash/names';
import type { NodeInfo } from '../../model/cluster';
import { nsIdNode } from '../../model/kernel';
import type { CniBuild } from '../types';

export function calicoNodes(b: CniBuild, vxlanEnabled: boolean): NodeInfo[] {
  const { scenario, podCIDRs, warn } = b;
  const install = scenario.cluster.calico;
  const calicoNodeRes = new Map(scenario.calicoNodes.map((c) => [c.name, c]));
  const globalAs = scenario.bgpConfigurations.find((c) => c.name === 'default')?.asNumber ?? 64512;
  return scenario.topology.nodes.map((n) => {
    const res = calicoNodeRes.get(n.name);
    let address: NodeInfo['address'];
    const explicit = res?.bgp?.ipv4Address;
    if (explicit) {
      const [ip, len] = explicit.split('/');
      const iface = n.interfaces.find((i) => i.ip.split('/')[0] === ip);
      address = { ip, prefixLen: Number(len ?? 32), iface: iface?.name ?? n.interfaces[0]?.name ?? 'eth0', method: 'Node spec.bgp.ipv4Address' };
    } else {
      address = autodetect(n, install.ipAutodetectionMethod, { gatewayOf: b.gatewayOf });
      if (!address) {
        warn('W202', `calico-node on ${n.name}: no address found with IP_AUTODETECTION_METHOD=${install.ipAutodetectionMethod}; calico-node exits and the node gets no routes`, `Node/${n.name}`);
      }
    }
    return {
      name: n.name,
      ns: nsIdNode(n.name),
      address,
      blocks: [],
      podCIDR: podCIDRs.get(n.name),
      asNumber: res?.bgp?.asNumber ?? globalAs,
      routeReflectorClusterID: res?.bgp?.routeReflectorClusterID,
      labels: { ...n.labels, ...(res?.labels ?? {}) },
      vtepMac: vxlanEnabled ? res?.ipv4VXLANTunnelMACAddr ?? calicoVtepMac(n.name) : undefined,
    };
  });
}
