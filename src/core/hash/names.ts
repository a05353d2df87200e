// Deterministic interface names, MAC addresses and container ids. Where Calico derives a value
// from a hash, the rule is Calico's own and the output matches a real cluster; where the real
// system picks at random (flannel's VTEP MAC and veth names, NIC MACs, container ids), the rule is
// a documented default of this simulator so that the same scenario always renders the same text.

import { sha1 } from './sha1';
import { toHex } from './utf8';

function macString(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => (b < 16 ? '0' : '') + b.toString(16)).join(':');
}

/**
 * Calico's host-side veth name: prefix + first 11 hex chars of SHA-1("<namespace>.<pod>").
 * Real rule (libcalico-go backend/k8s/conversion VethNameForWorkload); prefix is the first entry
 * of FELIX_INTERFACEPREFIX, default "cali"; 4 + 11 = 15 chars, the Linux IFNAMSIZ limit.
 */
export function caliVethName(namespace: string, pod: string, prefix = 'cali'): string {
  const key = `${namespace}.${pod}`;
  let h = vethHashes.get(key);
  if (h === undefined) {
    h = toHex(sha1(key)).slice(0, 11);
    // Every edit of a lab rebuilds every pod's veth: remember the hashes (bounded).
    if (vethHashes.size > 200_000) vethHashes.clear();
    vethHashes.set(key, h);
  }
  return prefix + h;
}

const vethHashes = new Map<string, string>();

/**
 * Felix's VXLAN VTEP MAC for a node without spec.ipv4VXLANTunnelMACAddr: the byte 'f' (0x66)
 * followed by the first 5 bytes of SHA-1(node name); for IPv6 the name gets "-v6" appended.
 * Real rule (felix/calc/vxlan_resolver.go vtepMACForHost), hence every such MAC starts with 66:.
 */
export function calicoVtepMac(nodeName: string, ipVersion: 4 | 6 = 4): string {
  const h = sha1(ipVersion === 6 ? `${nodeName}-v6` : nodeName);
  return macString([0x66, h[0], h[1], h[2], h[3], h[4]]);
}

/**
 * flannel.1's MAC. Real flannel lets the kernel pick a random one when it creates the device (and
 * keeps it in the node annotation flannel.alpha.coreos.com/backend-data). Simulator default: the
 * first 6 bytes of SHA-1("flannel.1/" + node name) with the first byte made locally administered
 * unicast (bit 1 set, bit 0 clear), which is the kind of address the kernel's random MAC is.
 */
export function flannelVtepMac(nodeName: string): string {
  const h = sha1(`flannel.1/${nodeName}`);
  return macString([(h[0] & 0xfe) | 0x02, h[1], h[2], h[3], h[4], h[5]]);
}

/**
 * MAC for a node NIC whose scenario gives no `mac:`. Simulator default: QEMU/KVM's OUI 52:54:00
 * (what lab VMs usually show) + the first 3 bytes of SHA-1("<node>/<ifname>").
 */
export function nicMac(nodeName: string, ifname: string): string {
  const h = sha1(`${nodeName}/${ifname}`);
  return macString([0x52, 0x54, 0x00, h[0], h[1], h[2]]);
}

/**
 * Host-side veth name under flannel's bridge plugin. Real name: "veth" + 4 random bytes in hex
 * (containernetworking plugins ip.RandomVethName). Simulator default: "veth" + first 8 hex chars
 * of SHA-1("<namespace>/<pod>").
 */
export function flannelVethName(namespace: string, pod: string): string {
  return 'veth' + toHex(sha1(`${namespace}/${pod}`)).slice(0, 8);
}

/**
 * A pod sandbox's container id: 64 hex chars, like the runtime's random 256-bit ids. Simulator
 * default: SHA-1("<namespace>/<pod>#0") followed by the first 24 hex chars of
 * SHA-1("<namespace>/<pod>#1"). Calico's IPAM handle for the pod is "k8s-pod-network.<id>".
 */
export function containerId(namespace: string, pod: string): string {
  const key = `${namespace}/${pod}`;
  return toHex(sha1(`${key}#0`)) + toHex(sha1(`${key}#1`)).slice(0, 24);
}
