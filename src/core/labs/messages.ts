// The lab checks' details: one English template per message id (the CLI's `lab` report prints them
// rendered), kept as ids with arguments on each CheckResult (`msg`) so the app can show them in another
// language (src/i18n/core-zh.ts). Arguments are names, addresses, route lines, lab-file values and tool
// output, never translated; a walk's own sentences nest as walk messages.

import { catalogue, type MsgArg } from '../msg';
import { WALK_EN } from '../walk/messages';

export const CHECK_EN = {
  'check.list': '{a}; {b}',
  'check.and': '{a} and {b}',
  'check.failGot': '{fails}; got {got}',
  'check.where': '`{tool}` on {ns}',
  'check.notEvaluated': 'not evaluated: {why}',
  // walk: drop reasons are the lab file's `reason:` values in English
  'check.reason.no-route': 'no-route',
  'check.reason.blackhole': 'blackhole',
  'check.reason.unreachable-nexthop': 'unreachable-nexthop',
  'check.reason.ttl-exceeded': 'ttl-exceeded',
  'check.reason.mtu': 'mtu',
  'check.reason.local-mtu': 'local-mtu',
  'check.reason.policy': 'policy',
  'check.reason.node-down': 'node-down',
  'check.reason.filtered': 'filtered',
  'check.reason.rp-filter': 'rp-filter',
  'check.reason.no-listener': 'no-listener',
  'check.reason.loop': 'loop',
  'check.reason.unknown': 'unknown',
  'check.v.left': 'left the lab through {ns}',
  'check.v.delivered': 'delivered at {ns}',
  'check.v.dropped': 'dropped at {ns} ({reason})',
  'check.v.droppedMsg': 'dropped at {ns} ({reason}: {message})',
  'check.walk.got': '{verdict}; path {path}',
  'check.walk.okHop': '{got}; hop {n}: {text}',
  'check.walk.expectLeft': 'expected the packet to leave the lab through a gateway',
  'check.walk.expectDelivered': 'expected delivered',
  'check.walk.expectDropped': 'expected dropped',
  'check.walk.expectReason': 'expected drop reason {reason}',
  'check.walk.expectAt': 'expected the walk to end at {at}',
  'check.walk.expectReply': 'expected the reply back, got it {got}',
  'check.walk.notSent': 'not sent',
  'check.walk.expectVia': 'expected the path via {list} (in order); {token} not passed',
  'check.walk.expectViaAfter': 'expected the path via {list} (in order); {token} not passed after {prev}',
  'check.walk.expectNotVia': 'expected not via {token}, but hop {n} is: {text}',
  'check.walk.expectHop': 'expected a hop {match}',
  // route
  'check.route.lineWith': 'a line with {list}',
  'check.route.has': '{where} has {line}',
  'check.route.missing': 'expected {want} in {where}; got {near}',
  'check.route.missingNone': 'expected {want} in {where}; no such line ({n} lines)',
  'check.route.unexpected': 'expected no {want} in {where}; got {line}',
  'check.route.unexpectedWith': 'expected no line with {list} in {where}; got {line}',
  'check.route.hasNo': '{where} has no {want}',
  'check.route.hasNoWith': '{where} has no line with {list}',
  // BGP sessions
  'check.s.none': 'no sessions',
  'check.s.unexpected': 'expected no session with {peer} on {node}; got {got}',
  'check.s.absent': '{node} has no session with {peer} ({list})',
  'check.s.missing': 'expected a session with {peer} on {node}; got {list}',
  'check.s.state': 'state {state}',
  'check.s.peerType': 'peer type {type}',
  'check.s.expect': 'expected {fails}; got {got}',
  'check.s.expectReason': 'expected {fails}; got {got} ({reason})',
  'check.ss.got': '{n} sessions',
  'check.ss.gotList': '{n} sessions ({list})',
  'check.ss.gotState': '{n} {state} sessions',
  'check.ss.gotStateList': '{n} {state} sessions ({list})',
  'check.ss.ok': '{node}: {got}',
  'check.ss.expect': 'expected {count} sessions on {node}; got {got}',
  'check.ss.expectState': 'expected {count} {state} sessions on {node}; got {got}',
  // traceroute
  'check.tr.ok': 'hops {hops}',
  'check.tr.bad': 'expected hops {want}; got {got}',
  'check.tr.none': 'none',
  // policy matrix
  'check.m.allowed': 'allowed',
  'check.m.denied': 'denied',
  'check.m.gotReason': '{verdict}: {reason}',
  'check.m.ok': '{probe} {from} → {to} {got}',
  'check.m.bad': 'expected {probe} {from} → {to} {want}; got {got}',
  // terminal output
  'check.o.error': '{where}: {error}',
  'check.o.expect': 'expected {s}',
  'check.o.expectNo': 'expected no {s}',
  'check.o.expectExact': 'expected the exact text given',
  'check.o.bad': '{where}: {fails}; got {excerpt}',
  'check.o.more': '{shown} | … ({n} lines)',
  'check.o.noOutput': '(no output)',
  'check.o.shows': '{where} shows {list}',
  'check.o.asExpected': '{where} as expected',
} as const;

export type CheckMsgId = keyof typeof CHECK_EN;

const cat = catalogue({ ...WALK_EN, ...CHECK_EN });
/** A check message; its arguments are checked against the template. */
export const km = cat.make;
/** The English of a check (or nested walk) message. */
export const checkEnglish = cat.english;

/** Items folded into nested `sep` messages: [a, b, c] → sep(a, sep(b, c)). */
export function joinMsg(sep: 'check.list' | 'check.and', items: readonly MsgArg[]): MsgArg {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0];
  return km(sep, { a: items[0], b: joinMsg(sep, items.slice(1)) });
}
