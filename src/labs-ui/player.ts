// The lab player: a vanilla zustand store (one per lab instance) over core/labs. It keeps one LabRun per
// step — runs[k] is the lab after steps 1..k were applied — so stepping back picks an earlier value and
// never undoes. It computes nothing itself: applyStep / checkStep / showStep do, and the run it shows is
// handed to `onRun`, which installs it into the app's lab store (the topology and panels follow).

import { createStore, type StoreApi } from 'zustand/vanilla';
import type * as Labs from '../core/labs';
import type { CheckResult, I18n, Lab, LabRun, ShownOutput } from '../core/labs';

// The labs engine (and, through its checks, the walk, wire and policy code) loads when a lab is first opened,
// not with the app: every action below needs a loaded lab, and load() waits for the engine.
let labs: typeof Labs | undefined;
const labsReady = (): Promise<typeof Labs> => import('../core/labs').then((m) => (labs = m));
import type { MessageKey } from '../i18n';
import type { ClusterState } from '../core/model/cluster';
import type { Scenario } from '../core/model/scenario';
import { docsOf } from '../core/terminal/apiserver';

export interface StepResult {
  checks: CheckResult[];
  shown: ShownOutput[];
  errors: string[];
  change: LabRun['change'];
  /** the checks ran on the learner's own cluster (Check my work), not on a played step */
  mine?: boolean;
}

/** What a teacher gets back: per step, whether it passed, how many hints were read, whether the solution was shown. */
export interface StepProgress {
  passed: boolean;
  hints: number;
  solution: boolean;
  /** times Check my work was pressed */
  checks: number;
}
export interface Progress {
  lab: string;
  version: 1;
  steps: Record<string, StepProgress>;
}

export interface Notice {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** a lab text to fill {title} with, in the language shown */
  title?: I18n;
  /** bumps on every notice, so the same text is announced again */
  seq: number;
}

export interface PlayerState {
  name: string;
  lab?: Lab;
  loading: boolean;
  startError?: string;
  runs: LabRun[];
  results: (StepResult | undefined)[];
  /** the current step (0-based) */
  cur: number;
  /** the step whose Next press was refused once: the next press goes on anyway */
  insist: number | null;
  notice?: Notice;
  /** per step id: the learner's record (exercises), kept in the browser */
  progress: Record<string, StepProgress>;

  load(name: string): Promise<boolean>;
  /** on an exercise: plays the reference solution ("show me"), recorded as solution shown */
  apply(): void;
  /** on an exercise: evaluates its checks on the app's current cluster */
  checkMine(): void;
  /** reveals the next hint of the current exercise */
  hint(): void;
  /** the progress file for the teacher */
  exportProgress(): Progress;
  next(): void;
  prev(): void;
  /** shows step k (0-based) with steps 0..k applied */
  goTo(k: number): void;
}

export type PlayerStore = StoreApi<PlayerState>;

export interface PlayerDeps {
  /** a lab file's text by name (labs/NAME.yaml) */
  labText(name: string): Promise<string>;
  /** a preset's text by name */
  presetText(name: string): Promise<string>;
  /** the run to show on the canvas changed */
  onRun?(run: LabRun, label: string): void;
  /** the app's cluster as the learner left it (Check my work reads it) */
  current?(): { scenario: Scenario; state: ClusterState } | undefined;
  /** where progress persists (localStorage in the app) */
  storage?: { getItem(k: string): string | null; setItem(k: string, v: string): void };
  /** after onRun: the step whose result that run shows (undefined: none applied yet), and whether it was
   *  just applied (then its packet and its convergence play) */
  onStep?(run: LabRun, step: number | undefined, play: boolean): void;
}

const PROGRESS_KEY = (lab: string) => `cnilab.progress.v1.${lab}`;
const emptyProgress = (): StepProgress => ({ passed: false, hints: 0, solution: false, checks: 0 });

export const passed = (r: StepResult | undefined) => !!r && r.errors.length === 0 && r.checks.every((c) => c.ok);

