// Playing a lab: startLab builds the start state; applyStep applies one step's action(s) to the manifests
// and rebuilds the cluster with the previous state (so pods keep their IPs, as running pods do);
// checkStep evaluates a step's checks; showStep runs its terminal commands. Every function is pure and
// returns new values: the UI keeps a LabRun per step for stepping back, the CLI replays them in order.

import { LabError, type ErrorLocation } from '../model/errors';
import type { ClusterState } from '../model/cluster';
import type { ResourceRef, Scenario } from '../model/scenario';
import { parseScenario } from '../scenario';
import { rebuild } from '../lab';
import { evaluateCheck } from './checks';
import { applyDocs, deleteDocs, emptyChange, joinManifests, labelNode, mergeChanges, patchDoc, readManifests, relocate, setField, type EditResult } from './manifests';
import { runCommand } from './terminal';
import type { CheckResult, Lab, LabRun, LabStep, LabWarning, ManifestDoc, ShownOutput } from './types';

/** A preset's text by name (the CLI reads presets/NAME.yaml; the app bundles them). `file` names it in errors. */
export type PresetSource = (name: string) => string | { text: string; file: string } | undefined;

function locOf(lab: Lab, line: number, path: string): ErrorLocation {
  return { file: lab.file, line, path };
}

/** Parses the joined manifests and resolves them; every error is located in its source file. */
function build(lab: Lab, docs: ManifestDoc[], prev: ClusterState | undefined): { scenario?: Scenario; state?: ClusterState; errors: LabError[]; warnings: LabWarning[] } {
  const { text, origin } = joinManifests(docs);
  const parsed = parseScenario(text, lab.file);
  // the scenario's messages cite other lines of its file ("already used by node x (line 13)"): cite them
  // where they are written
  const lines = (detail: string, file: string | undefined) =>
    detail.replace(/\bline (\d+)\b/g, (m, n: string) => {
      const o = origin(Number(n));
      return o ? (o.file === file ? `line ${o.line}` : `${o.file}:${o.line}`) : m;
    });
  const move = (e: LabError) => {
    const loc = relocate(e.loc, origin);
    return new LabError(e.code, lines(e.detail, loc?.file), loc, e.allowed);
  };
  const warnings = parsed.warnings.map((w) => {
    const loc = relocate(w.loc, origin);
    return { code: w.code, message: lines(w.message, loc?.file), ...(loc ? { loc } : {}) };
  });
  if (!parsed.scenario || parsed.errors.length) return { errors: parsed.errors.map(move), warnings };
  const scenario = parsed.scenario;
  const r = rebuild(scenario, prev);
  if (r.error) {
    const e = r.error;
    const ref: ResourceRef | undefined = e.ref ? (scenario.refs[e.ref] ?? (e.ref.startsWith('Node/') ? scenario.refs[`Topology/${scenario.topology.name}`] : undefined)) : undefined;
    const loc = ref ? relocate(parsed.locator(ref, e.path ?? ''), origin) : { file: lab.file, line: 0, path: e.path ?? '' };
    return { scenario, errors: [new LabError(e.code, e.detail, loc)], warnings };
  }
  const state = r.state!;
  for (const w of state.warnings) warnings.push({ code: w.code, message: w.message });
  return { scenario, state, errors: [], warnings };
}

export function startLab(lab: Lab, presets: PresetSource): LabRun {
  const empty: LabRun = { lab, at: -1, docs: [], errors: [], warnings: [], change: emptyChange() };
  let docs: ManifestDoc[];
  if (lab.start.preset !== undefined) {
    const p = presets(lab.start.preset);
    if (p === undefined) return { ...empty, errors: [new LabError('E701', `unknown preset ${JSON.stringify(lab.start.preset)}`, locOf(lab, 0, 'spec.start.preset'))] };
    const src = typeof p === 'string' ? { text: p, file: `presets/${lab.start.preset}.yaml` } : p;
    const r = readManifests({ text: src.text, file: src.file, line: 1, path: '' });
    if (r.errors.length) return { ...empty, errors: r.errors };
    docs = r.docs;
  } else {
    const r = readManifests(lab.start.scenario!);
    if (r.errors.length) return { ...empty, errors: r.errors };
    docs = r.docs;
  }
  if (lab.start.apply) {
    const r = readManifests(lab.start.apply);
    if (r.errors.length) return { ...empty, docs, errors: r.errors };
    docs = applyDocs(docs, r.docs).docs;
  }
  const b = build(lab, docs, undefined);
  return { lab, at: -1, docs, ...(b.scenario ? { scenario: b.scenario } : {}), ...(b.state ? { state: b.state } : {}), errors: b.errors, warnings: b.warnings, change: { added: docs.map((d) => d.label), updated: [], removed: [] } };
}

