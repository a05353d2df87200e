// Evaluating a step's checks against the resolved cluster: every check kind is one function of the state,
// answering ok plus one line "expected … got …". The walk and traceroute go through core/tools, terminal
// outputs through core/terminal (the same text the CLI and the app's terminal show), sessions through
// core/bgp, policy verdicts through core/policy. Nothing here is per lab.

import type { ClusterState } from '../model/cluster';
import { nsIdNode, nsIdRouter, type NetNS } from '../model/kernel';
import type { Hop, WalkResult } from '../model/packet';
import { sessionsOf } from '../bgp';
import { decide, policyRuntime } from '../policy';
import { nodeNs, podNs, QueryError, podByName } from '../query';
import { ipRoute, routeN } from '../render';
import { runCommand, type TerminalTarget } from '../terminal';
import { runWalk, tracerouteText } from '../tools';
import { parseIp } from '../util/ipv4';
import type { CheckResult, CommandTarget, HopMatch, LabCheck, LocatedCheck, TrafficSpec } from './types';

type Check<K extends LabCheck['kind']> = Extract<LabCheck, { kind: K }>;

const norm = (s: string) => s.trim().replace(/\s+/g, ' ');
const q = (s: string) => JSON.stringify(s);

export function evaluateCheck(state: ClusterState, c: LocatedCheck): CheckResult {
  const base = { id: c.id, kind: c.kind, line: c.line };
  try {
    const r = evaluate(state, c);
    return { ...base, ...r };
  } catch (e) {
    if (e instanceof QueryError) return { ...base, ok: false, detail: e.message };
    throw e;
  }
}

function evaluate(state: ClusterState, c: LabCheck): { ok: boolean; detail: string } {
  switch (c.kind) {
    case 'walk':
      return walkCheck(state, c);
    case 'route':
      return routeCheck(state, c);
    case 'session':
      return sessionCheck(state, c);
    case 'sessions':
      return sessionsCheck(state, c);
    case 'traceroute':
      return tracerouteCheck(state, c);
    case 'matrix':
      return matrixCheck(state, c);
    case 'output':
      return outputCheck(state, c);
  }
}

// ---------------------------------------------------------------------------------------------------------
// walk
// ---------------------------------------------------------------------------------------------------------

function nsName(state: ClusterState, id: string): string {
  return state.netns[id]?.name ?? id;
}

/** The namespaces a walk passed, in order, without repeats in a row: "default/a1 → node-a1 → tor → …". */
export function walkPath(state: ClusterState, r: WalkResult): string {
  const out: string[] = [];
  for (const h of r.hops) {
    const n = nsName(state, h.ns);
    if (out[out.length - 1] !== n) out.push(n);
  }
  return out.join(' → ');
}

function verdictText(state: ClusterState, r: WalkResult): string {
  const v = r.verdict;
  if (v.kind === 'delivered') return v.external ? `left the lab through ${nsName(state, v.at)}` : `delivered at ${nsName(state, v.at)}`;
  return `dropped at ${nsName(state, v.at)} (${v.reason ?? 'unknown'}${v.message ? `: ${v.message}` : ''})`;
}

function ownsAddress(state: ClusterState, nsId: string, ip: string): boolean {
  return state.netns[nsId]?.links.some((l) => l.addrs.some((a) => a.ip === ip)) ?? false;
}

function nsMatches(state: ClusterState, nsId: string, want: string): boolean {
  return nsId === want || nsName(state, nsId) === want;
}

function devMatches(h: Hop, state: ClusterState, dev: string, ns?: string): boolean {
  const inNs = (id: string) => ns === undefined || nsMatches(state, id, ns);
  if (h.dev === dev && inNs(h.ns)) return true;
  if (h.wire && ((h.wire.from.dev === dev && inNs(h.wire.from.ns)) || (h.wire.to.dev === dev && inNs(h.wire.to.ns)))) return true;
  if (h.route?.route.dev === dev && inNs(h.ns)) return true;
  return false;
}

/** Does hop h stand for `token` (a device, NODE:DEV, a namespace name, or an address on the way)? */
function hopIs(state: ClusterState, h: Hop, token: string): boolean {
  if (parseIp(token) !== undefined) {
    if (h.route?.route.via === token) return true;
    if (h.kind === 'encap' && h.pushed?.some((x) => x.type === 'ipv4' && x.dst === token)) return true;
    return ownsAddress(state, h.ns, token);
  }
  const colon = token.lastIndexOf(':');
  if (colon > 0) return devMatches(h, state, token.slice(colon + 1), token.slice(0, colon));
  return nsMatches(state, h.ns, token) || devMatches(h, state, token);
}

