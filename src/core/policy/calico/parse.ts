// projectcalico.org/v3 NetworkPolicy / GlobalNetworkPolicy → the evaluable model, with validation.
//
// Namespace semantics are folded into selectors exactly where Calico folds them
// (libcalico-go/lib/backend/syncersv1/updateprocessors: networkpolicyprocessor.go,
// globalnetworkpolicyprocessor.go, rules.go getEndpointSelector):
// - NetworkPolicy (namespaced): spec.selector && projectcalico.org/namespace == '<ns>';
// - GlobalNetworkPolicy: spec.selector && pcns.-prefixed spec.namespaceSelector (all() = any
//   namespace; global() is left as is and matches everything, as in Calico's processor);
// - both: && pcsa.-prefixed spec.serviceAccountSelector;
// - a rule's source/destination: when namespaceSelector is given it becomes the namespace term
//   (pcns.-prefixed; all() = any namespace, global() = no namespace, i.e. no pod); otherwise a
//   namespaced policy's own namespace is the term. The term is added as soon as the entity has a
//   selector, a notSelector or a namespaceSelector. An entity with only nets/ports has no
//   namespace restriction. notSelector itself is never namespaced.

import type { CalicoPolicy, Tier } from '../../model';
import { invalid, isValidPortName, notSupported, required } from '../k8s/formats';
import { parseNet, type Net } from '../net';
import { and, ALL, parseSelector, prefixLabels, selectorToString, SelectorSyntaxError, type Selector } from '../selector';
import type { PathError, PolicyKind, RuleAction } from '../types';
import { LABEL_NAMESPACE, LABEL_SERVICE_ACCOUNT, NAMESPACE_PREFIX, SERVICE_ACCOUNT_PREFIX } from './labels';
import { PROTOCOL_NUMBERS, protocolName, type EntityMatch, type IcmpMatch, type Policy, type PortMatch, type Rule } from './model';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const sorted = (xs: string[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const HAS_NAMESPACE: Selector = { kind: 'has', label: LABEL_NAMESPACE };
const NO_NAMESPACE: Selector = { kind: 'not', operand: HAS_NAMESPACE };
const HAS_SERVICE_ACCOUNT: Selector = { kind: 'has', label: LABEL_SERVICE_ACCOUNT };

const ACTIONS = ['Allow', 'Deny', 'Log', 'Pass'];
const PORT_PROTOCOLS = [6, 17, 132];

export interface ParseResult {
  policy?: Policy;
  errors: PathError[];
  /** accepted but not (fully) modelled */
  warnings: PathError[];
}

class PolicyParser {
  errors: PathError[] = [];
  warnings: PathError[] = [];

  constructor(readonly namespace: string | undefined) {}

  err(path: string, message: string) {
    this.errors.push({ path, message });
  }

  unknownFields(o: Obj, path: string, known: readonly string[]) {
    for (const k of sorted(Object.keys(o))) if (!known.includes(k)) this.err(`${path}.${k}`, `unknown field "${path}.${k}"`);
  }

  selector(v: unknown, path: string): Selector | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.err(path, invalid(v, 'must be a selector string'));
      return undefined;
    }
    try {
      return parseSelector(v);
    } catch (e) {
      if (!(e instanceof SelectorSyntaxError)) throw e;
      this.err(path, e.message);
      return undefined;
    }
  }

  list(v: unknown, path: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.err(path, invalid(v, 'must be a list'));
      return [];
    }
    return v;
  }

  nets(v: unknown, path: string): Net[] {
    const out: Net[] = [];
    this.list(v, path).forEach((x, i) => {
      const n = typeof x === 'string' ? parseNet(x, true) : undefined;
      if (!n) this.err(`${path}[${i}]`, invalid(x, 'must be a valid CIDR or IP address'));
      else out.push(n);
    });
    return out;
  }

  ports(v: unknown, path: string): PortMatch[] {
    const out: PortMatch[] = [];
    this.list(v, path).forEach((x, i) => {
      const p = `${path}[${i}]`;
      if (typeof x === 'number') {
        if (!Number.isInteger(x) || x < 0 || x > 65535) this.err(p, invalid(x, 'must be between 0 and 65535, inclusive'));
        else out.push({ min: x, max: x });
        return;
      }
      if (typeof x !== 'string') {
        this.err(p, invalid(x, 'must be a port number, a "start:end" range or a port name'));
        return;
      }
      const range = /^(\d+):(\d+)$/.exec(x);
      if (range) {
        const [a, b] = [Number(range[1]), Number(range[2])];
        if (a > 65535 || b > 65535 || a > b) this.err(p, invalid(x, 'a port range must be "start:end" with 0 <= start <= end <= 65535'));
        else out.push({ min: a, max: b });
        return;
      }
      if (/^\d+$/.test(x)) {
        const n = Number(x);
        if (n > 65535) this.err(p, invalid(x, 'must be between 0 and 65535, inclusive'));
        else out.push({ min: n, max: n });
        return;
      }
      const msgs = isValidPortName(x);
      if (msgs.length > 0) this.err(p, invalid(x, msgs.join(', ')));
      else out.push({ name: x });
    });
    return out;
  }

  protocol(v: unknown, path: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 255) this.err(path, invalid(v, 'must be a protocol name or a number from 1 to 255'));
      return n;
    }
    if (typeof v === 'string' && v in PROTOCOL_NUMBERS) return PROTOCOL_NUMBERS[v];
    this.err(path, notSupported(v, Object.keys(PROTOCOL_NUMBERS)));
    return undefined;
  }

  icmp(v: unknown, path: string): IcmpMatch | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) {
      this.err(path, invalid(v, 'must be an object'));
      return undefined;
    }
    this.unknownFields(v, path, ['type', 'code']);
    const m: IcmpMatch = {};
    for (const [f, max] of [
      ['type', 254],
      ['code', 255],
    ] as const) {
      const x = v[f];
      if (x === undefined || x === null) continue;
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > max) this.err(`${path}.${f}`, invalid(x, `must be between 0 and ${max}, inclusive`));
      else m[f] = x;
    }
    if (m.code !== undefined && m.type === undefined) this.err(`${path}.code`, invalid(m.code, 'ICMP code specified without an ICMP type'));
    return m;
  }

  /** getEndpointSelector (rules.go): the selector an entity's IP must match. */
  entity(v: unknown, path: string): { match: EntityMatch; text: string[] } {
    const match: EntityMatch = { nets: [], notNets: [], ports: [], notPorts: [] };
    const text: string[] = [];
    if (v === undefined || v === null) return { match, text };
    if (!isObj(v)) {
      this.err(path, invalid(v, 'must be an object'));
      return { match, text };
    }
    this.unknownFields(v, path, ['nets', 'notNets', 'selector', 'notSelector', 'namespaceSelector', 'ports', 'notPorts', 'serviceAccounts', 'services']);
    match.nets = this.nets(v.nets, `${path}.nets`);
    match.notNets = this.nets(v.notNets, `${path}.notNets`);
    match.ports = this.ports(v.ports, `${path}.ports`);
    match.notPorts = this.ports(v.notPorts, `${path}.notPorts`);
    const sel = this.selector(v.selector, `${path}.selector`);
    const notSel = this.selector(v.notSelector, `${path}.notSelector`);
    const nsSel = this.selector(v.namespaceSelector, `${path}.namespaceSelector`);

    let saSel: Selector | undefined;
    if (v.serviceAccounts !== undefined && v.serviceAccounts !== null) {
      const sa = v.serviceAccounts;
      const sp = `${path}.serviceAccounts`;
      if (!isObj(sa)) this.err(sp, invalid(sa, 'must be an object'));
      else {
        this.unknownFields(sa, sp, ['names', 'selector']);
        const parts: Selector[] = [];
        const s = this.selector(sa.selector, `${sp}.selector`);
        if (s) parts.push(prefixLabels(s, SERVICE_ACCOUNT_PREFIX, HAS_SERVICE_ACCOUNT));
        const names = this.list(sa.names, `${sp}.names`).filter((n): n is string => typeof n === 'string');
        if (names.length > 0) parts.push({ kind: 'in', label: LABEL_SERVICE_ACCOUNT, values: names });
        if (parts.length > 0) saSel = and(...parts);
        text.push(`serviceAccounts ${JSON.stringify(sa)}`);
      }
    }
    if (v.services !== undefined) this.err(`${path}.services`, 'not modelled by CNI Lab: Service-based rule matching (use selector or nets)');

    let nsTerm: Selector | undefined;
    if (nsSel) nsTerm = prefixLabels(nsSel, NAMESPACE_PREFIX, HAS_NAMESPACE, NO_NAMESPACE);
    else if (this.namespace) nsTerm = { kind: 'eq', label: LABEL_NAMESPACE, value: this.namespace };

    const selParts = [saSel, sel].filter((s): s is Selector => s !== undefined);
    let endpointSel: Selector | undefined = selParts.length > 0 ? and(...selParts) : undefined;
    if (nsTerm && (endpointSel || notSel || nsSel)) endpointSel = endpointSel ? and(nsTerm, endpointSel) : nsTerm;
    if (endpointSel) match.selector = endpointSel;
    if (notSel) match.notSelector = notSel;

    if (typeof v.selector === 'string') text.push(`selector ${v.selector}`);
    if (typeof v.namespaceSelector === 'string') text.push(`namespaceSelector ${v.namespaceSelector}`);
    if (typeof v.notSelector === 'string') text.push(`notSelector ${v.notSelector}`);
    if (match.nets.length) text.push(`nets ${match.nets.map((n) => n.text).join(',')}`);
    if (match.notNets.length) text.push(`notNets ${match.notNets.map((n) => n.text).join(',')}`);
    const portText = (ps: PortMatch[]) => ps.map((p) => ('name' in p ? p.name : p.min === p.max ? `${p.min}` : `${p.min}:${p.max}`)).join(',');
    if (match.ports.length) text.push(`ports ${portText(match.ports)}`);
    if (match.notPorts.length) text.push(`notPorts ${portText(match.notPorts)}`);
    return { match, text };
  }

  rule(v: unknown, path: string, index: number): Rule | undefined {
    if (!isObj(v)) {
      this.err(path, invalid(v, 'must be an object'));
      return undefined;
    }
    this.unknownFields(v, path, ['action', 'ipVersion', 'protocol', 'notProtocol', 'icmp', 'notICMP', 'source', 'destination', 'http', 'metadata']);
    const errorsBefore = this.errors.length;
    let action: RuleAction = 'Deny';
    if (v.action === undefined || v.action === null) this.err(`${path}.action`, required(''));
    else if (typeof v.action !== 'string' || !ACTIONS.includes(v.action)) this.err(`${path}.action`, notSupported(v.action, ACTIONS));
    else action = v.action as RuleAction;

    const rule: Rule = { index, action, source: undefined!, destination: undefined!, text: '' };
    if (v.ipVersion !== undefined && v.ipVersion !== null) {
      if (v.ipVersion !== 4 && v.ipVersion !== 6) this.err(`${path}.ipVersion`, notSupported(v.ipVersion, ['4', '6']));
      else rule.ipVersion = v.ipVersion;
    }
    rule.protocol = this.protocol(v.protocol, `${path}.protocol`);
    rule.notProtocol = this.protocol(v.notProtocol, `${path}.notProtocol`);
    rule.icmp = this.icmp(v.icmp, `${path}.icmp`);
    rule.notICMP = this.icmp(v.notICMP, `${path}.notICMP`);
    const src = this.entity(v.source, `${path}.source`);
    const dst = this.entity(v.destination, `${path}.destination`);
    rule.source = src.match;
    rule.destination = dst.match;

    // Ports only mean something for protocols that have them.
    for (const [side, ent] of [
      ['source', src.match],
      ['destination', dst.match],
    ] as const)
      for (const f of ['ports', 'notPorts'] as const)
        if (ent[f].length > 0 && (rule.protocol === undefined || !PORT_PROTOCOLS.includes(rule.protocol)))
          this.err(`${path}.${side}.${f}`, invalid(v.protocol ?? null, 'ports are only allowed when protocol is TCP, UDP or SCTP'));
    for (const f of ['icmp', 'notICMP'] as const)
      if (rule[f] && rule.protocol !== 1 && rule.protocol !== 58)
        this.err(`${path}.${f}`, invalid(v.protocol ?? null, `${f} is only allowed when protocol is ICMP or ICMPv6`));
    if (rule.ipVersion !== undefined)
      for (const n of [...rule.source.nets, ...rule.source.notNets, ...rule.destination.nets, ...rule.destination.notNets])
        if (n.v !== rule.ipVersion) this.err(`${path}`, invalid(n.text, `net does not match ipVersion ${rule.ipVersion}`));
    if (v.http !== undefined && v.http !== null) {
      if (action !== 'Allow') this.err(`${path}.http`, invalid(v.http, 'HTTP match is only allowed on Allow rules'));
      this.warnings.push({ path: `${path}.http`, message: 'not modelled: HTTP match needs application-layer policy; the rule is evaluated on L3/L4 fields only' });
    }

    const parts: string[] = [action];
    if (rule.protocol !== undefined) parts.push(protocolName(rule.protocol));
    if (rule.notProtocol !== undefined) parts.push(`!${protocolName(rule.notProtocol)}`);
    if (rule.icmp) parts.push(`icmp ${JSON.stringify(rule.icmp)}`);
    rule.textParts = { what: parts.join(' ') };
    if (src.text.length) parts.push(`from ${(rule.textParts.from = src.text.join(' '))}`);
    if (dst.text.length) parts.push(`to ${(rule.textParts.to = dst.text.join(' '))}`);
    rule.text = parts.join(' ');
    return this.errors.length === errorsBefore ? rule : undefined;
  }
}

