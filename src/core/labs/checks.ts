// Evaluating a step's checks against the resolved cluster: every check kind is one function of the state,
// answering ok plus one line "expected … got …". The walk and traceroute go through core/tools, terminal
// outputs through core/terminal (the same text the CLI and the app's terminal show), sessions through
// core/bgp, policy verdicts through core/policy. Nothing here is per lab.

import type { ClusterState } from '../model/cluster';
import { nsIdNode, nsIdRouter, type NetNS } from '../model/kernel';
import type { Hop, WalkResult } from '../model/packet';
import { sessionsOf } from '../bgp';
import { decide, policyRuntime } from '../policy';
import type { Flow } from '../policy/types';
import { nodeNs, podNs, QueryError, podByName } from '../query';
import { ipRoute, routeN } from '../render';
import { runCommand, type TerminalTarget } from '../terminal';
import { runWalk, tracerouteText } from '../tools';
import { parseIp } from '../util/ipv4';
import type { CheckResult, CommandTarget, HopMatch, LabCheck, LocatedCheck, TrafficSpec } from './types';
import type { MsgArg, Txt } from '../msg';
import { checkEnglish, joinMsg, km } from './messages';

type Check<K extends LabCheck['kind']> = Extract<LabCheck, { kind: K }>;

const norm = (s: string) => s.trim().replace(/\s+/g, ' ');
const q = (s: string) => JSON.stringify(s);

export function evaluateCheck(state: ClusterState, c: LocatedCheck): CheckResult {
  const base = { id: c.id, kind: c.kind, line: c.line };
  try {
    const r = evaluate(state, c);
    return typeof r.detail === 'string' ? { ...base, ok: r.ok, detail: r.detail } : { ...base, ok: r.ok, detail: checkEnglish(r.detail), msg: r.detail };
  } catch (e) {
    if (e instanceof QueryError) return { ...base, ok: false, detail: e.message };
    throw e;
  }
}

/** A check's answer: ok, and its detail as a message (or a plain string where it is only tool text). */
type Answer = { ok: boolean; detail: Txt };

