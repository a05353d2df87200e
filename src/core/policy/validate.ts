// validatePolicies(scenario): every policy the API server (kubectl apply, strict field validation) or
// calicoctl would refuse, with the field path the server names. The scenario parser keeps policy
// specs as written (unknown fields are only warnings there); this is the check that refuses them.
// `ref` is the scenario's resource key (scenario.refs), so callers map the path to file:line with
// the parser's locator.

import type { ErrorCode } from '../model/catalogue';
import type { Scenario } from '../model/scenario';
import { compilePolicySet } from './compile';

/** Policy admission codes: the E8xx range of the one catalogue (core/model/catalogue.ts), titles and fixes there. */
export type PolicyErrorCode = Extract<ErrorCode, `E80${number}`>;

export interface PolicyProblem {
  /** scenario.refs key: "NetworkPolicy/ns/name", "CalicoNetworkPolicy/ns/name", "GlobalNetworkPolicy/name", "Tier/name" */
  ref: string;
  /** the API server's field path, e.g. "spec.ingress[0].ports[0].endPort" */
  path: string;
  /** the whole message, as kubectl / calicoctl would print it */
  message: string;
  code: PolicyErrorCode;
}

const isDecodeError = (m: string) => m.startsWith('unknown field') || / must be an? (object|list|string|integer|number)$/.test(m);

export function validatePolicies(scenario: Pick<Scenario, 'networkPolicies' | 'calicoPolicies' | 'tiers'>): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  // The compiled set holds what admission refuses: validating here and compiling for the first
  // ClusterState parse the policies once between them.
  const { admission } = compilePolicySet(scenario);
  scenario.networkPolicies.forEach((np, i) => {
    const ref = `NetworkPolicy/${np.namespace}/${np.name}`;
    const errors = admission.networkPolicies[i];
    // kubectl apply --validate=strict: the server stops at the decoding error, validation never runs
    const decoding = errors.filter((e) => isDecodeError(e.message));
    for (const e of decoding.length ? decoding : errors) {
      const strict = isDecodeError(e.message);
      out.push({
        ref,
        path: e.path,
        code: strict ? 'E802' : 'E801',
        message: strict
          ? `NetworkPolicy ${np.namespace}/${np.name}: strict decoding error: ${e.message}`
          : `The NetworkPolicy "${np.name}" is invalid: ${e.path}: ${e.message}`,
      });
    }
  });
  const tierErrors = admission.tiers;
  for (const e of tierErrors) out.push({ ref: `Tier/${e.tier}`, path: e.error.path, code: 'E804', message: `Tier "${e.tier}" is invalid: ${e.error.path}: ${e.error.message}` });
  scenario.calicoPolicies.forEach((cp, i) => {
    const ns = cp.kind === 'NetworkPolicy';
    const ref = ns ? `CalicoNetworkPolicy/${cp.namespace}/${cp.name}` : `GlobalNetworkPolicy/${cp.name}`;
    for (const e of admission.calicoPolicies[i]) {
      out.push({ ref, path: e.path, code: 'E803', message: `${cp.kind} "${ns ? `${cp.namespace}/` : ''}${cp.name}" is invalid: ${e.path}: ${e.message}` });
    }
  });
  return out;
}
