// Expected paths and messages are the API server's (pkg/apis/networking/validation/validation.go,
// apimachinery field.Error bodies), as `kubectl apply` prints them after "<path>: ".
import { describe, expect, it } from 'vitest';
import { validateNetworkPolicy } from './validate';
import { np } from '../../../../test/support/netpol-model';
import { seed002Verbatim } from '../../../../test/support/policy-seed002';

const v = (spec: Record<string, unknown>, name = 'p') => validateNetworkPolicy(np('dev', name, spec));
const one = (spec: Record<string, unknown>) => {
  const errs = v(spec);
  expect(errs).toHaveLength(1);
  return errs[0];
};

describe('validateNetworkPolicy: accepted policies', () => {
  it('accepts the common shapes', () => {
    expect(v({ podSelector: {} })).toEqual([]);
    expect(v({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] })).toEqual([]);
    expect(v({ podSelector: {}, ingress: [{}] })).toEqual([]);
    expect(
      v({
        podSelector: { matchLabels: { app: 'db' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'Exists' }] },
        ingress: [{ from: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.1.0/24'] } }, { namespaceSelector: {}, podSelector: {} }], ports: [{ port: 80 }, { port: 'http', protocol: 'TCP' }, { port: 8000, endPort: 8080, protocol: 'UDP' }, { protocol: 'SCTP' }] }],
      }),
    ).toEqual([]);
  });
  it('accepts endPort equal to port (a one-port range)', () => {
    expect(v({ podSelector: {}, ingress: [{ ports: [{ port: 80, endPort: 80 }] }] })).toEqual([]);
  });
  it('accepts host bits in ipBlock (legacy field, not strict) and IPv6 blocks', () => {
    expect(v({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.5/8' } }] }] })).toEqual([]);
    expect(v({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }] }] })).toEqual([]);
  });
});