function applyAction(docs: ManifestDoc[], a: LabStep['actions'][number], lab: Lab): EditResult {
  const loc = locOf(lab, a.srcLine, a.srcPath);
  switch (a.type) {
    case 'apply': {
      const r = readManifests(a.source);
      if (r.errors.length) return { docs, change: emptyChange(), errors: r.errors };
      return applyDocs(docs, r.docs);
    }
    case 'delete':
      return deleteDocs(docs, a.refs, loc);
    case 'label':
      return labelNode(docs, a.node, a.key, a.value, loc);
    case 'patch':
      return patchDoc(docs, a.target, a.path, a.value, loc);
    case 'set':
      return setField(docs, a.path, a.value, loc);
  }
}

/** Applies step i's actions (0-based) to the run and rebuilds; the pods keep their addresses. */
export function applyStep(run: LabRun, i: number): LabRun {
  const step = run.lab.steps[i];
  if (!step) {
    return { ...run, errors: [new LabError('E707', `step ${i + 1} does not exist (the lab has ${run.lab.steps.length} steps)`, locOf(run.lab, 0, 'spec.steps'))] };
  }
  let docs = run.docs;
  let change = emptyChange();
  for (const a of step.actions) {
    const r = applyAction(docs, a, run.lab);
    if (r.errors.length) return { ...run, at: i, errors: r.errors, change: emptyChange() };
    docs = r.docs;
    change = mergeChanges(change, r.change);
  }
  if (step.actions.length === 0) return { ...run, at: i, change };
  const b = build(run.lab, docs, run.state);
  if (b.errors.length) return { ...run, at: i, docs, errors: b.errors, warnings: b.warnings, change };
  return { lab: run.lab, at: i, docs, scenario: b.scenario, state: b.state, errors: [], warnings: b.warnings, change };
}

/** The outcome of step i's checks on the run (normally the run right after applyStep(run, i)). */
export function checkStep(run: LabRun, i: number): CheckResult[] {
  const step = run.lab.steps[i];
  if (!step) return [];
  return step.checks.map((c) => {
    if (run.errors.length || !run.state) {
      const why = run.errors[0]?.message ?? 'the cluster could not be built';
      return { id: c.id, kind: c.kind, ok: false, detail: `not evaluated: ${why}`, line: c.line };
    }
    return evaluateCheck(run.state, c);
  });
}

/** Step i's terminal commands and their output on the run. */
export function showStep(run: LabRun, i: number): ShownOutput[] {
  const step = run.lab.steps[i];
  if (!step) return [];
  return step.show.map((s) => {
    const base = { ...(s.node ? { node: s.node } : {}), ...(s.pod ? { pod: s.pod } : {}), command: s.command, line: s.line };
    if (run.errors.length || !run.state) return { ...base, output: '', error: `not run: ${run.errors[0]?.message ?? 'the cluster could not be built'}` };
    const r = runCommand(run.state, { node: s.node, pod: s.pod }, s.command, s.during);
    return { ...base, output: r.output, ...(r.error ? { error: r.error } : {}) };
  });
}

export interface StepReport {
  index: number;
  id: string;
  /** errors of the step's action (the checks then fail as not evaluated) */
  errors: LabError[];
  change: LabRun['change'];
  checks: CheckResult[];
  shown: ShownOutput[];
}

export interface LabReplay {
  start: { errors: LabError[]; warnings: LabWarning[] };
  steps: StepReport[];
  passed: number;
  failed: number;
}

/**
 * Plays the lab from the start: each step's actions, then its checks. `only` (0-based) reports just that
 * step (the earlier actions are still applied, in order); `show` runs the steps' terminal commands.
 */
export function replayLab(lab: Lab, presets: PresetSource, opts: { only?: number; show?: boolean } = {}): LabReplay {
  let run = startLab(lab, presets);
  const out: LabReplay = { start: { errors: run.errors, warnings: run.warnings }, steps: [], passed: 0, failed: 0 };
  const last = opts.only ?? lab.steps.length - 1;
  for (let i = 0; i <= last && i < lab.steps.length; i++) {
    run = applyStep(run, i);
    if (opts.only !== undefined && i !== opts.only) continue;
    const checks = checkStep(run, i);
    out.passed += checks.filter((c) => c.ok).length;
    out.failed += checks.filter((c) => !c.ok).length;
    out.steps.push({ index: i, id: lab.steps[i].id, errors: run.errors, change: run.change, checks, shown: opts.show ? showStep(run, i) : [] });
  }
  return out;
}
