import type { CniPlugin } from '../types';
import { resolveFlannel } from './resolve';

/** Flannel: flanneld (vxlan, DirectRouting, host-gw) and the flannel CNI plugin (bridge + host-local). */
export const flannel: CniPlugin = {
  name: 'flannel',
  title: 'Flannel',
  podNetwork: (s) => ({ cidr: s.cluster.flannel.netConf.Network, subnetLen: s.cluster.flannel.netConf.SubnetLen ?? 24 }),
  usesHostLocal: () => true,
  leaseNetwork: (c) => c.flannel.netConf.Network,
  // Flannel stores NetworkPolicies (they are API objects) but nothing programs them.
  enforcesPolicy: false,
  resolve: resolveFlannel,
};
