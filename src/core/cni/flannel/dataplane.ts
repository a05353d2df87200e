// What flanneld (--kube-subnet-mgr) and the flannel CNI plugin (bridge + host-local) set up on a node.
// Per remote node (cni-facts §7):
//   vxlan         10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink  + PERMANENT neigh + fdb → node IP
//   DirectRouting 10.244.1.0/24 via 192.168.1.11 dev eth0 when the node IP is directly connected, else vxlan
//   host-gw       10.244.1.0/24 via 192.168.1.11 dev eth0 (only when directly connected: no L2, no route)
// flanneld installs routes without a protocol (RTPROT_BOOT), so `ip route` shows none.

import type { NodeInfo } from '../../model/cluster';
import type { Link, MasqRule, NetNS } from '../../model/kernel';
import { RTPROT } from '../../model/kernel';
import type { FlannelInstall } from '../../model/scenario';
import { numToIp, parseCidr } from '../../util/ipv4';
import { resolveNextHop } from '../../dataplane/routeResolve';
import { connectedRoute } from '../../dataplane/underlay';
import type { Route } from '../../model/kernel';

export interface FlannelNodeBuild {
  ns: NetNS;
  node: NodeInfo;
  underlay: Route[];
  install: FlannelInstall;
  others: NodeInfo[];
  /** flannel MTU (FLANNEL_MTU): the external interface MTU minus 50 for vxlan */
  mtu: number;
  hasPods: boolean;
  nextIfindex: number;
  warn: (message: string) => void;
}

export function flannelVni(install: FlannelInstall): number {
  return install.netConf.Backend.VNI ?? 1;
}

/** Linux's default VXLAN port (flannel leaves Port 0 → kernel default 8472). */
export function flannelPort(install: FlannelInstall): number {
  return install.netConf.Backend.Port && install.netConf.Backend.Port > 0 ? install.netConf.Backend.Port : 8472;
}

export function cni0Address(podCIDR: string): { ip: string; prefixLen: number } {
  const c = parseCidr(podCIDR);
  return { ip: numToIp(c.base + 1), prefixLen: c.prefixLen };
}

export function programFlannelNode(b: FlannelNodeBuild): number {
  const { ns, node, install } = b;
  let ifindex = b.nextIfindex;
  const backend = install.netConf.Backend;
  const vxlan = backend.Type === 'vxlan';
  const addr = node.address;
  if (!addr || !node.podCIDR) return ifindex;
  const dev = `flannel.${flannelVni(install)}`;
  if (vxlan) {
    const net = parseCidr(node.podCIDR);
    const ip = numToIp(net.base);
    ns.links.push({
      ifindex: ifindex++,
      name: dev,
      kind: 'vxlan',
      mtu: b.mtu,
      mac: node.vtepMac,
      addrs: [{ ip, prefixLen: 32, scope: 'global', brd: ip }],
      up: true,
      vxlan: { vni: flannelVni(install), port: flannelPort(install), local: addr.ip, dev: addr.iface, learning: false },
      qdisc: 'noqueue',
    } satisfies Link);
  }
  if (b.hasPods) {
    const gw = cni0Address(node.podCIDR);
    ns.links.push({
      ifindex: ifindex++,
      name: 'cni0',
      kind: 'bridge',
      mtu: b.mtu,
      mac: undefined,
      addrs: [{ ip: gw.ip, prefixLen: gw.prefixLen, scope: 'global', brd: numToIp(parseCidr(node.podCIDR).base + 2 ** (32 - gw.prefixLen) - 1) }],
      up: true,
      qdisc: 'noqueue',
    });
    ns.routes.push(connectedRoute(gw.ip, gw.prefixLen, 'cni0', { owner: 'kernel' }));
  }
  for (const other of b.others) {
    if (!other.address || !other.podCIDR) continue;
    const direct = resolveNextHop(b.underlay, other.address.ip);
    const directlyConnected = direct?.direct === true;
    if (backend.Type === 'host-gw' || (vxlan && backend.DirectRouting && directlyConnected)) {
      if (!directlyConnected || !direct) {
        b.warn(`flanneld on ${node.name}: host-gw route to ${other.podCIDR} via ${other.address.ip} not added: the node is not on a directly connected network`);
        continue;
      }
      ns.routes.push({ type: 'unicast', dst: other.podCIDR, via: other.address.ip, dev: direct.dev, proto: RTPROT.boot, scope: 'universe', owner: 'flanneld' });
      continue;
    }
    if (!other.vtepMac) continue;
    const gw = numToIp(parseCidr(other.podCIDR).base);
    ns.routes.push({ type: 'unicast', dst: other.podCIDR, via: gw, dev, proto: RTPROT.boot, scope: 'universe', onlink: true, owner: 'flanneld' });
    ns.neigh.push({ ip: gw, dev, lladdr: other.vtepMac, state: 'PERMANENT' });
    ns.fdb.push({ mac: other.vtepMac, dev, dst: other.address.ip, self: true, permanent: true });
  }
  return ifindex;
}

/** flanneld --ip-masq: the FLANNEL-POSTRTG chain (pkg/trafficmngr/iptables). */
export function flannelMasquerade(network: string, podCIDR: string): MasqRule[] {
  return [
    { action: 'RETURN', src: { cidrs: [podCIDR] }, dst: { cidrs: [network] }, comment: 'flanneld masq: -s subnet -d Network -j RETURN' },
    { action: 'RETURN', src: { cidrs: [network] }, dst: { cidrs: [podCIDR] }, comment: 'flanneld masq: -s Network -d subnet -j RETURN' },
    { action: 'RETURN', src: { cidrs: [network], negate: true }, dst: { cidrs: [podCIDR] }, comment: 'flanneld masq: ! -s Network -d subnet -j RETURN' },
    { action: 'MASQUERADE', src: { cidrs: [network] }, dst: { cidrs: ['224.0.0.0/4'], negate: true }, comment: 'flanneld masq: -s Network ! -d 224.0.0.0/4 -j MASQUERADE --random-fully' },
    { action: 'MASQUERADE', src: { cidrs: [network], negate: true }, dst: { cidrs: [network] }, comment: 'flanneld masq: ! -s Network -d Network -j MASQUERADE --random-fully' },
  ];
}
