// The one edit path. Every change of a lab — a toggle, a fault, a policy, undo/redo, a lab step's manifest
// action, an import, a terminal write command — is an Action applied here; the result is the new session
// and a diff {added, updated, removed} of resource identities tagged with who asked. A failed change
// returns the session it was given (the last good lab stays) and located errors.
//
// A load replaces the lab (everything in the file is added). Otherwise two kinds of action, one outcome: typed edits change the Scenario and rebuild (no parse: the scenario
// is already typed; allocations are kept); manifest actions edit the documents the lab holds (its "API
// server") and go through the one loader, so a lab step or `calicoctl apply -f` is validated exactly as a
// file load is.

import type { ClusterState } from '../model/cluster';
import { LabError } from '../model/errors';
import type { Scenario } from '../model/scenario';
import { scenarioToYaml } from '../scenario/toYaml';
import { diffScenarios } from './diff';
import { loadLab, loadManifests, rebuild } from './load';
import { applyDocs, deleteDocs, emptyChange, labelNode, mergeChanges, patchDoc, readManifests, setField, type EditResult } from './manifests';
import type { Action, ChangeSource, Diff, ManifestDoc, Outcome, Session, Warning } from './types';

/** What a manifest action needs: the documents (or a scenario to write them from) and the state to keep. */
export interface Base {
  file: string;
  docs?: ManifestDoc[];
  scenario?: Scenario;
  state?: ClusterState;
  warnings?: Warning[];
}

export interface Opened {
  session?: Session;
  errors: LabError[];
  warnings: Warning[];
  /** everything the file holds, as added */
  diff: Diff;
}

/** Opens a scenario file (a preset, an import, a shared link). */
export function openText(text: string, file: string): Opened {
  const r = loadLab(text, file);
  if (r.errors.length || !r.scenario || !r.state) return { errors: r.errors, warnings: r.warnings, diff: emptyChange() };
  const session: Session = { file, scenario: r.scenario, state: r.state, warnings: r.warnings };
  return { session, errors: [], warnings: r.warnings, diff: diffScenarios(undefined, r.scenario) };
}

/** Opens a lab's manifests (a guided lab's start); errors point into the files they came from. */
export function openManifests(docs: ManifestDoc[], file: string, prev?: ClusterState): Opened {
  const r = loadManifests(docs, file, prev);
  const diff = { added: docs.map((d) => d.label), updated: [], removed: [] };
  if (r.errors.length || !r.scenario || !r.state) return { errors: r.errors, warnings: r.warnings, diff };
  return { session: { file, scenario: r.scenario, state: r.state, warnings: r.warnings, docs }, errors: [], warnings: r.warnings, diff };
}

/** The session a guided lab's run shows (undefined when its start did not build). */
export function sessionOfRun(run: { lab: { file: string }; docs: ManifestDoc[]; scenario?: Scenario; state?: ClusterState; warnings: Warning[] }): Session | undefined {
  return run.scenario && run.state ? { file: run.lab.file, scenario: run.scenario, state: run.state, warnings: run.warnings, docs: run.docs } : undefined;
}


/** A short label of an action, for undo/redo and the status line. */
export function labelOf(a: Action): string {
  switch (a.kind) {
    case 'load':
      return `load ${a.file}`;
    case 'edit':
      return a.edit.label;
    case 'scenario':
      return a.label;
    case 'manifests':
      return a.label ?? 'apply';
    case 'delete':
      return a.label ?? `delete ${a.refs.map((r) => `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`).join(', ')}`;
    case 'label':
      return a.label ?? `label node ${a.node} ${a.value === null ? `${a.key}-` : `${a.key}=${a.value}`}`;
    case 'patch':
      return a.label ?? `patch ${a.target.kind}/${a.target.name} ${a.path}`;
    case 'set':
      return a.label ?? `set ${a.path}`;
  }
}

const isTyped = (a: Action): a is Extract<Action, { kind: 'edit' | 'scenario' }> => a.kind === 'edit' || a.kind === 'scenario';

/**
 * Applies one action, or several as one change (a lab step's actions: one rebuild, one merged diff).
 * Typed and manifest actions are not mixed in one call.
 */
