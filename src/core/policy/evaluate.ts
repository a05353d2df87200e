// decide(): the one verdict for a packet, as Felix reaches it.
// Egress is evaluated at the source pod's interface, ingress at the destination pod's interface
// (both, also for pods on the same node). For each, the tiers that hold a policy selecting the pod
// for that direction are walked in order; inside a tier the selecting policies in order; inside a
// policy its rules top-down. Allow / Deny end the walk; Log records and continues; Pass skips the
// rest of the tier. At the end of a tier that selected the pod the tier's defaultAction applies
// (Deny; or Pass to the next tier). When no tier selects the pod, or every tier passed, the
// namespace profile kns.<namespace> allows (Kubernetes' default-allow).
// Rule selectors match by IP (Felix's IP sets): an address is "a pod" for selectors only if it is
// a pod's IP, which is why SNATed traffic from a node never matches a podSelector.

import { anyNetHas } from './net';
import { type CompiledEntity, type CompiledPolicies, type CompiledRule, type Endpoint } from './compile';
import type { PortMatch } from './calico/model';
import { PROTOCOL_NUMBERS } from './calico/model';
import type { Decision, Direction, DirectionVerdict, Flow, FlowProtocol, PolicyRef, PolicyStep } from './types';
import { parseIp } from '../util/ipv4';
import type { Msg } from '../msg';
import { pm } from './messages';
import { dirMsg, listMsg } from './phrases';

/** A packet reduced to what rule matching reads. */
export interface Packet {
  proto: number;
  protoName: FlowProtocol;
  srcIp?: number;
  dstIp?: number;
  /** endpoint owning the address (IP-set membership) */
  srcEp?: number;
  dstEp?: number;
  srcPort?: number;
  dstPort?: number;
  icmpType: number;
  icmpCode: number;
}

export function toPacket(c: CompiledPolicies, flow: Flow): Packet {
  return {
    proto: PROTOCOL_NUMBERS[flow.protocol],
    protoName: flow.protocol,
    srcIp: parseIp(flow.src.ip),
    dstIp: parseIp(flow.dst.ip),
    srcEp: c.byIp.get(flow.src.ip),
    dstEp: c.byIp.get(flow.dst.ip),
    srcPort: flow.srcPort,
    dstPort: flow.port,
    icmpType: flow.icmp?.type ?? 8,
    icmpCode: flow.icmp?.code ?? 0,
  };
}

function portIn(c: CompiledPolicies, list: readonly PortMatch[], port: number | undefined, ep: number | undefined, proto: FlowProtocol): boolean {
  if (port === undefined) return false;
  for (const p of list) {
    if ('name' in p) {
      // Named ports resolve on the endpoint that owns the address, for this protocol only.
      if (ep === undefined) continue;
      for (const cp of c.endpoints[ep].pod.ports) if (cp.name === p.name && cp.protocol === proto && cp.containerPort === port) return true;
    } else if (port >= p.min && port <= p.max) return true;
  }
  return false;
}

export function entityMatches(c: CompiledPolicies, e: CompiledEntity, ip: number | undefined, ep: number | undefined, port: number | undefined, proto: FlowProtocol): boolean {
  const m = e.match;
  if (m.nets.length > 0 && !anyNetHas(m.nets, ip)) return false;
  if (m.notNets.length > 0 && anyNetHas(m.notNets, ip)) return false;
  if (e.sel && (ep === undefined || e.sel[ep] === 0)) return false;
  if (e.notSel && ep !== undefined && e.notSel[ep] === 1) return false;
  if (m.ports.length > 0 && !portIn(c, m.ports, port, ep, proto)) return false;
  if (m.notPorts.length > 0 && portIn(c, m.notPorts, port, ep, proto)) return false;
  return true;
}

