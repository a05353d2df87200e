// The install's files on a node, as the install-cni init containers and flanneld write them: the CNI config
// in /etc/cni/net.d (Calico's from the manifest's cni_network_config template, flannel's from cni-conf.json)
// and flanneld's /run/flannel/subnet.env. Derived from the scenario's install section, node by node.

import type { ClusterState } from '../model/cluster';
import { nsIdNode } from '../model/kernel';

export const CALICO_CONFLIST = '/etc/cni/net.d/10-calico.conflist';
export const FLANNEL_CONFLIST = '/etc/cni/net.d/10-flannel.conflist';
export const FLANNEL_SUBNET_ENV = '/run/flannel/subnet.env';
export const CALICO_KUBECONFIG = '/etc/cni/net.d/calico-kubeconfig';

/** The calico CNI plugin's configuration for one node. `mtu` is the manifest's veth_mtu: 0 = Felix's auto MTU. */
export function calicoConflist(state: ClusterState, node: string): string {
  const c = state.scenario.cluster.calico;
  const ipam = c.ipam === 'host-local' ? ['          "type": "host-local",', '          "subnet": "usePodCidr"'] : ['          "type": "calico-ipam"'];
  return [
    '{',
    '  "name": "k8s-pod-network",',
    '  "cniVersion": "0.3.1",',
    '  "plugins": [',
    '    {',
    '      "type": "calico",',
    '      "log_level": "info",',
    '      "log_file_path": "/var/log/calico/cni/cni.log",',
    '      "datastore_type": "kubernetes",',
    `      "nodename": "${node}",`,
    `      "mtu": ${c.vethMtu ?? 0},`,
    '      "ipam": {',
    ...ipam,
    '      },',
    '      "policy": {',
    '          "type": "k8s"',
    '      },',
    '      "kubernetes": {',
    `          "kubeconfig": "${CALICO_KUBECONFIG}"`,
    '      }',
    '    },',
    '    {',
    '      "type": "portmap",',
    '      "snat": true,',
    '      "capabilities": {"portMappings": true}',
    '    },',
    '    {',
    '      "type": "bandwidth",',
    '      "capabilities": {"bandwidth": true}',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** kube-flannel.yml's cni-conf.json, which its install-cni container copies to 10-flannel.conflist. */
export const FLANNEL_CNI_CONF = `{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "flannel",
      "delegate": {
        "hairpinMode": true,
        "isDefaultGateway": true
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    }
  ]
}
`;

/** What flanneld writes after it leased the node's subnet: the network, the node's subnet with its first
 *  address (cni0's), the MTU pods get (flannel.1's for vxlan, the NIC's for host-gw) and --ip-masq. */
export function flannelSubnetEnv(state: ClusterState, node: string): string | undefined {
  const info = state.nodes.find((n) => n.name === node);
  const flannel = state.scenario.cluster.flannel;
  if (!info?.podCIDR || !info.address) return undefined;
  const [base, len] = info.podCIDR.split('/');
  const octets = base.split('.').map(Number);
  octets[3] += 1;
  const ns = state.netns[nsIdNode(node)];
  const dev = flannel.netConf.Backend.Type === 'vxlan' ? 'flannel.1' : info.address.iface;
  const mtu = ns?.links.find((l) => l.name === dev)?.mtu ?? 1500;
  return `FLANNEL_NETWORK=${flannel.netConf.Network}\nFLANNEL_SUBNET=${octets.join('.')}/${len}\nFLANNEL_MTU=${mtu}\nFLANNEL_IPMASQ=${flannel.ipMasq}\n`;
}

/** Every install file that exists on `node`, by absolute path. */
export function nodeFiles(state: ClusterState, node: string): Record<string, string> {
  if (!state.scenario.topology.nodes.some((n) => n.name === node)) return {};
  if (state.scenario.cluster.cni === 'calico') return { [CALICO_CONFLIST]: calicoConflist(state, node) };
  const env = flannelSubnetEnv(state, node);
  return { [FLANNEL_CONFLIST]: FLANNEL_CNI_CONF, ...(env ? { [FLANNEL_SUBNET_ENV]: env } : {}) };
}
