// `iptables-save -t nat` on a node: the chains kube-proxy (iptables mode) writes for the lab's Services,
// in its own rule text (pkg/proxy/iptables/proxier.go) and iptables-save's layout (built-in chains, then
// user chains in name order, each chain's rules together, COMMIT).
// Chain names are kube-proxy's: "KUBE-SVC-" / "KUBE-SEP-" + the first 16 characters of
// base32(sha256(servicePortName + protocol [+ "ip:port"])), so they match a real cluster's.
// The endpoint chain's probabilities are 1/n, 1/(n-1), …, written with %0.10f and printed back by
// iptables-save from the kernel's 31-bit fixed point (%.11f): 1/3 reads 0.33333333349.
// Left out: Calico's cali-* and the CNI's own MASQUERADE rules, the CANARY chains, the
// "! -s <clusterCIDR> … -j KUBE-MARK-MASQ" rule (needs kube-proxy's --cluster-cidr, not modelled),
// NodePort rules (KUBE-NODEPORTS stays empty). A Service port without endpoints has no nat rule (its
// REJECT is in the filter table).

import type { ClusterState } from '../model/cluster';
import { base32, sha256 } from '../hash/sha256';
import { policyRuntime, type ServicePortEntry } from './cluster';

const hash16 = (s: string) => base32(sha256(s)).slice(0, 16);

/** "ns/name:port-name" (no ":" when the port has no name), as kube-proxy's ServicePortName prints. */
export const servicePortName = (e: ServicePortEntry) => `${e.key}${e.port.name ? `:${e.port.name}` : ''}`;
export const svcChain = (e: ServicePortEntry) => `KUBE-SVC-${hash16(servicePortName(e) + e.port.protocol.toLowerCase())}`;
export const sepChain = (e: ServicePortEntry, ipPort: string) => `KUBE-SEP-${hash16(servicePortName(e) + e.port.protocol.toLowerCase() + ipPort)}`;

/** What iptables-save prints for "-m statistic --mode random --probability 1/n". */
export function probabilityText(n: number): string {
  const written = Number((1 / n).toFixed(10)); // kube-proxy: fmt.Sprintf("%0.10f", 1.0/float64(n))
  const fixed = Math.round(written * 0x80000000); // libxt_statistic: lround(0x80000000 * p)
  return (fixed / 0x80000000).toFixed(11); // saved as %.11f
}

export function kubeProxyNatSave(state: ClusterState): string {
  const rt = policyRuntime(state);
  const entries = [...rt.servicePorts.values()].filter((e) => e.endpoints.length > 0);
  const chains = new Map<string, string[]>();
  const add = (chain: string, rule: string) => {
    if (!chains.has(chain)) chains.set(chain, []);
    chains.get(chain)!.push(`-A ${chain} ${rule}`);
  };
  for (const c of ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING', 'KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-SERVICES']) chains.set(c, []);
  add('PREROUTING', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  add('OUTPUT', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  add('POSTROUTING', '-m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING');
  add('KUBE-MARK-MASQ', '-j MARK --set-xmark 0x4000/0x4000');
  add('KUBE-POSTROUTING', '-m mark ! --mark 0x4000/0x4000 -j RETURN');
  add('KUBE-POSTROUTING', '-j MARK --set-xmark 0x4000/0x0');
  add('KUBE-POSTROUTING', '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
  for (const e of entries) {
    const name = servicePortName(e);
    const proto = e.port.protocol.toLowerCase();
    const svc = svcChain(e);
    add('KUBE-SERVICES', `-d ${e.service.clusterIP}/32 -p ${proto} -m comment --comment "${name} cluster IP" -m ${proto} --dport ${e.port.port} -j ${svc}`);
    const n = e.endpoints.length;
    e.endpoints.forEach((ep, i) => {
      const ipPort = `${ep.ip}:${ep.port}`;
      const sep = sepChain(e, ipPort);
      const stat = i < n - 1 ? ` -m statistic --mode random --probability ${probabilityText(n - i)}` : '';
      add(svc, `-m comment --comment "${name} -> ${ipPort}"${stat} -j ${sep}`);
      add(sep, `-s ${ep.ip}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`);
      add(sep, `-p ${proto} -m comment --comment "${name}" -m ${proto} -j DNAT --to-destination ${ipPort}`);
    });
  }
  add('KUBE-SERVICES', '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  const builtin = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'];
  const user = [...chains.keys()].filter((c) => !builtin.includes(c)).sort();
  const out = ["# kube-proxy's chains only (iptables mode); the CNI's own nat rules are not listed", '*nat'];
  for (const c of builtin) out.push(`:${c} ACCEPT [0:0]`);
  for (const c of user) out.push(`:${c} - [0:0]`);
  for (const c of [...builtin, ...user]) out.push(...chains.get(c)!);
  out.push('COMMIT');
  return out.join('\n') + '\n';
}
