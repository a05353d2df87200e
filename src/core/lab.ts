// Loading a lab: text → Scenario (parse + validate) → ClusterState (resolve). Errors found after parsing
// (an exhausted pool, a pod on an unknown node) are mapped back to file:line:field through the parser's
// locator, so every error the user sees points into their file. Nothing here throws on bad input.

import type { ClusterState } from './model/cluster';
import { LabError, type ErrorLocation } from './model/errors';
import type { ResourceRef, Scenario } from './model/scenario';
import { parseScenario } from './scenario';
import { buildCluster, ResolveError } from './resolve';
import { validatePolicies } from './policy/validate';

export interface LabLoad {
  scenario?: Scenario;
  state?: ClusterState;
  errors: LabError[];
  warnings: { code: string; message: string; loc?: ErrorLocation }[];
}

export function loadLab(text: string, file: string, prev?: ClusterState): LabLoad {
  const parsed = parseScenario(text, file);
  if (!parsed.scenario || parsed.errors.length) {
    return { errors: parsed.errors, warnings: parsed.warnings };
  }
  const scenario = parsed.scenario;
  // policies the API server / calicoctl would refuse (core/policy), located like resolve errors
  const policyErrors = validatePolicies(scenario).map((p) => new LabError(p.code, p.message, locate(scenario, parsed.locator, p.ref, p.path) ?? { file, line: 0, path: p.path }));
  if (policyErrors.length) return { scenario, errors: policyErrors, warnings: parsed.warnings };
  try {
    const state = buildCluster(scenario, { prev });
    const warnings = [
      ...parsed.warnings,
      ...state.warnings.map((w) => ({ code: w.code, message: w.message, loc: w.ref ? locate(scenario, parsed.locator, w.ref, '') : undefined })),
    ];
    return { scenario, state, errors: [], warnings };
  } catch (e) {
    if (e instanceof ResolveError) {
      const loc = e.ref ? locate(scenario, parsed.locator, e.ref, e.path ?? '') : { file, line: 0, path: e.path ?? '' };
      return { scenario, errors: [new LabError(e.code, e.detail, loc)], warnings: parsed.warnings };
    }
    throw e;
  }
}

/** Rebuilds the state after an edit of the scenario (UI toggles, lab steps), keeping allocations. */
export function rebuild(scenario: Scenario, prev?: ClusterState): { state?: ClusterState; error?: ResolveError } {
  try {
    return { state: buildCluster(scenario, { prev }) };
  } catch (e) {
    if (e instanceof ResolveError) return { error: e };
    throw e;
  }
}

function locate(
  scenario: Scenario,
  locator: (ref: ResourceRef, path: string) => ErrorLocation,
  refKey: string,
  path: string,
): ErrorLocation | undefined {
  const ref = scenario.refs[refKey] ?? nodeRef(scenario, refKey);
  return ref ? locator(ref, path) : undefined;
}

/** A node named in an error may be a Topology entry rather than a resource of its own. */
function nodeRef(scenario: Scenario, refKey: string): ResourceRef | undefined {
  if (!refKey.startsWith('Node/')) return undefined;
  return scenario.refs['Topology/' + scenario.topology.name];
}