function hopMatches(state: ClusterState, h: Hop, m: HopMatch): boolean {
  if (m.ns !== undefined && !nsMatches(state, h.ns, m.ns)) return false;
  if (m.kind !== undefined && h.kind !== m.kind) return false;
  if (m.dev !== undefined && !devMatches(h, state, m.dev)) return false;
  if (m.textIncludes !== undefined && !h.text.includes(m.textIncludes)) return false;
  return true;
}

function walkCheck(state: ClusterState, c: Check<'walk'>): { ok: boolean; detail: string } {
  const r = runWalk(state, {
    from: c.from,
    to: c.to,
    protocol: c.protocol ?? 'icmp',
    ...(c.port !== undefined ? { port: c.port } : {}),
    ...(c.size !== undefined ? { size: c.size } : {}),
    ...(c.pmtudisc ? { pmtudisc: c.pmtudisc } : {}),
    reply: c.reply ?? false,
  });
  const got = `${verdictText(state, r)}; path ${walkPath(state, r)}`;
  const fails: string[] = [];
  const outcome = r.verdict.kind === 'delivered' ? (r.verdict.external ? 'left' : 'delivered') : 'dropped';
  if (outcome !== c.expect) fails.push(`expected ${c.expect === 'left' ? 'the packet to leave the lab through a gateway' : c.expect}`);
  if (c.reason && r.verdict.reason !== c.reason) fails.push(`expected drop reason ${c.reason}`);
  if (c.at && !nsMatches(state, r.verdict.at, c.at)) fails.push(`expected the walk to end at ${c.at}`);
  if (c.reply && c.expect === 'delivered' && outcome === 'delivered' && (r.reply?.verdict.kind !== 'delivered' || r.reply.verdict.external)) {
    fails.push(`expected the reply back, got it ${r.reply ? verdictText(state, r.reply) : 'not sent'}`);
  }
  if (c.via) {
    let k = 0;
    for (const h of r.hops) while (k < c.via.length && hopIs(state, h, c.via[k])) k++;
    if (k < c.via.length) fails.push(`expected the path via ${c.via.join(', ')} (in order); ${q(c.via[k])} not passed${k > 0 ? ` after ${q(c.via[k - 1])}` : ''}`);
  }
  for (const t of c.notVia ?? []) {
    const h = r.hops.find((x) => hopIs(state, x, t));
    if (h) fails.push(`expected not via ${t}, but hop ${h.index + 1} is: ${h.text}`);
  }
  if (c.hop) {
    const m = c.hop;
    if (!r.hops.some((h) => hopMatches(state, h, m))) fails.push(`expected a hop ${JSON.stringify(m)}`);
  }
  if (fails.length) return { ok: false, detail: `${fails.join('; ')}; got ${got}` };
  const matched = c.hop ? r.hops.find((h) => hopMatches(state, h, c.hop!)) : undefined;
  return { ok: true, detail: `${got}${matched ? `; hop ${matched.index + 1}: ${matched.text}` : ''}` };
}

// ---------------------------------------------------------------------------------------------------------
// route
// ---------------------------------------------------------------------------------------------------------

function routeCheck(state: ClusterState, c: Check<'route'>): { ok: boolean; detail: string } {
  const ns = nsOf(state, { node: c.node, pod: c.pod });
  const tool = c.format === 'route-n' ? 'route -n' : 'ip route';
  const lines = (c.format === 'route-n' ? routeN(ns) : ipRoute(ns)).split('\n').filter((l) => l.trim() !== '');
  const want = c.exact !== undefined ? q(norm(c.exact)) : `a line with ${c.lineIncludes!.map(q).join(' and ')}`;
  const hit = lines.find((l) => (c.exact !== undefined ? norm(l) === norm(c.exact) : c.lineIncludes!.every((s) => l.includes(s))));
  const where = `\`${tool}\` on ${ns.name}`;
  if (c.present) {
    if (hit) return { ok: true, detail: `${where} has ${q(norm(hit))}` };
    const key = c.exact !== undefined ? norm(c.exact).split(' ').find((w) => /\d/.test(w)) : c.lineIncludes![0];
    const near = key ? lines.filter((l) => l.includes(key)).map((l) => q(norm(l))) : [];
    return { ok: false, detail: `expected ${want} in ${where}; ${near.length ? `got ${near.join(', ')}` : `no such line (${lines.length} lines)`}` };
  }
  if (hit) return { ok: false, detail: `expected no ${c.exact !== undefined ? want : want.replace(/^a line/, 'line')} in ${where}; got ${q(norm(hit))}` };
  return { ok: true, detail: `${where} has no ${c.exact !== undefined ? want : want.replace(/^a line/, 'line')}` };
}

