// The terminal's view of the lab as an API server: the scenario as one document per resource (what the write
// commands read), and the commit of a command's actions through the session's one edit path (core/session
// apply: manifest actions, validated and rebuilt from the previous state, with a source-tagged diff) — or
// their refusal, naming the field, so that a refused command changes nothing.

import type { ClusterState } from '../model/cluster';
import type { Scenario } from '../model/scenario';
import { apply, docsOf as exportDocs } from '../session/session';
import type { Action, ManifestDoc, Outcome } from '../session/types';

export const API_FILE = 'cluster.yaml';

// the documents a write leaves are kept with the scenario built from them, so the next write edits those very
// documents (their text and order) instead of a fresh export
const docsCache = new WeakMap<Scenario, ManifestDoc[]>();

/** The scenario's resources as documents (derived resources such as the default pool are not written). */
export function docsOf(scenario: Scenario): ManifestDoc[] {
  let d = docsCache.get(scenario);
  if (!d) {
    d = exportDocs(scenario, API_FILE);
    docsCache.set(scenario, d);
  }
  return d;
}

export interface Refusal {
  /** field path inside the resource (or the scenario's own path) */
  path: string;
  detail: string;
  /** the whole message as the API server phrases it (policy validation), when there is one */
  message?: string;
}

export type Commit = { ok: true; outcome: Outcome } | { ok: false; refusal: Refusal };

/** Applies a command's actions to the lab through the session; a refusal when the cluster would not take them. */
export function commit(state: ClusterState, actions: readonly Action[]): Commit {
  const o = apply({ file: API_FILE, docs: docsOf(state.scenario), scenario: state.scenario, state }, actions);
  if (!o.ok) {
    const e = o.errors[0];
    const detail = e ? `${e.code ? `${e.code} ` : ''}${e.detail}${e.allowed ? ` (allowed: ${e.allowed})` : ''}` : 'the cluster could not be built';
    return { ok: false, refusal: { path: e?.loc?.path ?? '', detail, ...(e && / is invalid: /.test(e.detail) ? { message: e.detail } : {}) } };
  }
  if (o.docs) docsCache.set(o.session.scenario, o.docs);
  return { ok: true, outcome: o };
}
