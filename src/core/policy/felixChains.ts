// What Felix would program in iptables' filter table for one workload endpoint, derived from the compiled
// policies (the evaluator's own data: same selection, same order, same rules). A teaching view, not a
// byte-exact dump: Felix hashes long policy chain names (cali-pi-_<hash>) and matches selectors through
// ipsets named by hash; here the chain is named `cali-pi-<tier>/<policy>` (the pre-hash form) and an ipset
// is shown by its selector text. Mark bits as Felix uses them: 0x10000 accept, 0x20000 pass.
//   cali-tw-<veth>  to the workload: the pod's ingress policy (the walk's hostVethEgress hook)
//   cali-fw-<veth>  from the workload: the pod's egress policy (the walk's hostVethIngress hook)

import type { CompiledPolicies, CompiledPolicy, TierGroup } from './compile';
import { protocolName, type EntityMatch, type PortMatch, type Rule } from './calico/model';
import { selectorToString } from './selector';
import type { Direction } from './types';

export interface FelixChain {
  name: string;
  /** iptables-save lines ("-A <chain> ...") */
  rules: string[];
  /** what the chain is for, one line */
  comment: string;
}

const ACCEPT_MARK = '0x10000/0x10000';
const PASS_MARK = '0x20000/0x20000';

export function policyChainName(dir: Direction, p: CompiledPolicy): string {
  return `cali-${dir === 'ingress' ? 'pi' : 'po'}-${p.tier.name}/${p.policy.ref.name}`;
}

function ports(list: PortMatch[]): string {
  return list.map((p) => ('name' in p ? p.name : p.min === p.max ? String(p.min) : `${p.min}:${p.max}`)).join(',');
}

function entity(e: EntityMatch, side: 'src' | 'dst', out: string[]): void {
  const s = side === 'src' ? 's' : 'd';
  if (e.nets.length) out.push(e.nets.length === 1 ? `-${s} ${e.nets[0].text}` : `-m set --match-set cali40n:{${e.nets.map((n) => n.text).join(',')}} ${side}`);
  if (e.notNets.length) out.push(`-m set ! --match-set cali40n:{${e.notNets.map((n) => n.text).join(',')}} ${side}`);
  if (e.selector) out.push(`-m set --match-set cali40s:${JSON.stringify(selectorToString(e.selector))} ${side}`);
  if (e.notSelector) out.push(`-m set ! --match-set cali40s:${JSON.stringify(selectorToString(e.notSelector))} ${side}`);
  if (e.ports.length) out.push(`-m multiport --${s}ports ${ports(e.ports)}`);
  if (e.notPorts.length) out.push(`-m multiport ! --${s}ports ${ports(e.notPorts)}`);
}

/** The match part of one rule, iptables-style. */
export function ruleMatchText(r: Rule): string {
  const out: string[] = [];
  if (r.protocol !== undefined) out.push(`-p ${protocolName(r.protocol).toLowerCase()}`);
  if (r.notProtocol !== undefined) out.push(`! -p ${protocolName(r.notProtocol).toLowerCase()}`);
  if (r.icmp?.type !== undefined) out.push(`-m icmp --icmp-type ${r.icmp.type}${r.icmp.code !== undefined ? `/${r.icmp.code}` : ''}`);
  if (r.notICMP?.type !== undefined) out.push(`-m icmp ! --icmp-type ${r.notICMP.type}${r.notICMP.code !== undefined ? `/${r.notICMP.code}` : ''}`);
  entity(r.source, 'src', out);
  entity(r.destination, 'dst', out);
  return out.join(' ');
}