/** The rule's protocol / ICMP / IP-version terms (everything but the two entities). */
export function ruleProtocolMatches(cr: CompiledRule, pkt: Packet): boolean {
  const r = cr.rule;
  if (r.ipVersion === 6) return false; // the simulated pods are IPv4
  if (r.protocol !== undefined && r.protocol !== pkt.proto) return false;
  if (r.notProtocol !== undefined && r.notProtocol === pkt.proto) return false;
  if (r.icmp) {
    if (pkt.proto !== 1) return false;
    if (r.icmp.type !== undefined && r.icmp.type !== pkt.icmpType) return false;
    if (r.icmp.code !== undefined && r.icmp.code !== pkt.icmpCode) return false;
  }
  if (r.notICMP && pkt.proto === 1) {
    const typeHit = r.notICMP.type === undefined || r.notICMP.type === pkt.icmpType;
    const codeHit = r.notICMP.code === undefined || r.notICMP.code === pkt.icmpCode;
    if (typeHit && codeHit) return false;
  }
  return true;
}

export function ruleMatches(c: CompiledPolicies, cr: CompiledRule, pkt: Packet): boolean {
  if (!ruleProtocolMatches(cr, pkt)) return false;
  if (!entityMatches(c, cr.src, pkt.srcIp, pkt.srcEp, pkt.srcPort, pkt.protoName)) return false;
  return entityMatches(c, cr.dst, pkt.dstIp, pkt.dstEp, pkt.dstPort, pkt.protoName);
}

/** How a rule is named in verdicts: Kubernetes rules by their index in the Kubernetes policy. */
export function ruleLabel(ref: PolicyRef, cr: CompiledRule, dir: Direction): string {
  const idx = cr.rule.origin ? cr.rule.origin.rule : cr.rule.index;
  return `${ref.name} ${dir} rule ${idx} ${cr.rule.action}`;
}

const profileOf = (ep: Endpoint) => `kns.${ep.pod.namespace}`;

/** Full evaluation for one endpoint and direction (with the trace the walk and `explain` show). */
export function evaluateEndpoint(c: CompiledPolicies, epIdx: number, dir: Direction, pkt: Packet): DirectionVerdict {
  const ep = c.endpoints[epIdx];
  const groups = ep[dir];
  const selectedBy: PolicyRef[] = [];
  for (const g of groups) for (const p of g.policies) selectedBy.push(p.policy.ref);
  const steps: PolicyStep[] = [];
  const base = { direction: dir, endpoint: ep.key, applicable: true, selectedBy, steps };
  if (groups.length === 0) return { ...base, allowed: true, reason: `no policy selects this pod: allowed by profile ${profileOf(ep)}` };

  const passedTiers: string[] = [];
  for (const g of groups) {
    let passed = false;
    for (const cp of g.policies) {
      const step: PolicyStep = { policy: cp.policy.ref, logged: [] };
      steps.push(step);
      const rules = dir === 'ingress' ? cp.ingressRules : cp.egressRules;
      for (const cr of rules) {
        if (!ruleMatches(c, cr, pkt)) continue;
        const a = cr.rule.action;
        if (a === 'Log') {
          step.logged.push(cr.rule.index);
          continue;
        }
        const label = ruleLabel(cp.policy.ref, cr, dir);
        step.rule = { index: cr.rule.index, action: a, label };
        if (a === 'Pass') {
          passed = true;
          break;
        }
        return { ...base, allowed: a === 'Allow', decidedBy: { policy: cp.policy.ref, ruleIndex: cr.rule.index, action: a }, reason: label };
      }
      if (passed) break;
    }
    if (passed) {
      passedTiers.push(g.tier.name);
      continue;
    }
    if (g.tier.defaultAction === 'Pass') {
      passedTiers.push(g.tier.name);
      continue;
    }
    return { ...base, allowed: false, reason: `${g.tier.name} tier: no rule matched: implicit deny` };
  }
  return {
    ...base,
    allowed: true,
    reason: `${passedTiers.map((t) => `${t} tier`).join(', ')} passed: allowed by profile ${profileOf(ep)}`,
  };
}