function evaluate(state: ClusterState, c: LabCheck): Answer {
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

function verdictText(state: ClusterState, r: WalkResult): MsgArg {
  const v = r.verdict;
  const ns = nsName(state, v.at);
  if (v.kind === 'delivered') return v.external ? km('check.v.left', { ns }) : km('check.v.delivered', { ns });
  const reason = km(`check.reason.${v.reason ?? 'unknown'}`, {});
  return v.message ? km('check.v.droppedMsg', { ns, reason, message: v.msg ?? v.message }) : km('check.v.dropped', { ns, reason });
}

/** A hop's text, as the walk's message where it has one. */
const hopTxt = (h: Hop): MsgArg => h.msg?.text ?? h.text;

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

function walkCheck(state: ClusterState, c: Check<'walk'>): Answer {
  const r = runWalk(state, {
    from: c.from,
    to: c.to,
    protocol: c.protocol ?? 'icmp',
    ...(c.port !== undefined ? { port: c.port } : {}),
    ...(c.size !== undefined ? { size: c.size } : {}),
    ...(c.pmtudisc ? { pmtudisc: c.pmtudisc } : {}),
    reply: c.reply ?? false,
  });
  const got = km('check.walk.got', { verdict: verdictText(state, r), path: walkPath(state, r) });
  const fails: MsgArg[] = [];
  const outcome = r.verdict.kind === 'delivered' ? (r.verdict.external ? 'left' : 'delivered') : 'dropped';
  if (outcome !== c.expect) fails.push(km(c.expect === 'left' ? 'check.walk.expectLeft' : c.expect === 'delivered' ? 'check.walk.expectDelivered' : 'check.walk.expectDropped', {}));
  if (c.reason && r.verdict.reason !== c.reason) fails.push(km('check.walk.expectReason', { reason: c.reason }));
  if (c.at && !nsMatches(state, r.verdict.at, c.at)) fails.push(km('check.walk.expectAt', { at: c.at }));
  if (c.reply && c.expect === 'delivered' && outcome === 'delivered' && (r.reply?.verdict.kind !== 'delivered' || r.reply.verdict.external)) {
    fails.push(km('check.walk.expectReply', { got: r.reply ? verdictText(state, r.reply) : km('check.walk.notSent', {}) }));
  }
  if (c.via) {
    let k = 0;
    for (const h of r.hops) while (k < c.via.length && hopIs(state, h, c.via[k])) k++;
    if (k < c.via.length) {
      const list = c.via.join(', ');
      fails.push(k > 0 ? km('check.walk.expectViaAfter', { list, token: q(c.via[k]), prev: q(c.via[k - 1]) }) : km('check.walk.expectVia', { list, token: q(c.via[k]) }));
    }
  }
  for (const t of c.notVia ?? []) {
    const h = r.hops.find((x) => hopIs(state, x, t));
    if (h) fails.push(km('check.walk.expectNotVia', { token: t, n: h.index + 1, text: hopTxt(h) }));
  }
  if (c.hop) {
    const m = c.hop;
    if (!r.hops.some((h) => hopMatches(state, h, m))) fails.push(km('check.walk.expectHop', { match: JSON.stringify(m) }));
  }
  if (fails.length) return { ok: false, detail: km('check.failGot', { fails: joinMsg('check.list', fails), got }) };
  const matched = c.hop ? r.hops.find((h) => hopMatches(state, h, c.hop!)) : undefined;
  return { ok: true, detail: matched ? km('check.walk.okHop', { got, n: matched.index + 1, text: hopTxt(matched) }) : got };
}

// ---------------------------------------------------------------------------------------------------------
// route
// ---------------------------------------------------------------------------------------------------------

function routeCheck(state: ClusterState, c: Check<'route'>): Answer {
  const ns = nsOf(state, { node: c.node, pod: c.pod });
  const tool = c.format === 'route-n' ? 'route -n' : 'ip route';
  const lines = (c.format === 'route-n' ? routeN(ns) : ipRoute(ns)).split('\n').filter((l) => l.trim() !== '');
  const list = c.exact !== undefined ? '' : joinMsg('check.and', c.lineIncludes!.map(q));
  const want = c.exact !== undefined ? q(norm(c.exact)) : km('check.route.lineWith', { list });
  const hit = lines.find((l) => (c.exact !== undefined ? norm(l) === norm(c.exact) : c.lineIncludes!.every((s) => l.includes(s))));
  const where = km('check.where', { tool, ns: ns.name });
  if (c.present) {
    if (hit) return { ok: true, detail: km('check.route.has', { where, line: q(norm(hit)) }) };
    const key = c.exact !== undefined ? norm(c.exact).split(' ').find((w) => /\d/.test(w)) : c.lineIncludes![0];
    const near = key ? lines.filter((l) => l.includes(key)).map((l) => q(norm(l))) : [];
    return { ok: false, detail: near.length ? km('check.route.missing', { want, where, near: near.join(', ') }) : km('check.route.missingNone', { want, where, n: lines.length }) };
  }
  if (hit) return { ok: false, detail: c.exact !== undefined ? km('check.route.unexpected', { want, where, line: q(norm(hit)) }) : km('check.route.unexpectedWith', { list, where, line: q(norm(hit)) }) };
  return { ok: true, detail: c.exact !== undefined ? km('check.route.hasNo', { where, want }) : km('check.route.hasNoWith', { where, list }) };
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

function sessionCheck(state: ClusterState, c: Check<'session'>): Answer {
  const all = nodeSessions(state, c.node);
  const s = all.find((x) => x.peerAddress === c.peer || x.peerName === c.peer);
  const list = all.length ? all.map((x) => `${x.peerAddress} ${x.peerType} ${x.state} ${x.info}`).join(', ') : km('check.s.none', {});
  if (!c.present) {
    return s
      ? { ok: false, detail: km('check.s.unexpected', { peer: c.peer, node: c.node, got: `${s.peerAddress} ${s.peerType} ${s.state} ${s.info}` }) }
      : { ok: true, detail: km('check.s.absent', { node: c.node, peer: c.peer, list }) };
  }
  if (!s) return { ok: false, detail: km('check.s.missing', { peer: c.peer, node: c.node, list }) };
  const got = `${s.peerAddress} ${s.peerType} ${s.state} ${s.info}${s.infoDetail ? ` ${s.infoDetail}` : ''}`;
  const fails: MsgArg[] = [];
  if (c.state && !stateMatches(s, c.state)) fails.push(km('check.s.state', { state: c.state }));
  if (c.peerType && s.peerType !== c.peerType) fails.push(km('check.s.peerType', { type: c.peerType }));
  if (fails.length) {
    const f = joinMsg('check.and', fails);
    return { ok: false, detail: s.reason ? km('check.s.expectReason', { fails: f, got, reason: s.reason }) : km('check.s.expect', { fails: f, got }) };
  }
  return { ok: true, detail: got };
}

function sessionsCheck(state: ClusterState, c: Check<'sessions'>): Answer {
  const all = nodeSessions(state, c.node);
  const counted = c.state ? all.filter((s) => stateMatches(s, c.state!)) : all;
  const n = counted.length;
  const list = all.map((x) => `${x.peerAddress} ${x.info}`).join(', ');
  const got = c.state
    ? all.length
      ? km('check.ss.gotStateList', { n, state: c.state, list })
      : km('check.ss.gotState', { n, state: c.state })
    : all.length
      ? km('check.ss.gotList', { n, list })
      : km('check.ss.got', { n });
  if (n === c.count) return { ok: true, detail: km('check.ss.ok', { node: c.node, got }) };
  return { ok: false, detail: c.state ? km('check.ss.expectState', { count: c.count, state: c.state, node: c.node, got }) : km('check.ss.expect', { count: c.count, node: c.node, got }) };
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

function tracerouteCheck(state: ClusterState, c: Check<'traceroute'>): Answer {
  const got = tracerouteHops(tracerouteText(state, c.from, c.to));
  const want = c.hops.join(' → ');
  if (got.error) return { ok: false, detail: km('check.tr.bad', { want, got: got.error }) };
  const same = got.hops.length === c.hops.length && got.hops.every((h, i) => h === c.hops[i]);
  if (same) return { ok: true, detail: km('check.tr.ok', { hops: got.hops.join(' → ') }) };
  return { ok: false, detail: km('check.tr.bad', { want, got: got.hops.join(' → ') || km('check.tr.none', {}) }) };
}

// ---------------------------------------------------------------------------------------------------------
// policy matrix
// ---------------------------------------------------------------------------------------------------------

function matrixCheck(state: ClusterState, c: Check<'matrix'>): Answer {
  // the same compiled policies the packet walk's hooks use (built once per state)
  const cp = policyRuntime(state).compiled;
  const a = podByName(state, c.from);
  const b = podByName(state, c.to);
  const flow: Flow = { src: { ip: a.ip, pod: c.from }, dst: { ip: b.ip, pod: c.to }, protocol: c.probe.protocol, ...(c.probe.port !== undefined ? { port: c.probe.port } : {}) };
  const d = decide(cp, flow);
  const probe = `${c.probe.protocol}${c.probe.port !== undefined ? `/${c.probe.port}` : ''}`;
  const verdict = (allowed: boolean) => km(allowed ? 'check.m.allowed' : 'check.m.denied', {});
  const reason = d.why;
  const got = /^(allowed|denied)\b/.test(d.reason) ? reason : km('check.m.gotReason', { verdict: verdict(d.allowed), reason });
  const ends = { probe, from: c.from, to: c.to };
  return d.allowed === c.allowed ? { ok: true, detail: km('check.m.ok', { ...ends, got }) } : { ok: false, detail: km('check.m.bad', { ...ends, want: verdict(c.allowed), got }) };
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

function excerpt(text: string): MsgArg {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const shown = lines.slice(0, 6).map((l) => norm(l));
  if (!shown.length) return km('check.o.noOutput', {});
  return lines.length > 6 ? km('check.o.more', { shown: shown.join(' | '), n: lines.length }) : shown.join(' | ');
}

function outputCheck(state: ClusterState, c: Check<'output'>): Answer {
  const where = km('check.where', { tool: c.command, ns: String(c.node ?? c.pod) });
  const r = runLabCommand(state, { node: c.node, pod: c.pod }, c.command, c.during);
  if (r.error) return { ok: false, detail: km('check.o.error', { where, error: r.error }) };
  const fails: MsgArg[] = [];
  for (const s of c.includes ?? []) if (!r.output.includes(s)) fails.push(km('check.o.expect', { s: q(s) }));
  for (const s of c.excludes ?? []) if (r.output.includes(s)) fails.push(km('check.o.expectNo', { s: q(s) }));
  if (c.equals !== undefined && r.output.trimEnd() !== c.equals.trimEnd()) fails.push(km('check.o.expectExact', {}));
  if (fails.length) return { ok: false, detail: km('check.o.bad', { where, fails: joinMsg('check.list', fails), excerpt: excerpt(r.output) }) };
  const shown = (c.includes ?? []).map(q).join(', ');
  return { ok: true, detail: shown ? km('check.o.shows', { where, list: shown }) : km('check.o.asExpected', { where }) };
}
