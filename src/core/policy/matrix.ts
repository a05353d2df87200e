// The reachability matrix (every ordered pod pair, per probe) and `explain` (why one pair is
// allowed or denied). The matrix uses a lean verdict (no trace objects) over the same compiled
// data and the same rule matcher as decide(); a property test holds the two equal.

import { podKey, type CompiledPolicies } from './compile';
import { decide, ruleMatches, type Packet } from './evaluate';
import { parseIp } from '../util/ipv4';
import type { Decision, Direction, DirectionVerdict, Flow, FlowProtocol, PolicyPod, PolicyRef } from './types';
import { PROTOCOL_NUMBERS } from './calico/model';

export interface Probe {
  protocol: FlowProtocol;
  port?: number;
}

export const probeKey = (p: Probe) => (p.port !== undefined ? `${p.protocol}/${p.port}` : p.protocol);

/** decide()'s allowed flag for one endpoint and direction, without building a trace. */
export function endpointAllows(c: CompiledPolicies, epIdx: number, dir: Direction, pkt: Packet): boolean {
  const groups = c.endpoints[epIdx][dir];
  for (const g of groups) {
    let passed = false;
    outer: for (const cp of g.policies) {
      const rules = dir === 'ingress' ? cp.ingressRules : cp.egressRules;
      for (const cr of rules) {
        if (!ruleMatches(c, cr, pkt)) continue;
        const a = cr.rule.action;
        if (a === 'Log') continue;
        if (a === 'Pass') {
          passed = true;
          break outer;
        }
        return a === 'Allow';
      }
    }
    if (!passed && g.tier.defaultAction !== 'Pass') return false;
  }
  return true;
}

interface Member {
  key: string;
  ip: string;
  /** endpoint index (undefined for hostNetwork pods: no policy applies to them) */
  ep?: number;
}

function member(c: CompiledPolicies, p: PolicyPod | string): Member {
  if (typeof p === 'string') {
    const ep = c.byKey.get(p);
    if (ep === undefined) throw new Error(`matrix: ${p} is not a pod with a Calico endpoint; pass the pod object`);
    return { key: p, ip: c.endpoints[ep].pod.ip, ep };
  }
  const key = podKey(p);
  return { key, ip: p.ip, ep: c.byKey.get(key) };
}

/**
 * For each probe ("TCP/80"), client "ns/pod" → server "ns/pod" → can the client open a connection
 * to the server's pod IP. Every ordered pair, including a pod to itself (always true: loopback).
 */
export function matrix(
  c: CompiledPolicies,
  pods: ReadonlyArray<PolicyPod | string>,
  probes: readonly Probe[],
): Record<string, Record<string, Record<string, boolean>>> {
  const ms = pods.map((p) => member(c, p));
  const out: Record<string, Record<string, Record<string, boolean>>> = {};
  for (const probe of probes) {
    const table: Record<string, Record<string, boolean>> = {};
    const pkt: Packet = {
      proto: PROTOCOL_NUMBERS[probe.protocol],
      protoName: probe.protocol,
      dstPort: probe.port,
      icmpType: 8,
      icmpCode: 0,
    };
    for (const client of ms) {
      const row: Record<string, boolean> = {};
      pkt.srcIp = parseIp(client.ip);
      pkt.srcEp = c.byIp.get(client.ip);
      for (const server of ms) {
        if (server.key === client.key) {
          row[server.key] = true;
          continue;
        }
        if (!c.enforced) {
          row[server.key] = true;
          continue;
        }
        pkt.dstIp = parseIp(server.ip);
        pkt.dstEp = c.byIp.get(server.ip);
        const egressOk = client.ep === undefined || endpointAllows(c, client.ep, 'egress', pkt);
        row[server.key] = egressOk && (server.ep === undefined || endpointAllows(c, server.ep, 'ingress', pkt));
      }
      table[client.key] = row;
    }
    out[probeKey(probe)] = table;
  }
  return out;
}

function flowOf(from: Member, to: Member, probe: Probe): Flow {
  const f: Flow = { src: { ip: from.ip, pod: from.key }, dst: { ip: to.ip, pod: to.key }, protocol: probe.protocol };
  if (probe.port !== undefined) f.port = probe.port;
  return f;
}

const refText = (r: PolicyRef) =>
  `${r.name} (${r.kind}${r.namespace ? ` in ${r.namespace}` : ''}, tier ${r.tier}, order ${r.order ?? 'unset'})`;

function directionText(c: CompiledPolicies, v: DirectionVerdict, who: string): string[] {
  const lines: string[] = [];
  const head = `${v.direction} of ${who}`;
  if (!v.applicable) return [`${head}: ${v.reason}`];
  if (v.selectedBy.length === 0) return [`${head}: ${v.reason}`];
  lines.push(`${head}: selected by ${v.selectedBy.length} ${v.selectedBy.length === 1 ? 'policy' : 'policies'}:`);
  for (const r of v.selectedBy) lines.push(`  - ${refText(r)}`);
  for (const s of v.steps) {
    const logged = s.logged.length > 0 ? ` (Log rules ${s.logged.join(', ')} matched)` : '';
    const cp = c.policies.find((p) => p.policy.ref === s.policy);
    const ruleText = s.rule && cp ? (v.direction === 'ingress' ? cp.ingressRules : cp.egressRules)[s.rule.index]?.rule.text : undefined;
    if (s.rule) lines.push(`  ${s.policy.name}: ${v.direction} rule ${s.rule.index} matched: ${ruleText ?? s.rule.action}${logged}`);
    else lines.push(`  ${s.policy.name}: no ${v.direction} rule matched${logged}`);
  }
  lines.push(`  → ${v.allowed ? 'allowed' : 'denied'}: ${v.reason}`);
  return lines;
}

/** Human text: which policies selected each side and which rule decided. */
export function explain(c: CompiledPolicies, from: PolicyPod | string, to: PolicyPod | string, probe: Probe): string {
  const a = member(c, from);
  const b = member(c, to);
  const d: Decision = decide(c, flowOf(a, b, probe));
  const lines = [`${probeKey(probe)} from ${a.key} (${a.ip}) to ${b.key} (${b.ip}): ${d.allowed ? 'ALLOWED' : 'DENIED'}`];
  if (d.egress.applicable || d.ingress.applicable) {
    lines.push(...directionText(c, d.egress, a.key));
    lines.push(...directionText(c, d.ingress, b.key));
  } else lines.push(d.reason);
  return lines.join('\n');
}
