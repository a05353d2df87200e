// `iptables-save -t nat` on a node: the chains kube-proxy (iptables mode) writes for the lab's Services,
// in its own rule text (pkg/proxy/iptables/proxier.go) and iptables-save's layout (built-in chains, then
// user chains in name order, each chain's rules together, COMMIT).
// Chain names are kube-proxy's: "KUBE-SVC-" / "KUBE-SEP-" + the first 16 characters of
// base32(sha256(servicePortName + protocol [+ "ip:port"])), so they match a real cluster's.
// The endpoint chain's probabilities are 1/n, 1/(n-1), …, written with %0.10f and printed back by
// iptables-save from the kernel's 31-bit fixed point (%.11f): 1/3 reads 0.33333333349.
// Left out: Calico's cali-* and the CNI's own MASQUERADE rules, the CANARY chains, the
// "! -s <clusterCIDR> … -j KUBE-MARK-MASQ" rule (needs kube-proxy's --cluster-cidr, not modelled),
// the filter table (REJECT/DROP of Services without (local) endpoints). A Service port without endpoints
// has no nat rule. Per node: externalTrafficPolicy Local's KUBE-SVL lists that node's endpoints only.

import type { ClusterState } from '../model/cluster';
import { policyRuntime } from './cluster';
import { extChain, probabilityText, sepChain, servicePortName, svcChain, svlChain } from './proxyChains';

export { probabilityText, sepChain, servicePortName, svcChain } from './proxyChains';

export function kubeProxyNatSave(state: ClusterState, node?: string): string {
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
    const ext = extChain(e);
    const external = e.service.type !== undefined && e.port.nodePort !== undefined;
    const local = external && e.service.externalTrafficPolicy === 'Local';
    const here = e.endpoints.filter((ep) => node !== undefined && ep.node === node);
    add('KUBE-SERVICES', `-d ${e.service.clusterIP}/32 -p ${proto} -m comment --comment "${name} cluster IP" -m ${proto} --dport ${e.port.port} -j ${svc}`);
    if (external) {
      for (const ip of e.service.loadBalancerIPs ?? []) add('KUBE-SERVICES', `-d ${ip}/32 -p ${proto} -m comment --comment "${name} loadbalancer IP" -m ${proto} --dport ${e.port.port} -j ${ext}`);
      add('KUBE-NODEPORTS', `-p ${proto} -m comment --comment "${name}" -m ${proto} --dport ${e.port.nodePort} -j ${ext}`);
      if (!local) {
        add(ext, `-m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`);
        add(ext, `-j ${svc}`);
      } else {
        add(ext, `-m comment --comment "masquerade LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
        add(ext, `-m comment --comment "route LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${svc}`);
        if (here.length > 0) add(ext, `-j ${svlChain(e)}`);
      }
    }
    const affinity = e.service.affinity;
    const balance = (chain: string, eps: typeof e.endpoints) => {
      const n = eps.length;
      if (affinity)
        for (const ep of eps) {
          const sep = sepChain(e, `${ep.ip}:${ep.port}`);
          add(chain, `-m comment --comment "${name} -> ${ep.ip}:${ep.port}" -m recent --rcheck --seconds ${affinity.timeoutSeconds} --reap --name ${sep} --mask 255.255.255.255 --rsource -j ${sep}`);
        }
      eps.forEach((ep, i) => {
        const ipPort = `${ep.ip}:${ep.port}`;
        const stat = i < n - 1 ? ` -m statistic --mode random --probability ${probabilityText(n - i)}` : '';
        add(chain, `-m comment --comment "${name} -> ${ipPort}"${stat} -j ${sepChain(e, ipPort)}`);
      });
    };
    balance(svc, e.endpoints);
    if (local && here.length > 0) balance(svlChain(e), here);
    for (const ep of e.endpoints) {
      const ipPort = `${ep.ip}:${ep.port}`;
      const sep = sepChain(e, ipPort);
      add(sep, `-s ${ep.ip}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`);
      const recent = affinity ? ` -m recent --set --name ${sep} --mask 255.255.255.255 --rsource` : '';
      add(sep, `-p ${proto} -m comment --comment "${name}"${recent} -m ${proto} -j DNAT --to-destination ${ipPort}`);
    }
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

/**
 * `iptables-save -t filter`, kube-proxy's part: the jumps it ensures (ctstate NEW to KUBE-SERVICES from FORWARD
 * and OUTPUT, to KUBE-EXTERNAL-SERVICES from INPUT and FORWARD) and the verdicts for Service ports without
 * endpoints: REJECT for a clusterIP, nodePort or load-balancer IP of a Service with none; DROP for a nodePort or
 * load-balancer IP under externalTrafficPolicy Local on a node without one (proxier.go, "has no (local)
 * endpoints"). KUBE-FORWARD, KUBE-PROXY-FIREWALL, KUBE-NODEPORTS (health checks) and KUBE-FIREWALL are left out.
 */
export function kubeProxyFilterSave(state: ClusterState, node?: string): string {
  const rt = policyRuntime(state);
  const rules: Record<string, string[]> = { INPUT: [], FORWARD: [], OUTPUT: [], 'KUBE-EXTERNAL-SERVICES': [], 'KUBE-SERVICES': [] };
  rules.INPUT.push('-m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES');
  rules.FORWARD.push('-m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  rules.FORWARD.push('-m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES');
  rules.OUTPUT.push('-m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  for (const e of rt.servicePorts.values()) {
    const name = servicePortName(e);
    const proto = e.port.protocol.toLowerCase();
    const external = e.service.type !== undefined && e.port.nodePort !== undefined;
    const none = e.endpoints.length === 0;
    const noLocal = !none && external && e.service.externalTrafficPolicy === 'Local' && !e.endpoints.some((ep) => node !== undefined && ep.node === node);
    if (none) rules['KUBE-SERVICES'].push(`-d ${e.service.clusterIP}/32 -p ${proto} -m comment --comment "${name} has no endpoints" -m ${proto} --dport ${e.port.port} -j REJECT --reject-with icmp-port-unreachable`);
    if (!external || !(none || noLocal)) continue;
    const verdict = none ? 'REJECT --reject-with icmp-port-unreachable' : 'DROP';
    const comment = `${name} has no ${none ? '' : 'local '}endpoints`;
    for (const ip of e.service.loadBalancerIPs ?? []) rules['KUBE-EXTERNAL-SERVICES'].push(`-d ${ip}/32 -p ${proto} -m comment --comment "${comment}" -m ${proto} --dport ${e.port.port} -j ${verdict}`);
    rules['KUBE-EXTERNAL-SERVICES'].push(`-p ${proto} -m comment --comment "${comment}" -m addrtype --dst-type LOCAL -m ${proto} --dport ${e.port.nodePort} -j ${verdict}`);
  }
  const out = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':KUBE-EXTERNAL-SERVICES - [0:0]', ':KUBE-SERVICES - [0:0]'];
  for (const [chain, rs] of Object.entries(rules)) for (const r of rs) out.push(`-A ${chain} ${r}`);
  out.push('COMMIT');
  return out.join('\n') + '\n';
}
