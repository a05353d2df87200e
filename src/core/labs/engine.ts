// Playing a lab: startLab builds the start state; applyStep applies one step's action(s) to the manifests
// and rebuilds the cluster with the previous state (so pods keep their IPs, as running pods do);
// checkStep evaluates a step's checks; showStep runs its terminal commands. Every function is pure and
// returns new values: the UI keeps a LabRun per step for stepping back, the CLI replays them in order.

import { LabError, type ErrorLocation } from '../model/errors';
import { apply, openManifests } from '../session/session';
import type { Action } from '../session/types';
import { evaluateCheck, runLabCommand } from './checks';
import { applyDocs, emptyChange, mergeChanges, readManifests } from '../session/manifests';
import { checkEnglish, km } from './messages';
import type { ClusterState } from '../model/cluster';
import { runCommand as terminalRun } from '../terminal';
import { docsOf } from '../terminal/apiserver';
import type { CheckResult, Lab, LabRun, LabStep, LabWarning, ManifestDoc, ShownOutput } from './types';

/** A preset's text by name (the CLI reads presets/NAME.yaml; the app bundles them). `file` names it in errors. */
export type PresetSource = (name: string) => string | { text: string; file: string } | undefined;

function locOf(lab: Lab, line: number, path: string): ErrorLocation {
  return { file: lab.file, line, path };
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
  const o = openManifests(docs, lab.file);
  const s = o.session;
  return { lab, at: -1, docs, ...(s ? { scenario: s.scenario, state: s.state } : {}), errors: o.errors, warnings: o.warnings, change: o.diff };
}


/** A step's action as a session action; its errors are located at the action in the lab file. */
function actionOf(a: LabStep['actions'][number], lab: Lab): Action {
  const loc = locOf(lab, a.srcLine, a.srcPath);
  const source = 'lab-step' as const;
  switch (a.type) {
    case 'apply':
      return { kind: 'manifests', text: a.source, source };
    case 'delete':
      return { kind: 'delete', refs: a.refs, loc, source };
    case 'label':
      return { kind: 'label', node: a.node, key: a.key, value: a.value, loc, source };
    case 'patch':
      return { kind: 'patch', target: a.target, path: a.path, value: a.value, loc, source };
    case 'set':
      return { kind: 'set', path: a.path, value: a.value, loc, source };
  }
}

/** Applies step i's actions (0-based) to the run and rebuilds; the pods keep their addresses. An exercise step
 *  performs nothing: the learner does it (playSolution plays the reference solution instead). */
export function applyStep(run: LabRun, i: number): LabRun {
  const step = run.lab.steps[i];
  if (!step) {
    return { ...run, errors: [new LabError('E707', `step ${i + 1} does not exist (the lab has ${run.lab.steps.length} steps)`, locOf(run.lab, 0, 'spec.steps'))] };
  }
  if (step.exercise) return { ...run, at: i, change: emptyChange() };
  if (step.actions.length === 0) return { ...run, at: i, change: emptyChange() };
  const o = apply({ file: run.lab.file, docs: run.docs, state: run.state }, step.actions.map((a) => actionOf(a, run.lab)));
  // an action that cannot be carried out leaves the manifests; one whose result does not build keeps them
  if (!o.ok && !o.docs) return { ...run, at: i, errors: o.errors, change: emptyChange() };
  if (!o.ok) return { ...run, at: i, docs: o.docs!, errors: o.errors, warnings: o.warnings, change: o.diff };
  return { lab: run.lab, at: i, docs: o.docs!, scenario: o.session.scenario, state: o.session.state, errors: [], warnings: o.warnings, change: o.diff };
}

/** The node a solution command without `node:` is typed on: the Topology's first node. */
export function solutionNode(run: LabRun): string | undefined {
  return run.state?.scenario.topology.nodes[0]?.name;
}

/**
 * Plays step i's reference solution on the run (the "show me" mode): each command through the terminal, as a
 * learner would type it, each write admitted and rebuilt from the previous state. A failing command stops the
 * play with E708 naming it and its output.
 */
export function playSolution(run: LabRun, i: number): LabRun {
  const step = run.lab.steps[i];
  if (!step?.exercise) return applyStep(run, i);
  let cur: LabRun = { ...run, at: i, change: emptyChange() };
  for (const [n, c] of step.exercise.solution.entries()) {
    if (!cur.state) break;
    const node = c.node ?? solutionNode(cur);
    const r = terminalRun(cur.state, { node: node ?? '' }, c.command, { files: cur.files ?? {} });
    if (r.exit !== 0) {
      const first = c.command.split('\n')[0];
      return { ...cur, errors: [new LabError('E708', `solution command ${n + 1} (${first}) failed on ${node}: ${r.out.trim()}`, locOf(run.lab, c.line, `spec.steps[${i}].solution[${n}]`))] };
    }
    if (r.files) cur = { ...cur, files: r.files };
    if (r.write) {
      cur = { ...cur, docs: docsOf(r.write.scenario), scenario: r.write.scenario, state: r.write.state, warnings: r.write.state.warnings.map((w) => ({ code: w.code, message: w.message })), change: mergeChanges(cur.change, r.write.diff) };
    }
  }
  return cur;
}

const withFeedback = (r: CheckResult, c: LabStep['checks'][number]): CheckResult => (!r.ok && c.feedback ? { ...r, feedback: c.feedback } : r);

/** The outcome of step i's checks on the run (normally the run right after applyStep(run, i)). */
export function checkStep(run: LabRun, i: number): CheckResult[] {
  const step = run.lab.steps[i];
  if (!step) return [];
  return step.checks.map((c) => {
    if (run.errors.length || !run.state) {
      const why = run.errors[0]?.message ?? 'the cluster could not be built';
      const msg = km('check.notEvaluated', { why });
      return withFeedback({ id: c.id, kind: c.kind, ok: false, detail: checkEnglish(msg), msg, line: c.line }, c);
    }
    return withFeedback(evaluateCheck(run.state, c), c);
  });
}

/** Step i's checks against a learner's own cluster (the app's current state, a saved scenario): Check my work. */
export function checkState(lab: Lab, i: number, state: ClusterState): CheckResult[] {
  const step = lab.steps[i];
  if (!step) return [];
  return step.checks.map((c) => withFeedback(evaluateCheck(state, c), c));
}

/** Step i's terminal commands and their output on the run. */
export function showStep(run: LabRun, i: number): ShownOutput[] {
  const step = run.lab.steps[i];
  if (!step) return [];
  return step.show.map((s) => {
    const base = { ...(s.node ? { node: s.node } : {}), ...(s.pod ? { pod: s.pod } : {}), command: s.command, line: s.line };
    if (run.errors.length || !run.state) return { ...base, output: '', error: `not run: ${run.errors[0]?.message ?? 'the cluster could not be built'}` };
    const r = runLabCommand(run.state, { node: s.node, pod: s.pod }, s.command, s.during);
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
    // headless, an exercise plays its reference solution: the replay checks that the solution passes
    run = lab.steps[i].exercise ? playSolution(run, i) : applyStep(run, i);
    if (opts.only !== undefined && i !== opts.only) continue;
    const checks = checkStep(run, i);
    out.passed += checks.filter((c) => c.ok).length;
    out.failed += checks.filter((c) => !c.ok).length;
    out.steps.push({ index: i, id: lab.steps[i].id, errors: run.errors, change: run.change, checks, shown: opts.show ? showStep(run, i) : [] });
  }
  return out;
}
