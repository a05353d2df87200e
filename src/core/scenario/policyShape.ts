// The shape of policy specs (Kubernetes NetworkPolicy, Calico NetworkPolicy/GlobalNetworkPolicy):
// known fields, value types and enums, so that a typo or a field under the wrong parent is reported
// on its line. Policies are kept as written; what they mean (selectors, rule order) is core/policy's.

import type { Reporter, Res } from './diag';
import { Fields, describe } from './fields';
import { joinPath } from './path';
import { cidrProblem, ipProblem } from './net';
import { isPlainObject } from './source';

type Shape =
  | { t: 'str' | 'num' | 'int' | 'bool' | 'strOrInt' | 'strMap' | 'net' | 'any' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'list'; of: Shape }
  | { t: 'map'; fields: Record<string, Shape>; hints?: Record<string, string> };

const str: Shape = { t: 'str' };
const int: Shape = { t: 'int' };
const num: Shape = { t: 'num' };
const bool: Shape = { t: 'bool' };
const strOrInt: Shape = { t: 'strOrInt' };
const strMap: Shape = { t: 'strMap' };
const list = (of: Shape): Shape => ({ t: 'list', of });
const oneOf = (...values: string[]): Shape => ({ t: 'enum', values });
const map = (fields: Record<string, Shape>, hints?: Record<string, string>): Shape => ({ t: 'map', fields, hints });

// --- Kubernetes networking.k8s.io/v1 ---------------------------------------------------------------

const labelSelector = map(
  {
    matchLabels: strMap,
    matchExpressions: list(map({ key: str, operator: oneOf('In', 'NotIn', 'Exists', 'DoesNotExist'), values: list(str) })),
  },
  { key: 'it belongs inside a matchExpressions item', operator: 'it belongs inside a matchExpressions item' },
);

const K8S_PEER_HINTS = {
  ports: 'ports belongs to the rule, next to from:/to:, not inside a peer: outdent it',
  matchLabels: 'it belongs under podSelector: or namespaceSelector: indent it',
  matchExpressions: 'it belongs under podSelector: or namespaceSelector: indent it',
  cidr: 'it belongs under ipBlock: indent it',
  except: 'it belongs under ipBlock: indent it',
};

const k8sPeer = map(
  { podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock: map({ cidr: { t: 'net' }, except: list({ t: 'net' }) }) },
  K8S_PEER_HINTS,
);
const k8sPort = map({ protocol: oneOf('TCP', 'UDP', 'SCTP'), port: strOrInt, endPort: int });
const RULE_HINTS = {
  podSelector: 'a peer goes in a list under from:/to: (`- podSelector:`)',
  namespaceSelector: 'a peer goes in a list under from:/to: (`- namespaceSelector:`)',
  ipBlock: 'a peer goes in a list under from:/to: (`- ipBlock:`)',
  protocol: 'a port goes in a list under ports: (`- protocol: TCP`)',
  port: 'a port goes in a list under ports: (`- port: 80`)',
};

export const K8S_NETWORK_POLICY_SPEC = map(
  {
    podSelector: labelSelector,
    policyTypes: list(oneOf('Ingress', 'Egress')),
    ingress: list(map({ from: list(k8sPeer), ports: list(k8sPort) }, { ...RULE_HINTS, to: 'ingress rules use from:, egress rules use to:' })),
    egress: list(map({ to: list(k8sPeer), ports: list(k8sPort) }, { ...RULE_HINTS, from: 'ingress rules use from:, egress rules use to:' })),
  },
  {
    ports: 'ports belongs inside an ingress/egress rule, next to from:/to: indent it under the `- from:`/`- to:` item',
    from: 'from: belongs inside an ingress rule (`ingress: [- from: ...]`)',
    to: 'to: belongs inside an egress rule (`egress: [- to: ...]`)',
    types: 'Kubernetes calls it policyTypes (types is Calico)',
    selector: 'Kubernetes uses podSelector (selector is Calico)',
  },
);

// --- Calico projectcalico.org/v3 --------------------------------------------------------------------

