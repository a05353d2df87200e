import type { CniPlugin } from '../types';
import { resolveCalico } from './resolve';

/** Calico: BIRD (IPIP, no encapsulation), Felix (VXLAN, policy), Calico IPAM or host-local. */
export const calico: CniPlugin = {
  name: 'calico',
  title: 'Calico',
  // Node podCIDRs only matter with host-local IPAM; kube-controller-manager carves /24s of the first pool.
  podNetwork: (s) => (s.ippools[0] ? { cidr: s.ippools[0].cidr, subnetLen: 24 } : undefined),
  usesHostLocal: (c) => c.calico.ipam === 'host-local',
  leaseNetwork: () => undefined,
  enforcesPolicy: true,
  resolve: resolveCalico,
};
