// kube-proxy's chain names (pkg/proxy/iptables/proxier.go): a Service port's chains share one hash,
// base32(sha256(ServicePortName + lowercase protocol)) cut to 16 characters, behind the prefix of
// their role — KUBE-SVC- (Cluster policy: every endpoint), KUBE-SVL- (Local policy: this node's
// endpoints), KUBE-EXT- (external traffic: NodePort, load-balancer IP); KUBE-SEP- adds the
// endpoint's "ip:port" to the hashed text. So the names match a real cluster's.

import { base32, sha256 } from '../hash/sha256';
import type { ServicePortEntry } from './cluster';

const hash16 = (s: string) => base32(sha256(s)).slice(0, 16);

/** "ns/name:port-name" (no ":" when the port has no name), as kube-proxy's ServicePortName prints. */
export const servicePortName = (e: ServicePortEntry) => `${e.key}${e.port.name ? `:${e.port.name}` : ''}`;
const base = (e: ServicePortEntry) => hash16(servicePortName(e) + e.port.protocol.toLowerCase());
export const svcChain = (e: ServicePortEntry) => `KUBE-SVC-${base(e)}`;
export const svlChain = (e: ServicePortEntry) => `KUBE-SVL-${base(e)}`;
export const extChain = (e: ServicePortEntry) => `KUBE-EXT-${base(e)}`;
export const sepChain = (e: ServicePortEntry, ipPort: string) => `KUBE-SEP-${hash16(servicePortName(e) + e.port.protocol.toLowerCase() + ipPort)}`;

/** What iptables-save prints for "-m statistic --mode random --probability 1/n". */
export function probabilityText(n: number): string {
  const written = Number((1 / n).toFixed(10)); // kube-proxy: fmt.Sprintf("%0.10f", 1.0/float64(n))
  const fixed = Math.round(written * 0x80000000); // libxt_statistic: lround(0x80000000 * p)
  return (fixed / 0x80000000).toFixed(11); // saved as %.11f
}