export function createPlayer(deps: PlayerDeps): PlayerStore {
  let seq = 0;
  return createStore<PlayerState>()((set, get) => {
    const notice = (key: MessageKey, params?: Record<string, string | number>, title?: I18n): Notice => ({ key, params, ...(title ? { title } : {}), seq: ++seq });
    const show = (run: LabRun, label: string) => {
      if (run.state && run.scenario) deps.onRun?.(run, label);
    };
    /** applies step i on runs[i] (already present) and records its result */
    const applyAt = (runs: LabRun[], results: (StepResult | undefined)[], i: number) => {
      const { applyStep, checkStep, playSolution, showStep } = labs!;
      // applying an exercise step is "show me": its reference solution is played, as a presenter would type it
      const run = runs[i].lab.steps[i]?.exercise ? playSolution(runs[i], i) : applyStep(runs[i], i);
      runs[i + 1] = run;
      // later runs were built on the old runs[i + 1]: rebuild them when asked
      runs.length = i + 2;
      results[i] = { checks: checkStep(run, i), shown: showStep(run, i), errors: run.errors.map((e) => e.message), change: run.change };
      results.length = i + 1;
      return run;
    };
    const stepNotice = (i: number, r: StepResult): Notice => {
      if (r.errors.length) return notice('labs.status.error', { error: r.errors[0] });
      const ok = r.checks.filter((c) => c.ok).length;
      if (!r.checks.length) return notice('labs.status.noChecks', { n: i + 1 });
      if (ok === r.checks.length) return notice('labs.status.allPass', { n: i + 1, total: r.checks.length });
      return notice('labs.status.applied', { n: i + 1, passed: ok, total: r.checks.length });
    };

    const readProgress = (name: string): Record<string, StepProgress> => {
      try {
        const raw = deps.storage?.getItem(PROGRESS_KEY(name));
        const p = raw ? (JSON.parse(raw) as Progress) : undefined;
        return p && p.version === 1 && typeof p.steps === 'object' ? p.steps : {};
      } catch {
        return {};
      }
    };
    /** updates the current step's record and persists it */
    const record = (edit: (p: StepProgress) => StepProgress) => {
      const s = get();
      const id = s.lab?.steps[s.cur]?.id;
      if (!id) return;
      const progress = { ...s.progress, [id]: edit(s.progress[id] ?? emptyProgress()) };
      set({ progress });
      try {
        deps.storage?.setItem(PROGRESS_KEY(s.name), JSON.stringify({ lab: s.name, version: 1, steps: progress } satisfies Progress));
      } catch {
        // storage full or blocked: progress still shows for this visit
      }
    };

    return {
      name: '',
      loading: false,
      runs: [],
      results: [],
      cur: 0,
      insist: null,
      progress: {},

      async load(name) {
        set({ name, loading: true, lab: undefined, startError: undefined, runs: [], results: [], cur: 0, insist: null });
        let text: string;
        let lab: Lab | undefined;
        try {
          const { loadLabFile, startLab } = await labsReady();
          text = await deps.labText(name);
          const l = loadLabFile(text, `labs/${name}.yaml`);
          if (!l.lab) throw new Error(l.errors.map((e) => e.message).join('; '));
          lab = l.lab;
          const presetName = lab.start.preset;
          const preset = presetName !== undefined ? await deps.presetText(presetName).catch(() => undefined) : undefined;
          const run = startLab(lab, (n) => (n === presetName && preset !== undefined ? { text: preset, file: `presets/${n}.yaml` } : undefined));
          if (run.errors.length || !run.state) throw new Error(run.errors.map((e) => e.message).join('; ') || 'no cluster');
          if (get().name !== name) return false;
          set({ lab, loading: false, runs: [run], results: [], cur: 0, progress: readProgress(name), notice: notice('labs.status.loaded', { total: lab.steps.length }, lab.title) });
          show(run, `lab ${name}`);
          return true;
        } catch (e) {
          if (get().name === name) set({ loading: false, lab, startError: (e as Error).message });
          return false;
        }
      },

      apply() {
        const s = get();
        if (!s.lab || !s.runs[s.cur]) return;
        const runs = [...s.runs];
        const results = [...s.results];
        const run = applyAt(runs, results, s.cur);
        const r = results[s.cur]!;
        set({ runs, results, insist: null, notice: stepNotice(s.cur, r) });
        if (s.lab.steps[s.cur].exercise) record((p) => ({ ...p, solution: true }));
        show(run, `lab step ${s.cur + 1}`);
        deps.onStep?.(run, s.cur, true);
      },

      checkMine() {
        const s = get();
        const step = s.lab?.steps[s.cur];
        const mine = deps.current?.();
        if (!s.lab || !step || !mine || !s.runs[s.cur] || !labs) return;
        const checks = labs.checkState(s.lab, s.cur, mine.state);
        const runs = [...s.runs];
        const results = [...s.results];
        // the learner's cluster is where the lab goes on from: the next step starts on it
        runs[s.cur + 1] = { ...runs[s.cur], at: s.cur, scenario: mine.scenario, state: mine.state, docs: docsOf(mine.scenario), errors: [], change: { added: [], updated: [], removed: [] } };
        runs.length = s.cur + 2;
        results[s.cur] = { checks, shown: [], errors: [], change: { added: [], updated: [], removed: [] }, mine: true };
        results.length = s.cur + 1;
        const ok = checks.filter((c) => c.ok).length;
        set({ runs, results, insist: null, notice: notice(ok === checks.length ? 'labs.status.mineAll' : 'labs.status.mine', { passed: ok, total: checks.length }) });
        record((p) => ({ ...p, checks: p.checks + 1, passed: p.passed || ok === checks.length }));
      },

      hint() {
        const s = get();
        const step = s.lab?.steps[s.cur];
        if (!step?.exercise) return;
        const shown = s.progress[step.id]?.hints ?? 0;
        if (shown >= step.exercise.hints.length) return;
        record((p) => ({ ...p, hints: shown + 1 }));
        set({ notice: notice('labs.status.hint', { n: shown + 1, total: step.exercise.hints.length }) });
      },

      exportProgress() {
        const s = get();
        return { lab: s.name, version: 1, steps: s.progress };
      },

      next() {
        const s = get();
        if (!s.lab) return;
        const i = s.cur;
        if (i >= s.lab.steps.length - 1) {
          set({ notice: notice('labs.status.done') });
          return;
        }
        const r = s.results[i];
        if (!passed(r) && s.insist !== i) {
          set({ insist: i, notice: notice(r ? 'labs.status.blocked' : 'labs.status.blockedUnapplied', { n: i + 1 }) });
          return;
        }
        const runs = [...s.runs];
        const results = [...s.results];
        // later steps assume this one's action: going on applies it
        // a learner who goes on past a failed exercise gets the reference solution's cluster to go on from
        if (!r || (r.mine && !passed(r))) {
          applyAt(runs, results, i);
          if (s.lab.steps[i].exercise) record((p) => ({ ...p, solution: true }));
        }
        set({ runs, results, cur: i + 1, insist: null, notice: notice('labs.status.moved', { n: i + 2, total: s.lab.steps.length }, s.lab.steps[i + 1].title) });
        show(runs[i + 1], `lab step ${i + 2}`);
      },

      prev() {
        const s = get();
        if (!s.lab || s.cur === 0) return;
        const i = s.cur - 1;
        set({ cur: i, insist: null, notice: notice('labs.status.moved', { n: i + 1, total: s.lab.steps.length }, s.lab.steps[i].title) });
        show(s.results[i] ? s.runs[i + 1] : s.runs[i], `lab step ${i + 1}`);
        if (s.results[i]) deps.onStep?.(s.runs[i + 1], i, false);
      },

      goTo(k) {
        const s = get();
        if (!s.lab || !s.runs[0]) return;
        const last = Math.max(0, Math.min(s.lab.steps.length - 1, k));
        const runs = [...s.runs];
        const results = [...s.results];
        for (let i = 0; i <= last; i++) if (!results[i] || !runs[i + 1]) applyAt(runs, results, i);
        set({ runs, results, cur: last, insist: null, notice: stepNotice(last, results[last]!) });
        show(runs[last + 1], `lab step ${last + 1}`);
        deps.onStep?.(runs[last + 1], last, true);
      },
    };
  });
}