const calicoPorts = list(strOrInt);
const entityRule = map(
  {
    nets: list({ t: 'net' }),
    notNets: list({ t: 'net' }),
    selector: str,
    notSelector: str,
    namespaceSelector: str,
    ports: calicoPorts,
    notPorts: calicoPorts,
    serviceAccounts: map({ names: list(str), selector: str }),
    services: map({ name: str, namespace: str }),
  },
  { action: 'action belongs to the rule, not to source/destination: outdent it', protocol: 'protocol belongs to the rule, not to source/destination: outdent it' },
);
const icmp = map({ type: int, code: int });
const calicoRule = map(
  {
    action: oneOf('Allow', 'Deny', 'Log', 'Pass'),
    ipVersion: oneOf('4', '6'),
    protocol: strOrInt,
    notProtocol: strOrInt,
    icmp,
    notICMP: icmp,
    source: entityRule,
    destination: entityRule,
    http: map({ methods: list(str), paths: list({ t: 'any' }) }),
    metadata: map({ annotations: strMap }),
  },
  {
    ports: 'in Calico, ports belong to source: or destination: indent it there',
    nets: 'it belongs under source: or destination: indent it',
    selector: 'it belongs under source: or destination: indent it',
    namespaceSelector: 'it belongs under source: or destination: indent it',
  },
);

const CALICO_POLICY_FIELDS = {
  tier: str,
  order: num,
  selector: str,
  types: list(oneOf('Ingress', 'Egress')),
  ingress: list(calicoRule),
  egress: list(calicoRule),
  serviceAccountSelector: str,
  performanceHints: list(str),
};
const CALICO_SPEC_HINTS = {
  action: 'action belongs inside an ingress/egress rule (`- action: Allow`)',
  source: 'it belongs inside an ingress/egress rule',
  destination: 'it belongs inside an ingress/egress rule',
  podSelector: 'Calico uses selector (podSelector is Kubernetes)',
  policyTypes: 'Calico calls it types (policyTypes is Kubernetes)',
};

export const CALICO_NETWORK_POLICY_SPEC = map(CALICO_POLICY_FIELDS, CALICO_SPEC_HINTS);
export const CALICO_GLOBAL_POLICY_SPEC = map(
  { ...CALICO_POLICY_FIELDS, namespaceSelector: str, doNotTrack: bool, preDNAT: bool, applyOnForward: bool },
  CALICO_SPEC_HINTS,
);

/** Checks `value` (at `path` in `res`) against a shape; reports, never throws. */
export function checkShape(rep: Reporter, res: Res, path: string, value: unknown, shape: Shape): void {
  const where = { res, path };
  const wrong = (expected: string) => rep.error('E107', where, `${path} must be ${expected}, got ${describe(value)}`);
  switch (shape.t) {
    case 'any':
      return;
    case 'str':
      if (typeof value !== 'string') wrong('a string');
      return;
    case 'num':
      if (typeof value !== 'number') wrong('a number');
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) wrong('an integer');
      return;
    case 'bool':
      if (typeof value !== 'boolean') wrong('true or false');
      return;
    case 'strOrInt':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) wrong('a number or a name');
      return;
    case 'net':
      if (typeof value !== 'string') wrong('a CIDR');
      else {
        const why = value.includes('/') ? cidrProblem(value) : ipProblem(value);
        if (why) rep.error('E113', where, `${path}: ${JSON.stringify(value)} is not a CIDR: ${why}`, 'address/prefix, e.g. 10.244.0.0/16');
      }
      return;
    case 'enum': {
      const v = typeof value === 'number' ? String(value) : value;
      if (typeof v !== 'string') wrong(`one of ${shape.values.join(', ')}`);
      else if (!shape.values.includes(v)) {
        const near = shape.values.find((a) => a.toLowerCase() === v.toLowerCase());
        rep.error('E108', where, `${path}: ${JSON.stringify(v)} is not allowed${near ? ` (did you mean ${near}? values are case-sensitive)` : ''}`, shape.values.join(', '));
      }
      return;
    }
    case 'strMap':
      if (!isPlainObject(value)) wrong('a mapping of strings');
      else
        for (const [k, v] of Object.entries(value)) {
          if (typeof v !== 'string') {
            const p = joinPath(path, k);
            rep.error('E107', { res, path: p }, `${p} must be a string, got ${describe(v)}${typeof v === 'number' || typeof v === 'boolean' ? ` (quote it: "${String(v)}")` : ''}`);
          }
        }
      return;
    case 'list':
      if (!Array.isArray(value)) wrong('a list');
      else value.forEach((item, i) => checkShape(rep, res, joinPath(path, i), item, shape.of));
      return;
    case 'map': {
      if (!isPlainObject(value)) {
        wrong('a mapping');
        return;
      }
      const f = new Fields(rep, res, path, value);
      for (const [k, s] of Object.entries(shape.fields)) {
        const v = f.raw(k);
        if (v !== undefined) checkShape(rep, res, joinPath(path, k), v, s);
      }
      f.done((k) => shape.hints?.[k]);
      return;
    }
  }
}
