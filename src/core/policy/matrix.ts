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

  /** member i's source tests over every rule the probe's protocol passes, as one string (a class key) */
  srcColumn(i: number): string {
    return this.column(this.src, i);
  }

  /** member i's destination tests, likewise */
  dstColumn(i: number): string {
    return this.column(this.dst, i);
  }

  private column(tests: Uint8Array[], i: number): string {
    let s = '';
    for (let id = 0; id < tests.length; id++) if (this.proto[id] === 1) s += tests[id][i] === 1 ? '1' : '0';
    return s;
  }
}

/**
 * One probe's matrix a row at a time: `visit(client, row)` for every client in `pods` order, row[si] = 1
 * when the client can open a connection to pods[si]'s IP. The row is reused between calls (copy it to
 * keep it), so any number of pods costs one row of memory, not the pairs (4,000 pods are 16 million).
 *
 * A verdict reads only the client's policies and its column of source tests, and the server's policies and
 * its column of destination tests; pods alike in those (a Deployment's replicas, usually) get the same
 * verdicts. So each client class is decided once against each server class, and a row is filled from that.
 */
export function matrixRows(
  c: CompiledPolicies,
  pods: ReadonlyArray<PolicyPod | string>,
  probe: Probe,
  visit: (client: string, row: Uint8Array) => void,
): void {
  const ms = pods.map((p) => member(c, p));
  const n = ms.length;
  const tables = new ProbeTables(c, ms, probe);
  const egressOf = (m: Member) => (m.ep !== undefined ? c.endpoints[m.ep].egress : undefined);
  const ingressOf = (m: Member) => (m.ep !== undefined ? c.endpoints[m.ep].ingress : undefined);
  const clientClass = classify(ms, (m, i) => `${groupsKey(egressOf(m))}#${tables.srcColumn(i)}`);
  const serverClass = classify(ms, (m, i) => `${groupsKey(ingressOf(m))}#${tables.dstColumn(i)}`);
  const decided: (Uint8Array | undefined)[] = new Array(clientClass.reps.length);
  const row = new Uint8Array(n);
  for (let ci = 0; ci < n; ci++) {
    const client = ms[ci];
    const cc = clientClass.of[ci];
    let byServer = decided[cc];
    if (!byServer && c.enforced) {
      byServer = new Uint8Array(serverClass.reps.length);
      const egress = egressOf(client);
      for (let sc = 0; sc < serverClass.reps.length; sc++) {
        const si = serverClass.reps[sc];
        const ingress = ingressOf(ms[si]);
        byServer[sc] = (!egress || tables.allows(egress, false, ci, si)) && (!ingress || tables.allows(ingress, true, ci, si)) ? 1 : 0;
      }
      decided[cc] = byServer;
    }
    for (let si = 0; si < n; si++) {
      const server = ms[si];
      row[si] = !byServer || server.key === client.key || (client.ep !== undefined && client.ep === server.ep) ? 1 : byServer[serverClass.of[si]];
    }
    visit(client.key, row);
  }
}

/** Members grouped by a key: each member's class number, and one member (the first) per class. */
function classify(ms: readonly Member[], keyOf: (m: Member, i: number) => string): { of: Int32Array; reps: number[] } {
  const of = new Int32Array(ms.length);
  const reps: number[] = [];
  const seen = new Map<string, number>();
  ms.forEach((m, i) => {
    const k = keyOf(m, i);
    let cls = seen.get(k);
    if (cls === undefined) {
      seen.set(k, (cls = reps.length));
      reps.push(i);
    }
    of[i] = cls;
  });
  return { of, reps };
}

// Tier groups are per endpoint; two endpoints selected by the same policies in the same tiers decide alike.
const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
const idOf = (o: object) => {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextObjectId++));
  return id;
};
function groupsKey(groups: readonly TierGroup[] | undefined): string {
  if (!groups) return '-';
  return groups.map((g) => `${idOf(g.tier)}:${g.policies.map(idOf).join(',')}`).join('|');
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