// ---------------------------------------------------------------------------------------------------------
// BGP sessions
// ---------------------------------------------------------------------------------------------------------

/** The sessions `calicoctl node status` lists on a node (none when calico-node is not running there). */
function nodeSessions(state: ClusterState, node: string) {
  const ns = nsOf(state, { node });
  const info = state.nodes.find((n) => n.name === node);
  if (state.scenario.cluster.cni !== 'calico' || ns.down || !info?.address || !state.bgp.running) return [];
  return sessionsOf(state, node);
}

const stateMatches = (s: { state: string; info: string }, want: string) => (['up', 'start', 'down'].includes(want) ? s.state === want : s.info === want);

function sessionCheck(state: ClusterState, c: Check<'session'>): { ok: boolean; detail: string } {
  const all = nodeSessions(state, c.node);
  const s = all.find((x) => x.peerAddress === c.peer || x.peerName === c.peer);
  const list = all.length ? all.map((x) => `${x.peerAddress} ${x.peerType} ${x.state} ${x.info}`).join(', ') : 'no sessions';
  if (!c.present) return s ? { ok: false, detail: `expected no session with ${c.peer} on ${c.node}; got ${s.peerAddress} ${s.peerType} ${s.state} ${s.info}` } : { ok: true, detail: `${c.node} has no session with ${c.peer} (${list})` };
  if (!s) return { ok: false, detail: `expected a session with ${c.peer} on ${c.node}; got ${list}` };
  const got = `${s.peerAddress} ${s.peerType} ${s.state} ${s.info}${s.infoDetail ? ` ${s.infoDetail}` : ''}`;
  const fails: string[] = [];
  if (c.state && !stateMatches(s, c.state)) fails.push(`state ${c.state}`);
  if (c.peerType && s.peerType !== c.peerType) fails.push(`peer type ${c.peerType}`);
  if (fails.length) return { ok: false, detail: `expected ${fails.join(' and ')}; got ${got}${s.reason ? ` (${s.reason})` : ''}` };
  return { ok: true, detail: got };
}

function sessionsCheck(state: ClusterState, c: Check<'sessions'>): { ok: boolean; detail: string } {
  const all = nodeSessions(state, c.node);
  const counted = c.state ? all.filter((s) => stateMatches(s, c.state!)) : all;
  const what = c.state ? `${c.state} sessions` : 'sessions';
  const got = `${counted.length} ${what}${all.length ? ` (${all.map((x) => `${x.peerAddress} ${x.info}`).join(', ')})` : ''}`;
  return counted.length === c.count ? { ok: true, detail: `${c.node}: ${got}` } : { ok: false, detail: `expected ${c.count} ${what} on ${c.node}; got ${got}` };
}

// ---------------------------------------------------------------------------------------------------------
// traceroute (read from the text traceroute prints, so it is exactly what the learner sees)
// ---------------------------------------------------------------------------------------------------------

export function tracerouteHops(text: string): { hops: string[]; error?: string } {
  if (text.startsWith('traceroute: ')) return { hops: [], error: text.trim() };
  const hops: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const m = /^\s*\d+\s+(.*)$/.exec(line);
    if (!m) continue;
    const addr = m[1].split(/\s+/).find((w) => parseIp(w) !== undefined || /^\(\d+\.\d+\.\d+\.\d+\)$/.test(w));
    hops.push(addr ? addr.replace(/[()]/g, '') : '*');
  }
  return { hops };
}

function tracerouteCheck(state: ClusterState, c: Check<'traceroute'>): { ok: boolean; detail: string } {
  const got = tracerouteHops(tracerouteText(state, c.from, c.to));
  if (got.error) return { ok: false, detail: `expected hops ${c.hops.join(' → ')}; got ${got.error}` };
  const same = got.hops.length === c.hops.length && got.hops.every((h, i) => h === c.hops[i]);
  return same ? { ok: true, detail: `hops ${got.hops.join(' → ')}` } : { ok: false, detail: `expected hops ${c.hops.join(' → ')}; got ${got.hops.join(' → ') || 'none'}` };
}

// ---------------------------------------------------------------------------------------------------------
// policy matrix
// ---------------------------------------------------------------------------------------------------------

