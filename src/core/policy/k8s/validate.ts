// The API server's checks for networking.k8s.io/v1 NetworkPolicy, rule for rule and path for path
// (kubernetes pkg/apis/networking/validation/validation.go: ValidateNetworkPolicySpec,
// ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer, ValidateIPBlock; label selectors from
// apimachinery's ValidateLabelSelector). A policy with any error here would be refused by
// `kubectl apply`, so the simulator does not apply it either.

import type { K8sNetworkPolicy } from '../../model';
import { parseNet, strictSubnet } from '../net';
import type { PathError } from '../types';
import { decodeNetworkPolicySpec } from './decode';
import { forbidden, invalid, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum, notSupported, required } from './formats';
import type { LabelSelector, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from './types';

function validateLabelSelector(sel: LabelSelector, path: string, out: PathError[]): void {
  // ValidateLabels reports both key and value problems at the matchLabels path itself.
  for (const [k, v] of Object.entries(sel.matchLabels)) {
    for (const m of isQualifiedName(k)) out.push({ path: `${path}.matchLabels`, message: invalid(k, m) });
    for (const m of isValidLabelValue(v)) out.push({ path: `${path}.matchLabels`, message: invalid(v, m) });
  }
  sel.matchExpressions.forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (e.values.length === 0) out.push({ path: `${p}.values`, message: required("must be specified when `operator` is 'In' or 'NotIn'") });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (e.values.length > 0) out.push({ path: `${p}.values`, message: forbidden("may not be specified when `operator` is 'Exists' or 'DoesNotExist'") });
        break;
      default:
        out.push({ path: `${p}.operator`, message: invalid(e.operator, 'not a valid selector operator') });
    }
    for (const m of isQualifiedName(e.key)) out.push({ path: `${p}.key`, message: invalid(e.key, m) });
    e.values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) out.push({ path: `${p}.values[${j}]`, message: invalid(v, m) });
    });
  });
}

function validatePort(port: NetworkPolicyPort, path: string, out: PathError[]): void {
  if (port.protocol !== undefined && port.protocol !== 'TCP' && port.protocol !== 'UDP' && port.protocol !== 'SCTP')
    out.push({ path: `${path}.protocol`, message: notSupported(port.protocol, ['TCP', 'UDP', 'SCTP']) });
  if (port.port !== undefined) {
    if (typeof port.port === 'number') {
      for (const m of isValidPortNum(port.port)) out.push({ path: `${path}.port`, message: invalid(port.port, m) });
      if (port.endPort !== undefined) {
        if (port.endPort < port.port) out.push({ path: `${path}.endPort`, message: invalid(port.endPort, 'must be greater than or equal to `port`') });
        for (const m of isValidPortNum(port.endPort)) out.push({ path: `${path}.endPort`, message: invalid(port.endPort, m) });
      }
    } else {
      if (port.endPort !== undefined) out.push({ path: `${path}.endPort`, message: invalid(port.endPort, 'may not be specified when `port` is non-numeric') });
      for (const m of isValidPortName(port.port)) out.push({ path: `${path}.port`, message: invalid(port.port, m) });
    }
  } else if (port.endPort !== undefined) {
    out.push({ path: `${path}.endPort`, message: invalid(port.endPort, 'may not be specified when `port` is not specified') });
  }
}

function validateCidr(value: string, path: string, out: PathError[]): boolean {
  if (parseNet(value, false)) return true;
  out.push({ path, message: invalid(value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)') });
  return false;
}

function validatePeer(peer: NetworkPolicyPeer, path: string, out: PathError[]): void {
  let n = 0;
  if (peer.podSelector) {
    n++;
    validateLabelSelector(peer.podSelector, `${path}.podSelector`, out);
  }
  if (peer.namespaceSelector) {
    n++;
    validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`, out);
  }
  if (peer.ipBlock) {
    n++;
    const ib = peer.ipBlock;
    if (ib.cidr === '') out.push({ path: `${path}.ipBlock.cidr`, message: required('') });
    else if (validateCidr(ib.cidr, `${path}.ipBlock.cidr`, out)) {
      const outer = parseNet(ib.cidr, false)!;
      ib.except.forEach((e, i) => {
        const p = `${path}.ipBlock.except[${i}]`;
        if (!validateCidr(e, p, out)) return;
        if (!strictSubnet(outer, parseNet(e, false)!)) out.push({ path: p, message: invalid(e, 'must be a strict subset of `cidr`') });
      });
    }
  }
  if (n === 0) out.push({ path, message: required('must specify a peer') });
  else if (n > 1 && peer.ipBlock) out.push({ path, message: forbidden('may not specify both ipBlock and another peer') });
}

/** ValidateNetworkPolicySpec over an already-decoded spec. */
export function validateSpec(spec: NetworkPolicySpec): PathError[] {
  const out: PathError[] = [];
  validateLabelSelector(spec.podSelector, 'spec.podSelector', out);
  for (const [dir, field] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    spec[dir].forEach((rule, i) => {
      const rp = `spec.${dir}[${i}]`;
      rule.ports.forEach((p, j) => validatePort(p, `${rp}.ports[${j}]`, out));
      rule.peers.forEach((p, j) => validatePeer(p, `${rp}.${field}[${j}]`, out));
    });
  }
  if (spec.policyTypes.length > 2) {
    out.push({ path: 'spec.policyTypes', message: invalid(spec.policyTypes, 'may not specify more than two policyTypes') });
    return out;
  }
  spec.policyTypes.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') out.push({ path: `spec.policyTypes[${i}]`, message: notSupported(t, ['Ingress', 'Egress']) });
  });
  return out;
}

/**
 * Everything `kubectl apply` would refuse about this NetworkPolicy, with the API server's field
 * paths (e.g. `spec.ingress[0].ports[0].endPort`) and messages. Empty = accepted.
 */
export function validateNetworkPolicy(np: K8sNetworkPolicy): PathError[] {
  const out: PathError[] = [];
  for (const m of isDNS1123Subdomain(np.name)) out.push({ path: 'metadata.name', message: invalid(np.name, m) });
  if (!np.namespace) out.push({ path: 'metadata.namespace', message: required('') });
  const { spec, errors } = decodeNetworkPolicySpec(np.spec);
  return [...out, ...errors, ...validateSpec(spec)];
}