/** The rule a verdict names (decidedBy), as compiled. */
export function decidingRule(c: CompiledPolicies, v: DirectionVerdict): CompiledRule | undefined {
  const by = v.decidedBy;
  if (!by) return undefined;
  const cp = c.policies.find((p) => p.policy.ref === by.policy);
  if (!cp) return undefined;
  return (v.direction === 'ingress' ? cp.ingressRules : cp.egressRules).find((r) => r.rule.index === by.ruleIndex);
}

/**
 * evaluateEndpoint's `reason` as a message (the same English, built from the verdict's structure), for a
 * front end showing it in another language. Only the walk's hops need it, so the evaluator itself keeps
 * writing its plain string (the matrix and `explain` call it in bulk).
 */
export function reasonMsg(c: CompiledPolicies, v: DirectionVerdict): Msg {
  const cr = decidingRule(c, v);
  if (v.decidedBy && cr) {
    return pm('policy.reason.rule', { name: v.decidedBy.policy.name, dir: dirMsg(v.direction), n: cr.rule.origin ? cr.rule.origin.rule : cr.rule.index, action: cr.rule.action });
  }
  const ep = v.endpoint !== undefined ? c.byKey.get(v.endpoint) : undefined;
  const profile = ep !== undefined ? profileOf(c.endpoints[ep]) : '';
  if (v.selectedBy.length === 0) return pm('policy.reason.profile', { profile });
  // every tier that selected the pod has at least its first policy walked, so the steps name the tiers in order
  const tiers: string[] = [];
  for (const s of v.steps) if (!tiers.includes(s.policy.tier)) tiers.push(s.policy.tier);
  if (!v.allowed) return pm('policy.reason.implicitDeny', { tier: tiers[tiers.length - 1] ?? '' });
  return pm('policy.reason.passed', { tiers: listMsg(tiers.map((tier) => pm('policy.reason.tier', { tier }))), profile });
}

/**
 * decide()'s `reason` as a message, rebuilt from the decision and the flow it judged (as reasonMsg is for one
 * direction); a lab's matrix check quotes it.
 */
export function decisionMsg(c: CompiledPolicies, d: Decision, flow: Flow): Msg {
  if (!c.enforced) return pm('policy.decision.flannel', {});
  if (!d.egress.applicable && !d.ingress.applicable && d.egress.reason === d.reason) {
    return pm('policy.decision.loopback', { pod: d.egress.endpoint ?? flow.src.pod ?? '' });
  }
  const side = (v: DirectionVerdict, end: Flow['src']): Msg => {
    if (v.applicable) return reasonMsg(c, v);
    const dir = dirMsg(v.direction);
    return end.pod !== undefined ? pm('policy.reason.noEndpoint', { pod: end.pod, dir }) : pm('policy.reason.notPod', { ip: end.ip, dir });
  };
  if (!d.egress.allowed) return pm('policy.decision.denied', { dir: dirMsg('egress'), pod: d.egress.endpoint ?? '', reason: side(d.egress, flow.src) });
  if (!d.ingress.allowed) return pm('policy.decision.denied', { dir: dirMsg('ingress'), pod: d.ingress.endpoint ?? '', reason: side(d.ingress, flow.dst) });
  return pm('policy.decision.allowed', { egress: side(d.egress, flow.src), ingress: side(d.ingress, flow.dst) });
}

/** Which endpoint's policy applies at this end: the named pod, else the pod owning the IP. */
function endpointFor(c: CompiledPolicies, end: Flow['src']): number | undefined {
  if (end.pod !== undefined) return c.byKey.get(end.pod);
  return c.byIp.get(end.ip);
}

function notApplicable(dir: Direction, ip: string, pod: string | undefined): DirectionVerdict {
  const what = pod !== undefined ? `pod ${pod} has no Calico endpoint (hostNetwork or unknown)` : `${ip} is not a pod (node or outside the cluster)`;
  return {
    direction: dir,
    applicable: false,
    allowed: true,
    selectedBy: [],
    steps: [],
    reason: `${what}: no ${dir} policy applies`,
  };
}