function policyChain(dir: Direction, p: CompiledPolicy): FelixChain {
  const name = policyChainName(dir, p);
  const rules: string[] = [];
  const list = dir === 'ingress' ? p.ingressRules : p.egressRules;
  for (const cr of list) {
    const r = cr.rule;
    const m = ruleMatchText(r);
    const head = `-A ${name}${m ? ' ' + m : ''}`;
    const idx = r.origin ? r.origin.rule : r.index;
    const c = `-m comment --comment "${dir} rule ${idx} ${r.action}"`;
    if (r.action === 'Allow') {
      rules.push(`${head} ${c} -j MARK --set-xmark ${ACCEPT_MARK}`);
      rules.push(`-A ${name} -m mark --mark ${ACCEPT_MARK} -j RETURN`);
    } else if (r.action === 'Pass') {
      rules.push(`${head} ${c} -j MARK --set-xmark ${PASS_MARK}`);
      rules.push(`-A ${name} -m mark --mark ${PASS_MARK} -j RETURN`);
    } else if (r.action === 'Deny') rules.push(`${head} ${c} -j DROP`);
    else rules.push(`${head} ${c} -j LOG --log-prefix "calico-packet: "`);
  }
  return { name, rules, comment: `${p.policy.ref.kind} ${p.policy.ref.namespace ? p.policy.ref.namespace + '/' : ''}${p.policy.ref.name} (tier ${p.tier.name}, order ${p.policy.order === Infinity ? 'unset' : p.policy.order}): ${list.length} ${dir} rule${list.length === 1 ? '' : 's'}` };
}

function endpointChain(dir: Direction, veth: string, groups: readonly TierGroup[], profile: string, enforced: boolean): FelixChain {
  const name = `cali-${dir === 'ingress' ? 'tw' : 'fw'}-${veth}`;
  const A = `-A ${name}`;
  const rules = [
    `${A} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    `${A} -m conntrack --ctstate INVALID -j DROP`,
    `${A} -j MARK --set-xmark 0x0/${ACCEPT_MARK.split('/')[1]}`,
  ];
  if (enforced) {
    for (const g of groups) {
      rules.push(`${A} -m comment --comment "Start of tier ${g.tier.name}" -j MARK --set-xmark 0x0/0x20000`);
      for (const p of g.policies) {
        rules.push(`${A} -m mark --mark 0x0/0x20000 -j ${policyChainName(dir, p)}`);
        rules.push(`${A} -m mark --mark ${ACCEPT_MARK} -m comment --comment "Return if policy accepted" -j RETURN`);
      }
      if (g.tier.defaultAction === 'Deny') rules.push(`${A} -m mark --mark 0x0/0x20000 -m comment --comment "End of tier ${g.tier.name}. Drop if no policies passed packet" -j DROP`);
    }
  }
  // profiles: reached when no tier selected the endpoint, or every tier passed
  rules.push(`${A} -j cali-pr${dir === 'ingress' ? 'i' : 'o'}-${profile}`);
  rules.push(`${A} -m mark --mark ${ACCEPT_MARK} -m comment --comment "Return if profile accepted" -j RETURN`);
  rules.push(`${A} -m comment --comment "Drop if no profiles matched" -j DROP`);
  const tiers = groups.map((g) => g.tier.name);
  return {
    name,
    rules,
    comment: !enforced
      ? `${dir === 'ingress' ? 'to' : 'from'} the workload: no policy enforcement (this CNI does not program policy)`
      : groups.length
        ? `${dir === 'ingress' ? 'to' : 'from'} the workload: tier${tiers.length === 1 ? '' : 's'} ${tiers.join(', ')}, then the implicit drop`
        : `${dir === 'ingress' ? 'to' : 'from'} the workload: no ${dir} policy selects the pod, the profile ${profile} allows`,
  };
}

/**
 * The chains for pod `podKey` ("ns/name") whose host-side veth is `veth`: cali-tw-/cali-fw- and, per
 * direction, the policy chains they jump to in evaluation order. Undefined when the pod has no endpoint.
 */
export function felixChains(c: CompiledPolicies, podKey: string, veth: string): FelixChain[] | undefined {
  const i = c.byKey.get(podKey);
  if (i === undefined) return undefined;
  const ep = c.endpoints[i];
  const profile = `kns.${ep.pod.namespace}`;
  const out: FelixChain[] = [];
  for (const dir of ['ingress', 'egress'] as const) {
    const groups = c.enforced ? ep[dir] : [];
    out.push(endpointChain(dir, veth, groups, profile, c.enforced));
    for (const g of groups) for (const p of g.policies) out.push(policyChain(dir, p));
  }
  return out;
}

/** The chains as iptables-save text. */
export function felixChainsText(chains: readonly FelixChain[]): string {
  const lines: string[] = ['*filter'];
  for (const ch of chains) lines.push(`:${ch.name} - [0:0]`);
  for (const ch of chains) lines.push(`# ${ch.name}: ${ch.comment}`, ...ch.rules);
  lines.push('COMMIT');
  return lines.join('\n') + '\n';
}
