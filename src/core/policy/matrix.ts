// The reachability matrix (every ordered pod pair, per probe) and `explain` (why one pair is
// allowed or denied). Same compiled data and same rule terms as decide(), evaluated in bulk:
// for one probe a rule's protocol test is one boolean and its source / destination tests are one
// array over the matrix members each, so a pair costs a few array lookups per rule. A property
// test holds matrix() and decide() equal.

import { podKey, type CompiledPolicies, type TierGroup } from './compile';
import { decide, entityMatches, ruleProtocolMatches, type Packet } from './evaluate';
import { parseIp } from '../util/ipv4';
import type { Decision, DirectionVerdict, Flow, FlowProtocol, PolicyPod, PolicyRef } from './types';
import { PROTOCOL_NUMBERS } from './calico/model';

export interface Probe {
  protocol: FlowProtocol;
  port?: number;
}

export const probeKey = (p: Probe) => (p.port !== undefined ? `${p.protocol}/${p.port}` : p.protocol);

interface Member {
  key: string;
  ip: string;
  ipNum?: number;
  /** endpoint whose policy applies (undefined for hostNetwork pods: no policy applies to them) */
  ep?: number;
  /** endpoint owning the address, for selector matching (IP-set semantics) */
  ipEp?: number;
}

function member(c: CompiledPolicies, p: PolicyPod | string): Member {
  if (typeof p === 'string') {
    const ep = c.byKey.get(p);
    if (ep === undefined) throw new Error(`matrix: ${p} is not a pod with a Calico endpoint; pass the pod object`);
    const ip = c.endpoints[ep].pod.ip;
    return { key: p, ip, ipNum: parseIp(ip), ep, ipEp: c.byIp.get(ip) };
  }
  return { key: podKey(p), ip: p.ip, ipNum: parseIp(p.ip), ep: c.byKey.get(podKey(p)), ipEp: c.byIp.get(p.ip) };
}

/**
 * Every rule's tests for one probe, indexed by rule id: the protocol test once, the source and
 * destination tests once per matrix member.
 */
class ProbeTables {
  private readonly proto: Uint8Array;
  private readonly src: Uint8Array[];
  private readonly dst: Uint8Array[];
  constructor(c: CompiledPolicies, ms: readonly Member[], probe: Probe) {
    const pkt: Packet = { proto: PROTOCOL_NUMBERS[probe.protocol], protoName: probe.protocol, dstPort: probe.port, icmpType: 8, icmpCode: 0 };
    const n = ms.length;
    this.proto = new Uint8Array(c.rules.length);
    this.src = [];
    this.dst = [];
    for (const cr of c.rules) {
      const src = new Uint8Array(n);
      const dst = new Uint8Array(n);
      if (ruleProtocolMatches(cr, pkt)) {
        this.proto[cr.id] = 1;
        for (let i = 0; i < n; i++) {
          const m = ms[i];
          // the matrix probes carry no source port
          if (entityMatches(c, cr.src, m.ipNum, m.ipEp, undefined, probe.protocol)) src[i] = 1;
          if (entityMatches(c, cr.dst, m.ipNum, m.ipEp, probe.port, probe.protocol)) dst[i] = 1;
        }
      }
      this.src.push(src);
      this.dst.push(dst);
    }
  }

  /** decide()'s verdict for one endpoint's tiers, client member ci → server member si. */
  allows(groups: readonly TierGroup[], ingress: boolean, ci: number, si: number): boolean {
    for (const g of groups) {
      let passed = false;
      outer: for (const cp of g.policies) {
        const rules = ingress ? cp.ingressRules : cp.egressRules;
        for (const cr of rules) {
          const id = cr.id;
          if (this.proto[id] === 0 || this.src[id][ci] === 0 || this.dst[id][si] === 0) continue;
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
}

/**
 * One probe's matrix a row at a time: `visit(client, row)` for every client in `pods` order, row[si] = 1
 * when the client can open a connection to pods[si]'s IP. The row is reused between calls (copy it to
 * keep it), so any number of pods costs one row of memory, not the pairs (4,000 pods are 16 million).
 */
export function matrixRows(
  c: CompiledPolicies,
  pods: ReadonlyArray<PolicyPod | string>,
  probe: Probe,
  visit: (client: string, row: Uint8Array) => void,
): void {
  const ms = pods.map((p) => member(c, p));
  const tables = new ProbeTables(c, ms, probe);
  const row = new Uint8Array(ms.length);
  for (let ci = 0; ci < ms.length; ci++) {
    const client = ms[ci];
    const egress = client.ep !== undefined ? c.endpoints[client.ep].egress : undefined;
    for (let si = 0; si < ms.length; si++) {
      const server = ms[si];
      if (!c.enforced || server.key === client.key || (client.ep !== undefined && client.ep === server.ep)) {
        row[si] = 1;
        continue;
      }
      const ingress = server.ep !== undefined ? c.endpoints[server.ep].ingress : undefined;
      row[si] = (!egress || tables.allows(egress, false, ci, si)) && (!ingress || tables.allows(ingress, true, ci, si)) ? 1 : 0;
    }
    visit(client.key, row);
  }
}

/**
 * For each probe ("TCP/80"), client "ns/pod" → server "ns/pod" → can the client open a connection
 * to the server's pod IP. Every ordered pair, including a pod to itself (always true: loopback).
 * Holds every pair as an object property: callers bound the size first (report.ts, MATRIX_LIMITS).
 */
export function matrix(
  c: CompiledPolicies,
  pods: ReadonlyArray<PolicyPod | string>,
  probes: readonly Probe[],
): Record<string, Record<string, Record<string, boolean>>> {
  const keys = pods.map((p) => (typeof p === 'string' ? p : podKey(p)));
  const out: Record<string, Record<string, Record<string, boolean>>> = {};
  for (const probe of probes) {
    const table: Record<string, Record<string, boolean>> = {};
    matrixRows(c, pods, probe, (client, bits) => {
      const row: Record<string, boolean> = {};
      for (let si = 0; si < keys.length; si++) row[keys[si]] = bits[si] === 1;
      table[client] = row;
    });
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
export function explain(c: CompiledPolicies, from: PolicyPod | string, to: PolicyPod | string, probe: Probe, opts: { hairpin?: boolean } = {}): string {
  const a = member(c, from);
  const b = member(c, to);
  const flow = flowOf(a, b, probe);
  if (opts.hairpin) flow.hairpin = true;
  const d: Decision = decide(c, flow);
  const lines = [`${probeKey(probe)} from ${a.key} (${a.ip}) to ${b.key} (${b.ip}): ${d.allowed ? 'ALLOWED' : 'DENIED'}`];
  if (d.egress.applicable || d.ingress.applicable) {
    lines.push(...directionText(c, d.egress, a.key));
    lines.push(...directionText(c, d.ingress, b.key));
  } else lines.push(d.reason);
  return lines.join('\n');
}