export function apply(base: Session | Base, action: Action | readonly Action[]): Outcome {
  const actions = Array.isArray(action) ? (action as readonly Action[]) : [action as Action];
  const first = actions[0];
  const source: ChangeSource = first?.source ?? 'ui';
  const label = actions.map(labelOf).join(' + ');
  const failed = (errors: LabError[], extra: Partial<Outcome> = {}): Outcome => ({ session: base as Session, ok: false, label, source, diff: emptyChange(), errors, warnings: [], ...extra });
  if (!first) return { session: base as Session, ok: true, label, source, diff: emptyChange(), errors: [], warnings: base.warnings ?? [] };
  if (first.kind === 'load') {
    if (actions.length > 1) return failed([new LabError('', 'a load replaces the lab: apply it alone')]);
    const o = openText(first.text, first.file);
    if (!o.session) return failed(o.errors, { warnings: o.warnings });
    return { session: o.session, ok: true, label, source, diff: o.diff, errors: [], warnings: o.warnings };
  }
  if (actions.every(isTyped)) return applyTyped(base, actions, label, source, failed);
  if (actions.some((a) => isTyped(a) || a.kind === 'load')) return failed([new LabError('', 'typed edits, loads and manifest actions are applied separately')]);

  let docs = base.docs ?? (base.scenario ? docsOf(base.scenario, base.file) : []);
  let diff = emptyChange();
  for (const a of actions as readonly ManifestAction[]) {
    const r = manifestEdit(docs, a);
    if (r.errors.length) return failed(r.errors);
    docs = r.docs;
    diff = mergeChanges(diff, r.change);
  }
  const b = loadManifests(docs, base.file, base.state);
  if (b.errors.length || !b.scenario || !b.state) return failed(b.errors, { diff, docs, warnings: b.warnings });
  return { session: { file: base.file, scenario: b.scenario, state: b.state, warnings: b.warnings, docs }, ok: true, label, source, diff, errors: [], docs, warnings: b.warnings };
}

function applyTyped(base: Session | Base, actions: readonly Extract<Action, { kind: 'edit' | 'scenario' }>[], label: string, source: ChangeSource, failed: (e: LabError[]) => Outcome): Outcome {
  if (!base.scenario) return failed([new LabError('', 'there is no lab to edit')]);
  let next = base.scenario;
  let fresh = false;
  for (const a of actions) {
    if (a.kind === 'scenario') {
      next = a.scenario;
      fresh = !!a.fresh;
      continue;
    }
    try {
      next = a.edit.apply(next);
    } catch (e) {
      return failed([asError(e)]);
    }
  }
  const r = rebuild(next, fresh ? undefined : base.state);
  if (!r.state) return failed([new LabError(r.error!.code, r.error!.detail)]);
  const warnings = r.state.warnings.map((w) => ({ code: w.code, message: w.message }));
  const session: Session = { file: base.file, scenario: next, state: r.state, warnings };
  return { session, ok: true, label, source, diff: diffScenarios(base.scenario, next), errors: [], warnings };
}

function asError(e: unknown): LabError {
  if (e instanceof LabError) return e;
  if (e && typeof e === 'object' && 'code' in e && 'detail' in e) return new LabError(String((e as { code: unknown }).code), String((e as { detail: unknown }).detail));
  return new LabError('', e instanceof Error ? e.message : String(e));
}

type ManifestAction = Exclude<Action, { kind: 'edit' | 'scenario' | 'load' }>;

function manifestEdit(docs: ManifestDoc[], a: ManifestAction): EditResult {
  switch (a.kind) {
    case 'manifests': {
      let incoming = a.docs ?? [];
      if (a.text) {
        const r = readManifests(a.text);
        if (r.errors.length) return { docs, change: emptyChange(), errors: r.errors };
        incoming = [...incoming, ...r.docs];
      }
      return applyDocs(docs, incoming);
    }
    case 'delete':
      return deleteDocs(docs, a.refs, a.loc);
    case 'label':
      return labelNode(docs, a.node, a.key, a.value, a.loc);
    case 'patch':
      return patchDoc(docs, a.target, a.path, a.value, a.loc);
    case 'set':
      return setField(docs, a.path, a.value, a.loc);
  }
}

/** The manifests of a typed scenario, written out as an export would (a manifest action after a toggle). */
export function docsOf(scenario: Scenario, file: string): ManifestDoc[] {
  return readManifests({ text: scenarioToYaml(scenario), file, line: 1, path: '' }).docs;
}