function allowedWithout(dir: Direction, reason: string, endpoint?: string): DirectionVerdict {
  return { direction: dir, ...(endpoint ? { endpoint } : {}), applicable: false, allowed: true, selectedBy: [], steps: [], reason };
}

/**
 * The verdict for one packet of a new connection. The destination must already be DNATed
 * (Service IP → pod IP), as it is when Felix's filter chains see it.
 */
export function decide(c: CompiledPolicies, flow: Flow): Decision {
  const srcEp = endpointFor(c, flow.src);
  const dstEp = endpointFor(c, flow.dst);
  const srcKey = srcEp !== undefined ? c.endpoints[srcEp].key : undefined;
  const dstKey = dstEp !== undefined ? c.endpoints[dstEp].key : undefined;

  if (!c.enforced) {
    const reason = 'Flannel does not enforce NetworkPolicy';
    return { allowed: true, egress: allowedWithout('egress', reason, srcKey), ingress: allowedWithout('ingress', reason, dstKey), reason };
  }
  const samePod = (srcEp !== undefined && srcEp === dstEp) || (flow.src.pod !== undefined && flow.src.pod === flow.dst.pod);
  if (samePod && !flow.hairpin) {
    const reason = `${srcKey ?? flow.src.pod} reaches itself over loopback: policy is not applied`;
    return { allowed: true, egress: allowedWithout('egress', reason, srcKey), ingress: allowedWithout('ingress', reason, dstKey), reason };
  }

  const pkt = toPacket(c, flow);
  const egress = srcEp !== undefined ? evaluateEndpoint(c, srcEp, 'egress', pkt) : notApplicable('egress', flow.src.ip, flow.src.pod);
  const ingress = dstEp !== undefined ? evaluateEndpoint(c, dstEp, 'ingress', pkt) : notApplicable('ingress', flow.dst.ip, flow.dst.pod);
  const allowed = egress.allowed && ingress.allowed;
  let reason: string;
  if (!egress.allowed) reason = `denied at egress of ${egress.endpoint}: ${egress.reason}`;
  else if (!ingress.allowed) reason = `denied at ingress of ${ingress.endpoint}: ${ingress.reason}`;
  else reason = `allowed: egress ${egress.reason}; ingress ${ingress.reason}`;
  return { allowed, egress, ingress, reason };
}

/** The original direction of a reply packet (addresses and ports swapped). */
export function reverseFlow(f: Flow): Flow {
  const r: Flow = { src: f.dst, dst: f.src, protocol: f.protocol };
  if (f.srcPort !== undefined) r.port = f.srcPort;
  if (f.port !== undefined) r.srcPort = f.port;
  if (f.icmp) r.icmp = f.icmp.type === 0 ? { type: 8, code: f.icmp.code } : f.icmp;
  return r;
}

/**
 * A reply packet (server → client) of a connection. Felix accepts packets of ESTABLISHED /
 * RELATED connections before any policy (conntrack), so a reply passes exactly when the original
 * packet was allowed; policy is not re-evaluated in the reply direction.
 */
export function decideReply(c: CompiledPolicies, reply: Flow): Decision {
  const original = decide(c, reverseFlow(reply));
  const reason = original.allowed
    ? 'reply of an allowed connection: conntrack ESTABLISHED, policy not evaluated'
    : `no connection to reply to: the original packet was denied (${original.reason})`;
  const v = (dir: Direction, endpoint?: string): DirectionVerdict => ({
    direction: dir,
    ...(endpoint ? { endpoint } : {}),
    applicable: false,
    allowed: original.allowed,
    selectedBy: [],
    steps: [],
    reason,
  });
  return { allowed: original.allowed, egress: v('egress', original.ingress.endpoint), ingress: v('ingress', original.egress.endpoint), reason };
}
