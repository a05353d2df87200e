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

export interface StepResult {
  checks: CheckResult[];
  shown: ShownOutput[];
  errors: string[];
  change: LabRun['change'];
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

  load(name: string): Promise<boolean>;
  apply(): void;
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
}

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

    return {
      name: '',
      loading: false,
      runs: [],
      results: [],
      cur: 0,
      insist: null,

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
          set({ lab, loading: false, runs: [run], results: [], cur: 0, notice: notice('labs.status.loaded', { total: lab.steps.length }, lab.title) });
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
        show(run, `lab step ${s.cur + 1}`);
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
        if (!r) applyAt(runs, results, i);
        set({ runs, results, cur: i + 1, insist: null, notice: notice('labs.status.moved', { n: i + 2, total: s.lab.steps.length }, s.lab.steps[i + 1].title) });
        show(runs[i + 1], `lab step ${i + 2}`);
      },

      prev() {
        const s = get();
        if (!s.lab || s.cur === 0) return;
        const i = s.cur - 1;
        set({ cur: i, insist: null, notice: notice('labs.status.moved', { n: i + 1, total: s.lab.steps.length }, s.lab.steps[i].title) });
        show(s.results[i] ? s.runs[i + 1] : s.runs[i], `lab step ${i + 1}`);
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
      },
    };
  });
}