/** Calico's defaulting of spec.types when it is omitted. */
function defaultTypes(hasIngress: boolean, hasEgress: boolean): { ingress: boolean; egress: boolean } {
  if (hasEgress && !hasIngress) return { ingress: false, egress: true };
  return { ingress: true, egress: hasEgress };
}

export function parseCalicoPolicy(p: CalicoPolicy, tiers: ReadonlyMap<string, Tier>, kind?: PolicyKind): ParseResult {
  const namespaced = p.kind === 'NetworkPolicy';
  const ps = new PolicyParser(namespaced ? p.namespace : undefined);
  if (namespaced && !p.namespace) ps.err('metadata.namespace', required('a NetworkPolicy is namespaced'));
  const spec: Obj = isObj(p.spec) ? p.spec : {};
  const known = ['tier', 'order', 'selector', 'types', 'ingress', 'egress', 'serviceAccountSelector', 'performanceHints'];
  ps.unknownFields(spec, 'spec', namespaced ? known : [...known, 'namespaceSelector', 'doNotTrack', 'preDNAT', 'applyOnForward']);

  let tier = 'default';
  if (spec.tier !== undefined && spec.tier !== null && spec.tier !== '') {
    if (typeof spec.tier !== 'string') ps.err('spec.tier', invalid(spec.tier, 'must be a string'));
    else tier = spec.tier;
  }
  if (!tiers.has(tier)) ps.err('spec.tier', invalid(tier, 'tier does not exist (create the Tier first)'));

  let order: number | undefined;
  if (spec.order !== undefined && spec.order !== null) {
    if (typeof spec.order !== 'number' || !Number.isFinite(spec.order)) ps.err('spec.order', invalid(spec.order, 'must be a number'));
    else order = spec.order;
  }

  let selector = ps.selector(spec.selector, 'spec.selector') ?? ALL;
  if (namespaced && p.namespace) selector = and(selector, { kind: 'eq', label: LABEL_NAMESPACE, value: p.namespace });
  if (!namespaced) {
    const nsSel = ps.selector(spec.namespaceSelector, 'spec.namespaceSelector');
    // globalnetworkpolicyprocessor.go rewrites only all() here; global() stays a GlobalNode, which
    // evaluates true (unlike in rules, where it becomes "no namespace").
    if (nsSel) selector = and(selector, prefixLabels(nsSel, NAMESPACE_PREFIX, HAS_NAMESPACE));
  }
  const saSel = ps.selector(spec.serviceAccountSelector, 'spec.serviceAccountSelector');
  if (saSel) selector = and(selector, prefixLabels(saSel, SERVICE_ACCOUNT_PREFIX, HAS_SERVICE_ACCOUNT));

  const ingressRaw = ps.list(spec.ingress, 'spec.ingress');
  const egressRaw = ps.list(spec.egress, 'spec.egress');
  let types = defaultTypes(ingressRaw.length > 0, egressRaw.length > 0);
  if (spec.types !== undefined && spec.types !== null) {
    const ts = ps.list(spec.types, 'spec.types');
    if (ts.length > 0) {
      types = { ingress: false, egress: false };
      ts.forEach((t, i) => {
        if (t === 'Ingress') types.ingress = true;
        else if (t === 'Egress') types.egress = true;
        else ps.err(`spec.types[${i}]`, notSupported(t, ['Ingress', 'Egress']));
      });
    }
  }
  const ingressRules = ingressRaw.map((r, i) => ps.rule(r, `spec.ingress[${i}]`, i));
  const egressRules = egressRaw.map((r, i) => ps.rule(r, `spec.egress[${i}]`, i));

  for (const f of ['doNotTrack', 'preDNAT'] as const)
    if (spec[f] === true) ps.warnings.push({ path: `spec.${f}`, message: `${f} policy applies to host endpoints only: it has no effect on pods` });

  if (ps.errors.length > 0) return { errors: ps.errors, warnings: ps.warnings };
  if (spec.doNotTrack === true || spec.preDNAT === true) return { errors: [], warnings: ps.warnings };
  return {
    errors: [],
    warnings: ps.warnings,
    policy: {
      ref: { kind: kind ?? p.kind, name: p.name, ...(namespaced ? { namespace: p.namespace } : {}), tier, ...(order !== undefined ? { order } : {}) },
      order: order ?? Number.POSITIVE_INFINITY,
      selector,
      selectorText: selectorToString(selector),
      ingress: types.ingress,
      egress: types.egress,
      ingressRules: ingressRules as Rule[],
      egressRules: egressRules as Rule[],
    },
  };
}
