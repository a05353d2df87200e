// MTUs as Felix and flanneld compute them (felix/dataplane/linux/int_dataplane.go findHostMTU,
// ConfigureDefaultMTUs, determinePodMTU; flannel pkg/backend/vxlan).

import type { TopologyNode } from '../model/scenario';
import { ENCAP_OVERHEAD } from '../model/headers';

/** Felix's MTUIfacePattern default: the NICs whose MTU bounds the host MTU. */
export const MTU_IFACE_PATTERN = /^((en|wl|ww|sl|ib)[Pcopsvx].*|(eth|wlan|wwan).*)/;

/** Tunnel overhead (IPIP 20, VXLAN 50), from the header sizes. */
export const OVERHEAD = ENCAP_OVERHEAD;

/** Smallest MTU among the NICs matching MTUIfacePattern; 1460 when none matches (Felix's fallback). */
export function hostMtu(node: TopologyNode, mtuOf: (ifaceMtu: number, network?: string) => number): number {
  const mtus = node.interfaces.filter((i) => MTU_IFACE_PATTERN.test(i.name)).map((i) => mtuOf(i.mtu, i.network));
  return mtus.length ? Math.min(...mtus) : 1460;
}

export interface CalicoMtus {
  host: number;
  ipip: number;
  vxlan: number;
  /** pod eth0 and cali* */
  pod: number;
}

/** veth_mtu (when non-zero) sets FELIX_IPINIPMTU, FELIX_VXLANMTU and the CNI mtu alike (calico.yaml). */
export function calicoMtus(host: number, vethMtu: number | undefined, ipip: boolean, vxlan: boolean): CalicoMtus {
  const fixed = vethMtu && vethMtu > 0 ? vethMtu : undefined;
  const ipipMtu = fixed ?? host - OVERHEAD.ipip;
  // The kernel refuses a VXLAN MTU above its parent's minus the 50-byte overhead ("RTNETLINK answers: Invalid
  // argument", cni-facts §11), so a too-large veth_mtu leaves vxlan.calico at the cap while pods get it all.
  const vxlanMtu = Math.min(fixed ?? host - OVERHEAD.vxlan, host - OVERHEAD.vxlan);
  const encaps: number[] = [];
  if (ipip) encaps.push(ipipMtu);
  if (vxlan) encaps.push(vxlanMtu);
  const pod = fixed ?? (encaps.length ? Math.min(...encaps) : host);
  return { host, ipip: ipipMtu, vxlan: vxlanMtu, pod };
}
