// Plain YAML objects → typed NetworkPolicy spec. Reports what the API server's strict decoder
// would refuse before validation even runs: unknown fields (kubectl's default
// --validate=strict: `unknown field "spec.ingress[0].from[1].namespacesSelector"`) and values of
// the wrong type.

import type { PathError } from '../types';
import { invalid } from './formats';
import type { IPBlock, LabelSelector, LabelSelectorRequirement, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, NetworkPolicySpec } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Decoder {
  errors: PathError[] = [];

  unknownFields(o: Obj, path: string, known: readonly string[]): void {
    for (const k of Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      if (!known.includes(k)) this.errors.push({ path: `${path}.${k}`, message: `unknown field "${path}.${k}"` });
  }

  obj(v: unknown, path: string): Obj | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) {
      this.errors.push({ path, message: invalid(v, 'must be an object') });
      return undefined;
    }
    return v;
  }

  list(v: unknown, path: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.errors.push({ path, message: invalid(v, 'must be a list') });
      return [];
    }
    return v;
  }

  str(v: unknown, path: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.errors.push({ path, message: invalid(v, 'must be a string') });
      return undefined;
    }
    return v;
  }

  int(v: unknown, path: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.errors.push({ path, message: invalid(v, 'must be an integer') });
      return undefined;
    }
    return v;
  }

  selector(v: unknown, path: string): LabelSelector | undefined {
    const o = this.obj(v, path);
    if (!o) return v === undefined || v === null ? undefined : { matchLabels: {}, matchExpressions: [] };
    this.unknownFields(o, path, ['matchLabels', 'matchExpressions']);
    const matchLabels: Record<string, string> = {};
    const ml = this.obj(o.matchLabels, `${path}.matchLabels`);
    if (ml)
      for (const [k, val] of Object.entries(ml)) {
        // YAML `version: 1` is a number: the API server rejects it (labels are strings).
        const s = this.str(val, `${path}.matchLabels.${k}`);
        if (s !== undefined) matchLabels[k] = s;
      }
    const matchExpressions: LabelSelectorRequirement[] = [];
    this.list(o.matchExpressions, `${path}.matchExpressions`).forEach((e, i) => {
      const p = `${path}.matchExpressions[${i}]`;
      const eo = this.obj(e, p);
      if (!eo) return;
      this.unknownFields(eo, p, ['key', 'operator', 'values']);
      const values: string[] = [];
      this.list(eo.values, `${p}.values`).forEach((x, j) => {
        const s = this.str(x, `${p}.values[${j}]`);
        if (s !== undefined) values.push(s);
      });
      matchExpressions.push({ key: this.str(eo.key, `${p}.key`) ?? '', operator: this.str(eo.operator, `${p}.operator`) ?? '', values });
    });
    return { matchLabels, matchExpressions };
  }

  peer(v: unknown, path: string): NetworkPolicyPeer {
    const o = this.obj(v, path);
    if (!o) return {};
    this.unknownFields(o, path, ['podSelector', 'namespaceSelector', 'ipBlock']);
    const peer: NetworkPolicyPeer = {};
    const ps = this.selector(o.podSelector, `${path}.podSelector`);
    if (ps) peer.podSelector = ps;
    const ns = this.selector(o.namespaceSelector, `${path}.namespaceSelector`);
    if (ns) peer.namespaceSelector = ns;
    const ib = this.obj(o.ipBlock, `${path}.ipBlock`);
    if (ib) {
      this.unknownFields(ib, `${path}.ipBlock`, ['cidr', 'except']);
      const block: IPBlock = { cidr: this.str(ib.cidr, `${path}.ipBlock.cidr`) ?? '', except: [] };
      this.list(ib.except, `${path}.ipBlock.except`).forEach((x, i) => {
        const s = this.str(x, `${path}.ipBlock.except[${i}]`);
        if (s !== undefined) block.except.push(s);
      });
      peer.ipBlock = block;
    }
    return peer;
  }

  port(v: unknown, path: string): NetworkPolicyPort {
    const o = this.obj(v, path);
    if (!o) return {};
    this.unknownFields(o, path, ['protocol', 'port', 'endPort']);
    const p: NetworkPolicyPort = {};
    const proto = this.str(o.protocol, `${path}.protocol`);
    if (proto !== undefined) p.protocol = proto;
    if (typeof o.port === 'string') p.port = o.port;
    else {
      const n = this.int(o.port, `${path}.port`);
      if (n !== undefined) p.port = n;
    }
    const end = this.int(o.endPort, `${path}.endPort`);
    if (end !== undefined) p.endPort = end;
    return p;
  }

  rule(v: unknown, path: string, peersField: 'from' | 'to'): NetworkPolicyRule {
    const o = this.obj(v, path);
    if (!o) return { peers: [], ports: [] };
    this.unknownFields(o, path, [peersField, 'ports']);
    return {
      peers: this.list(o[peersField], `${path}.${peersField}`).map((x, i) => this.peer(x, `${path}.${peersField}[${i}]`)),
      ports: this.list(o.ports, `${path}.ports`).map((x, i) => this.port(x, `${path}.ports[${i}]`)),
    };
  }
}

export interface Decoded {
  spec: NetworkPolicySpec;
  errors: PathError[];
}

export function decodeNetworkPolicySpec(spec: unknown): Decoded {
  const d = new Decoder();
  const o = d.obj(spec, 'spec') ?? {};
  d.unknownFields(o, 'spec', ['podSelector', 'policyTypes', 'ingress', 'egress']);
  const policyTypes: string[] = [];
  d.list(o.policyTypes, 'spec.policyTypes').forEach((x, i) => {
    const s = d.str(x, `spec.policyTypes[${i}]`);
    if (s !== undefined) policyTypes.push(s);
  });
  const decoded: NetworkPolicySpec = {
    // podSelector is a struct, not a pointer: absent decodes to {} (selects every pod)
    podSelector: d.selector(o.podSelector, 'spec.podSelector') ?? { matchLabels: {}, matchExpressions: [] },
    policyTypes,
    ingress: d.list(o.ingress, 'spec.ingress').map((r, i) => d.rule(r, `spec.ingress[${i}]`, 'from')),
    egress: d.list(o.egress, 'spec.egress').map((r, i) => d.rule(r, `spec.egress[${i}]`, 'to')),
  };
  return { spec: decoded, errors: d.errors };
}
