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
import { pm, policyEnglish } from './messages';
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
  // Felix programs notICMP only when it names a type (calc/rule_convert.go; felixChains.ts likewise):
  // an empty `notICMP: {}` excludes nothing
  if (r.notICMP?.type !== undefined && pkt.proto === 1) {
    const codeHit = r.notICMP.code === undefined || r.notICMP.code === pkt.icmpCode;
    if (r.notICMP.type === pkt.icmpType && codeHit) return false;
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

// A verdict's reason is built once, as a message; its English line is rendered from it, so the CLI's
// `explain`, the hop's text and a front end's other language cannot drift apart.
const because = (why: Msg) => ({ why, reason: policyEnglish(why) });

/** Full evaluation for one endpoint and direction (with the trace the walk and `explain` show). */
export function evaluateEndpoint(c: CompiledPolicies, epIdx: number, dir: Direction, pkt: Packet): DirectionVerdict {
  const ep = c.endpoints[epIdx];
  const groups = ep[dir];
  const selectedBy: PolicyRef[] = [];
  for (const g of groups) for (const p of g.policies) selectedBy.push(p.policy.ref);
  const steps: PolicyStep[] = [];
  const base = { direction: dir, endpoint: ep.key, applicable: true, selectedBy, steps };
  if (groups.length === 0) return { ...base, allowed: true, ...because(pm('policy.reason.profile', { profile: profileOf(ep) })) };

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
        const why = pm('policy.reason.rule', { name: cp.policy.ref.name, dir: dirMsg(dir), n: cr.rule.origin ? cr.rule.origin.rule : cr.rule.index, action: a });
        return { ...base, allowed: a === 'Allow', decidedBy: { policy: cp.policy.ref, ruleIndex: cr.rule.index, action: a }, ...because(why) };
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
    return { ...base, allowed: false, ...because(pm('policy.reason.implicitDeny', { tier: g.tier.name })) };
  }
  const tiers = listMsg(passedTiers.map((tier) => pm('policy.reason.tier', { tier })));
  return { ...base, allowed: true, ...because(pm('policy.reason.passed', { tiers, profile: profileOf(ep) })) };
}

/** The rule a verdict names (decidedBy), as compiled. */
export function decidingRule(c: CompiledPolicies, v: DirectionVerdict): CompiledRule | undefined {
  const by = v.decidedBy;
  if (!by) return undefined;
  const cp = c.policies.find((p) => p.policy.ref === by.policy);
  if (!cp) return undefined;
  return (v.direction === 'ingress' ? cp.ingressRules : cp.egressRules).find((r) => r.rule.index === by.ruleIndex);
}

/** Which endpoint's policy applies at this end: the named pod, else the pod owning the IP. */
function endpointFor(c: CompiledPolicies, end: Flow['src']): number | undefined {
  if (end.pod !== undefined) return c.byKey.get(end.pod);
  return c.byIp.get(end.ip);
}

function notApplicable(dir: Direction, ip: string, pod: string | undefined): DirectionVerdict {
  const why = pod !== undefined ? pm('policy.reason.noEndpoint', { pod, dir: dirMsg(dir) }) : pm('policy.reason.notPod', { ip, dir: dirMsg(dir) });
  return { direction: dir, applicable: false, allowed: true, selectedBy: [], steps: [], ...because(why) };
}

function allowedWithout(dir: Direction, why: Msg, endpoint?: string): DirectionVerdict {
  return { direction: dir, ...(endpoint ? { endpoint } : {}), applicable: false, allowed: true, selectedBy: [], steps: [], ...because(why) };
}

/** Both directions allowed without judging (Flannel, loopback), for one reason. */
function unjudged(why: Msg, srcKey: string | undefined, dstKey: string | undefined): Decision {
  return { allowed: true, egress: allowedWithout('egress', why, srcKey), ingress: allowedWithout('ingress', why, dstKey), ...because(why) };
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

  if (!c.enforced) return unjudged(pm('policy.decision.flannel', {}), srcKey, dstKey);
  const samePod = (srcEp !== undefined && srcEp === dstEp) || (flow.src.pod !== undefined && flow.src.pod === flow.dst.pod);
  // samePod holds only when the source has an endpoint or names its pod
  if (samePod && !flow.hairpin) return unjudged(pm('policy.decision.loopback', { pod: (srcKey ?? flow.src.pod)! }), srcKey, dstKey);

  const pkt = toPacket(c, flow);
  const egress = srcEp !== undefined ? evaluateEndpoint(c, srcEp, 'egress', pkt) : notApplicable('egress', flow.src.ip, flow.src.pod);
  const ingress = dstEp !== undefined ? evaluateEndpoint(c, dstEp, 'ingress', pkt) : notApplicable('ingress', flow.dst.ip, flow.dst.pod);
  const allowed = egress.allowed && ingress.allowed;
  // a denying verdict always belongs to an endpoint: notApplicable() allows
  const why = !egress.allowed
    ? pm('policy.decision.denied', { dir: dirMsg('egress'), pod: egress.endpoint!, reason: egress.why })
    : !ingress.allowed
      ? pm('policy.decision.denied', { dir: dirMsg('ingress'), pod: ingress.endpoint!, reason: ingress.why })
      : pm('policy.decision.allowed', { egress: egress.why, ingress: ingress.why });
  return { allowed, egress, ingress, ...because(why) };
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
  const said = because(original.allowed ? pm('policy.decision.reply', {}) : pm('policy.decision.noReply', { reason: original.why }));
  const v = (dir: Direction, endpoint?: string): DirectionVerdict => ({
    direction: dir,
    ...(endpoint ? { endpoint } : {}),
    applicable: false,
    allowed: original.allowed,
    selectedBy: [],
    steps: [],
    ...said,
  });
  return { allowed: original.allowed, egress: v('egress', original.ingress.endpoint), ingress: v('ingress', original.egress.endpoint), ...said };
}
