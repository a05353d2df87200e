// The one loader: text (or a lab's manifests) → parse → policy validation → build. Every error and warning
// goes through one locating step: a resource reference becomes file:line:field through the parser's
// locator, and for manifests joined from several files (a preset, a lab's `apply:` blocks) the line is then
// moved back to the file and line it was written on. Nothing here throws on bad input.

import type { ClusterState } from '../model/cluster';
import { LabError, type ErrorLocation } from '../model/errors';
import type { ResourceRef, Scenario } from '../model/scenario';
import { parseScenario } from '../scenario';
import { buildCluster, ResolveError } from '../resolve';
import { validatePolicies } from '../policy/validate';
import { joinManifests, relocate } from './manifests';
import type { ManifestDoc, Warning } from './types';

export interface Loaded {
  scenario?: Scenario;
  state?: ClusterState;
  errors: LabError[];
  warnings: Warning[];
}

/** Maps a line of the text being parsed back to the file and line it was written on. */
export type Origin = (line: number) => { file: string; line: number } | undefined;

/** Loads a scenario file's text. `prev` keeps allocations (pods keep their addresses across a reload). */
export function loadLab(text: string, file: string, prev?: ClusterState): Loaded {
  return load(text, file, prev);
}

/** Loads a lab's manifests (joined in order); errors point into the files the documents came from. */
export function loadManifests(docs: readonly ManifestDoc[], file: string, prev?: ClusterState): Loaded {
  const { text, origin } = joinManifests(docs);
  return load(text, file, prev, origin);
}

/** Rebuilds the state after an edit of the scenario, keeping allocations (no parse: the scenario is typed). */
export function rebuild(scenario: Scenario, prev?: ClusterState): { state?: ClusterState; error?: ResolveError } {
  try {
    return { state: buildCluster(scenario, { prev }) };
  } catch (e) {
    if (e instanceof ResolveError) return { error: e };
    throw e;
  }
}

/**
 * Parse and policy validation without building the cluster: what loading `text` would be refused for,
 * located like a load (the policy panel checks the text being typed with it).
 */
export function checkText(text: string, file: string, origin?: Origin): { scenario?: Scenario; errors: LabError[]; warnings: Warning[] } {
  const c = check(text, file, origin);
  return { ...(c.scenario ? { scenario: c.scenario } : {}), errors: c.errors, warnings: c.warnings };
}

function check(text: string, file: string, origin: Origin | undefined) {
  const parsed = parseScenario(text, file);
  const place = placer(origin);
  const warnings: Warning[] = parsed.warnings.map((w) => place.warning(w));
  if (!parsed.scenario || parsed.errors.length) return { errors: parsed.errors.map(place.error), warnings, place, at: (): ErrorLocation | undefined => undefined };
  const scenario = parsed.scenario;
  const at = (refKey: string, path: string): ErrorLocation | undefined => {
    const ref = refOf(scenario, refKey);
    return ref ? parsed.locator(ref, path) : undefined;
  };
  // policies the API server / calicoctl would refuse, whoever applies them (a file, a lab step, the terminal)
  const errors = validatePolicies(scenario).map((p) => place.error(new LabError(p.code, p.message, at(p.ref, p.path) ?? { file, line: 0, path: p.path })));
  return { scenario, errors, warnings, place, at };
}

function load(text: string, file: string, prev: ClusterState | undefined, origin?: Origin): Loaded {
  const { scenario, errors, warnings, place, at } = check(text, file, origin);
  if (!scenario) return { errors, warnings };
  if (errors.length) return { scenario, errors, warnings };
  const r = rebuild(scenario, prev);
  if (r.error) {
    const e = r.error;
    const loc = (e.ref ? at(e.ref, e.path ?? '') : undefined) ?? { file, line: 0, path: e.path ?? '' };
    return { scenario, errors: [place.error(new LabError(e.code, e.detail, loc))], warnings };
  }
  const state = r.state!;
  for (const w of state.warnings) {
    const loc = w.ref ? at(w.ref, '') : undefined;
    warnings.push(place.warning({ code: w.code, message: w.message, ...(loc ? { loc } : {}) }));
  }
  return { scenario, state, errors: [], warnings };
}

/**
 * The locating step. Without an origin a location is the parsed text's own; with one, the line moves to
 * where it was written and "line N" inside a message (the parser cites other lines: "already used by
 * node x (line 13)") moves with it.
 */
function placer(origin: Origin | undefined) {
  const loc = (l: ErrorLocation | undefined) => (origin ? relocate(l, origin) : l);
  const lines = (detail: string, at: string | undefined) =>
    origin
      ? detail.replace(/\bline (\d+)\b/g, (m, n: string) => {
          const o = origin(Number(n));
          return o ? (o.file === at ? `line ${o.line}` : `${o.file}:${o.line}`) : m;
        })
      : detail;
  return {
    error(e: LabError): LabError {
      if (!origin) return e;
      const l = loc(e.loc);
      return new LabError(e.code, lines(e.detail, l?.file), l, e.allowed);
    },
    warning(w: Warning): Warning {
      if (!origin) return w;
      const l = loc(w.loc);
      return { code: w.code, message: lines(w.message, l?.file), ...(l ? { loc: l } : {}) };
    },
  };
}

/** The resource an error names; a node may be a Topology entry rather than a resource of its own. */
function refOf(scenario: Scenario, refKey: string): ResourceRef | undefined {
  const ref = scenario.refs[refKey];
  if (ref) return ref;
  if (!refKey.startsWith('Node/')) return undefined;
  return scenario.refs['Topology/' + scenario.topology.name];
}