describe('validateNetworkPolicy: peers', () => {
  it('a peer with no selector and no ipBlock', () => {
    expect(one({ podSelector: {}, ingress: [{ from: [{}] }] })).toEqual({ path: 'spec.ingress[0].from[0]', message: 'Required value: must specify a peer' });
  });
  it('ipBlock beside another selector in one peer', () => {
    expect(v({ podSelector: {}, egress: [{ to: [{}, { ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }] }] }).map((e) => e.path)).toEqual(['spec.egress[0].to[0]', 'spec.egress[0].to[1]']);
    const errs = v({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] });
    expect(errs).toEqual([{ path: 'spec.egress[0].to[0]', message: 'Forbidden: may not specify both ipBlock and another peer' }]);
  });
  it('except not strictly inside cidr', () => {
    const errs = v({
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24', '10.0.0.0/16', '10.0.0.0/8', '10.0.5.0/24'] } }] }],
    });
    expect(errs).toEqual([
      { path: 'spec.ingress[0].from[0].ipBlock.except[0]', message: 'Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`' },
      { path: 'spec.ingress[0].from[0].ipBlock.except[1]', message: 'Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`' },
      { path: 'spec.ingress[0].from[0].ipBlock.except[2]', message: 'Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`' },
    ]);
  });
  it('invalid cidr (and a bare IP is not a CIDR)', () => {
    for (const cidr of ['10.0.0.0/33', '10.0.0.300/24', 'foo', '10.0.0.1']) {
      expect(one({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr } }] }] })).toEqual({
        path: 'spec.ingress[0].from[0].ipBlock.cidr',
        message: `Invalid value: "${cidr}": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
      });
    }
    expect(one({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['x'] } }] }] }).path).toBe('spec.ingress[0].from[0].ipBlock.except[0]');
    expect(one({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '' } }] }] })).toEqual({ path: 'spec.ingress[0].from[0].ipBlock.cidr', message: 'Required value' });
  });
});

describe('validateNetworkPolicy: ports', () => {
  const port = (p: Record<string, unknown>) => one({ podSelector: {}, ingress: [{ ports: [p] }] });
  it('endPort with a named port', () => {
    expect(port({ port: 'http', endPort: 90 })).toEqual({ path: 'spec.ingress[0].ports[0].endPort', message: 'Invalid value: 90: may not be specified when `port` is non-numeric' });
  });
  it('endPort below port', () => {
    expect(port({ port: 80, endPort: 79 })).toEqual({ path: 'spec.ingress[0].ports[0].endPort', message: 'Invalid value: 79: must be greater than or equal to `port`' });
  });
  it('endPort without port', () => {
    expect(port({ protocol: 'TCP', endPort: 90 })).toEqual({ path: 'spec.ingress[0].ports[0].endPort', message: 'Invalid value: 90: may not be specified when `port` is not specified' });
  });
  it('unknown protocol (TCP/UDP/SCTP only, case-sensitive)', () => {
    expect(port({ protocol: 'ICMP' })).toEqual({ path: 'spec.ingress[0].ports[0].protocol', message: 'Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"' });
    expect(port({ protocol: 'tcp', port: 80 }).message).toBe('Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"');
  });
  it('port out of range', () => {
    expect(port({ port: 0 })).toEqual({ path: 'spec.ingress[0].ports[0].port', message: 'Invalid value: 0: must be between 1 and 65535, inclusive' });
    expect(port({ port: 70000 })).toEqual({ path: 'spec.ingress[0].ports[0].port', message: 'Invalid value: 70000: must be between 1 and 65535, inclusive' });
    expect(port({ port: 80, endPort: 70000 })).toEqual({ path: 'spec.ingress[0].ports[0].endPort', message: 'Invalid value: 70000: must be between 1 and 65535, inclusive' });
  });
  it('named port syntax (IANA_SVC_NAME)', () => {
    expect(port({ port: 'Http' }).message).toBe('Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
    // all upper case breaks two rules at once, and the API server lists both
    expect(v({ podSelector: {}, ingress: [{ ports: [{ port: 'HTTP' }] }] }).map((e) => e.message)).toEqual([
      'Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]);
    // a quoted "80" is a (bad) port name, not a number
    expect(port({ port: '80' }).message).toBe('Invalid value: "80": must contain at least one letter (a-z)');
    expect(port({ port: 'a--b' }).message).toBe('Invalid value: "a--b": must not contain consecutive hyphens');
    expect(port({ port: '-ab' }).message).toBe('Invalid value: "-ab": must not begin or end with a hyphen');
    expect(port({ port: 'abcdefghijklmnop' }).message).toBe('Invalid value: "abcdefghijklmnop": must be no more than 15 characters');
    expect(v({ podSelector: {}, ingress: [{ ports: [{ port: 'serve-80-tcp' }] }] })).toEqual([]);
  });
});

describe('validateNetworkPolicy: policyTypes and selectors', () => {
  it('unknown policyType', () => {
    expect(one({ podSelector: {}, policyTypes: ['ingress'] })).toEqual({ path: 'spec.policyTypes[0]', message: 'Unsupported value: "ingress": supported values: "Ingress", "Egress"' });
    expect(one({ podSelector: {}, policyTypes: ['Ingress', 'Egress', 'Ingress'] })).toEqual({
      path: 'spec.policyTypes',
      message: 'Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes',
    });
  });
  it('matchExpressions operators and values', () => {
    expect(one({ podSelector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] } })).toEqual({
      path: 'spec.podSelector.matchExpressions[0].operator',
      message: 'Invalid value: "Equals": not a valid selector operator',
    });
    expect(one({ podSelector: { matchExpressions: [{ key: 'a', operator: 'In' }] } })).toEqual({
      path: 'spec.podSelector.matchExpressions[0].values',
      message: "Required value: must be specified when `operator` is 'In' or 'NotIn'",
    });
    expect(one({ podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] } })).toEqual({
      path: 'spec.podSelector.matchExpressions[0].values',
      message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    });
    expect(one({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['bad value'] }] } }] }] }).path).toBe(
      'spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values[0]',
    );
  });
  it('label keys and values', () => {
    const e = one({ podSelector: { matchLabels: { app: 'a b' } } });
    expect(e.path).toBe('spec.podSelector.matchLabels');
    expect(e.message).toMatch(/^Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters/);
    const k = one({ podSelector: { matchExpressions: [{ key: '-x', operator: 'Exists' }] } });
    expect(k.path).toBe('spec.podSelector.matchExpressions[0].key');
    expect(k.message).toMatch(/^Invalid value: "-x": name part must consist of alphanumeric characters/);
    expect(v({ podSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dev', app: '' } } })).toEqual([]);
  });
  it('metadata.name must be a DNS subdomain', () => {
    expect(v({ podSelector: {} }, 'Deny_All')[0].path).toBe('metadata.name');
  });
});

describe('validateNetworkPolicy: strict decoding (kubectl --validate=strict)', () => {
  it('reports unknown fields and wrong types', () => {
    expect(v({ podSelector: {}, ingres: [] })).toEqual([{ path: 'spec.ingres', message: 'unknown field "spec.ingres"' }]);
    expect(v({ podSelector: {}, ingress: {} })[0]).toEqual({ path: 'spec.ingress', message: 'Invalid value: {}: must be a list' });
    expect(v({ podSelector: { matchLabels: { version: 1 } } })[0].path).toBe('spec.podSelector.matchLabels.version');
  });
});

describe('seed 002 policies as written (typos) are refused with useful paths', () => {
  it('namespacesSelector typo (the tutorial\'s first example)', () => {
    expect(validateNetworkPolicy(seed002Verbatim.namespacesSelectorTypo)).toEqual([
      { path: 'spec.ingress[0].from[1].namespacesSelector', message: 'unknown field "spec.ingress[0].from[1].namespacesSelector"' },
      { path: 'spec.ingress[0].from[1]', message: 'Required value: must specify a peer' },
    ]);
  });
  it('08: ports: at spec level instead of inside the ingress rule', () => {
    expect(validateNetworkPolicy(seed002Verbatim.portsAtSpecLevel)).toEqual([{ path: 'spec.ports', message: 'unknown field "spec.ports"' }]);
  });
  it('09: ports: inside the peer instead of the egress rule', () => {
    expect(validateNetworkPolicy(seed002Verbatim.portsInsidePeer)).toEqual([{ path: 'spec.egress[1].to[0].ports', message: 'unknown field "spec.egress[1].to[0].ports"' }]);
  });
});