function matrixCheck(state: ClusterState, c: Check<'matrix'>): { ok: boolean; detail: string } {
  // the same compiled policies the packet walk's hooks use (built once per state)
  const cp = policyRuntime(state).compiled;
  const a = podByName(state, c.from);
  const b = podByName(state, c.to);
  const d = decide(cp, { src: { ip: a.ip, pod: c.from }, dst: { ip: b.ip, pod: c.to }, protocol: c.probe.protocol, ...(c.probe.port !== undefined ? { port: c.probe.port } : {}) });
  const probe = `${c.probe.protocol}${c.probe.port !== undefined ? `/${c.probe.port}` : ''}`;
  const got = /^(allowed|denied)\b/.test(d.reason) ? d.reason : `${d.allowed ? 'allowed' : 'denied'}: ${d.reason}`;
  return d.allowed === c.allowed ? { ok: true, detail: `${probe} ${c.from} → ${c.to} ${got}` } : { ok: false, detail: `expected ${probe} ${c.from} → ${c.to} ${c.allowed ? 'allowed' : 'denied'}; got ${got}` };
}

// ---------------------------------------------------------------------------------------------------------
// terminal output
// ---------------------------------------------------------------------------------------------------------

/** The lab format's `node:` names a node or an underlay router; `pod:` a namespace/name. */
function terminalTarget(state: ClusterState, t: CommandTarget): TerminalTarget {
  if (t.pod) return { pod: t.pod };
  if (!t.node) throw new QueryError('say where the command runs: node or pod');
  if (!state.netns[nsIdNode(t.node)] && state.netns[nsIdRouter(t.node)]) return { router: t.node };
  nodeNs(state, t.node); // an unknown name: the error lists the nodes
  return { node: t.node };
}

/** The namespace a route or session check reads. */
function nsOf(state: ClusterState, t: CommandTarget): NetNS {
  const target = terminalTarget(state, t);
  return 'pod' in target ? podNs(state, target.pod) : 'router' in target ? state.netns[nsIdRouter(target.router)] : nodeNs(state, target.node);
}

export interface LabCommandResult {
  output: string;
  /** the command never ran (unknown target or command, bad arguments, tcpdump without `during:`); output is empty */
  error?: string;
}

/**
 * A lab's command line on core/terminal, the app's terminal: `during:` is the walk tcpdump prints, as the
 * app's last packet is in the app. Never throws.
 */
export function runLabCommand(state: ClusterState, t: CommandTarget, line: string, during?: TrafficSpec): LabCommandResult {
  try {
    const target = terminalTarget(state, t);
    const lastWalk = during && runWalk(state, { from: during.from, to: during.to, protocol: during.protocol ?? 'icmp', ...(during.port !== undefined ? { port: during.port } : {}), ...(during.size !== undefined ? { size: during.size } : {}), reply: true });
    const r = runCommand(state, target, line, lastWalk ? { lastWalk } : { walkHint: 'tcpdump needs traffic to capture: add `during: {from, to}` to this command' });
    if (!r.refused) return { output: r.out };
    // a lab author's typo: the shell's own words, plus where the commands are listed
    return { output: '', error: r.exit === 127 ? `${r.out.trim()} (not simulated; see "Terminal commands" in labs/README.md)` : r.out.trim() };
  } catch (e) {
    if (e instanceof QueryError) return { output: '', error: e.message };
    throw e;
  }
}

function excerpt(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const shown = lines.slice(0, 6).map((l) => norm(l));
  return shown.length ? `${shown.join(' | ')}${lines.length > 6 ? ` | … (${lines.length} lines)` : ''}` : '(no output)';
}

function outputCheck(state: ClusterState, c: Check<'output'>): { ok: boolean; detail: string } {
  const where = `\`${c.command}\` on ${c.node ?? c.pod}`;
  const r = runLabCommand(state, { node: c.node, pod: c.pod }, c.command, c.during);
  if (r.error) return { ok: false, detail: `${where}: ${r.error}` };
  const fails: string[] = [];
  for (const s of c.includes ?? []) if (!r.output.includes(s)) fails.push(`expected ${q(s)}`);
  for (const s of c.excludes ?? []) if (r.output.includes(s)) fails.push(`expected no ${q(s)}`);
  if (c.equals !== undefined && r.output.trimEnd() !== c.equals.trimEnd()) fails.push('expected the exact text given');
  if (fails.length) return { ok: false, detail: `${where}: ${fails.join('; ')}; got ${excerpt(r.output)}` };
  const shown = (c.includes ?? []).map(q).join(', ');
  return { ok: true, detail: `${where}${shown ? ` shows ${shown}` : ' as expected'}` };
}
