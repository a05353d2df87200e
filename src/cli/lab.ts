// `npm run cli -- lab FILE [--step N] [--show] [--format text|json] [--lang en|zh]`: replays a guided lab
// headlessly — each step's action, then its checks with PASS/FAIL and the detail — and exits 1 when the
// lab file is invalid, a step cannot be applied or a check fails. Presets come from presets/ (io.ts).

import { readFileSync } from 'node:fs';
import { checkState, loadLabFile, replayLab, type CheckResult, type I18n, type Lab, type LabReplay, type PresetSource } from '../core/labs';
import { loadLab } from '../core/session/load';
import type { CommandSpec, Flags } from './spec';
import { InputError, listPresets } from './io';
import { installCoreEn, installCoreZh, renderMsg } from '../i18n/core';
import { CORE_EN } from '../i18n/core-en';
import { CORE_ZH } from '../i18n/core-zh';

installCoreEn(CORE_EN);
installCoreZh(CORE_ZH);

export const presetSource: PresetSource = (name) => {
  const p = listPresets().find((x) => x.name === name);
  return p ? { text: readFileSync(p.file, 'utf8'), file: `presets/${p.file.split(/[\\/]/).pop()}` } : undefined;
};

export interface LabCliResult {
  code: number;
  stdout: string;
}

const tr = (t: I18n | undefined, lang: string) => (t ? (t[lang] ?? t.en) : '');

function textReport(file: string, title: string, r: LabReplay, total: number, labLines: (i: number) => { title: string; action: string }, lang: string): string {
  const out: string[] = [`${file}: ${title}`];
  for (const e of r.start.errors) out.push(`  ERROR ${e.message}`);
  for (const s of r.steps) {
    const info = labLines(s.index);
    out.push('', `step ${s.index + 1}/${total} ${s.id}: ${info.title}`);
    out.push(`  action: ${info.action}`);
    const ch = s.change;
    const changed = [...ch.added.map((x) => `+${x}`), ...ch.updated.map((x) => `~${x}`), ...ch.removed.map((x) => `-${x}`)];
    if (changed.length) out.push(`  changed: ${changed.join(' ')}`);
    for (const e of s.errors) out.push(`  ERROR ${e.message}`);
    for (const sh of s.shown) {
      out.push(`  $ ${sh.command}${sh.node ? `   (on ${sh.node})` : sh.pod ? `   (in ${sh.pod})` : ''}`);
      if (sh.error) out.push(`    error: ${sh.error}`);
      else out.push(...sh.output.replace(/\n$/, '').split('\n').map((l) => `    ${l}`));
    }
    for (const c of s.checks) {
      // --lang zh: the detail in Chinese where the check gave a message id (tool text inside stays as printed)
      const detail = lang === 'zh' && c.msg ? renderMsg('zh-CN', c.msg) : c.detail;
      out.push(`  ${c.ok ? 'PASS' : 'FAIL'} ${c.kind.padEnd(10)} ${c.id}: ${detail}${c.ok ? '' : `  [${file}:${c.line}]`}`);
    }
  }
  out.push('', `${r.passed + r.failed} checks: ${r.passed} passed, ${r.failed} failed`);
  return out.join('\n') + '\n';
}

/** The whole `lab` command as a function: what to print and the exit status. */
export function runLabCli(file: string | undefined, flags: Flags): LabCliResult {
  if (!file) throw new InputError('name a lab file: npm run cli -- lab labs/NAME.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const format = typeof flags.format === 'string' ? flags.format : 'text';
  if (format !== 'text' && format !== 'json') throw new InputError(`--format must be text or json (got "${format}")`);
  const lang = typeof flags.lang === 'string' ? flags.lang : 'en';
  const loaded = loadLabFile(text, file);
  if (!loaded.lab) {
    if (format === 'json') return { code: 1, stdout: JSON.stringify({ file, errors: loaded.errors.map((e) => ({ code: e.code, message: e.message, loc: e.loc })) }, null, 2) + '\n' };
    return { code: 1, stdout: loaded.errors.map((e) => `ERROR ${e.message}`).join('\n') + '\n' };
  }
  const lab = loaded.lab;
  if (typeof flags.check === 'string') return checkCli(file, lab, flags.check, flags, format, lang);
  let only: number | undefined;
  if (flags.step !== undefined) {
    const s = String(flags.step);
    if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > lab.steps.length) throw new InputError(`--step must be 1 to ${lab.steps.length} (got "${s}")`);
    only = Number(s) - 1;
  }
  const r = replayLab(lab, presetSource, { only, show: flags.show === true });
  const failed = r.failed > 0 || r.start.errors.length > 0 || r.steps.some((s) => s.errors.length > 0);
  if (format === 'json') {
    const json = {
      file,
      name: lab.name,
      title: lab.title,
      start: { errors: r.start.errors.map((e) => ({ code: e.code, message: e.message, loc: e.loc })), warnings: [...loaded.warnings, ...r.start.warnings] },
      steps: r.steps.map((s) => ({ index: s.index + 1, id: s.id, errors: s.errors.map((e) => ({ code: e.code, message: e.message, loc: e.loc })), change: s.change, checks: s.checks.map(({ msg: _msg, ...c }) => c), shown: s.shown })),
      passed: r.passed,
      failed: r.failed,
      ok: !failed,
    };
    return { code: failed ? 1 : 0, stdout: JSON.stringify(json, null, 2) + '\n' };
  }
  const describeActions = (i: number) => {
    const ex = lab.steps[i].exercise;
    if (ex) return `exercise: the learner's turn (replayed with its reference solution, ${ex.solution.length} command${ex.solution.length === 1 ? '' : 's'})`;
    const acts = lab.steps[i].actions;
    if (!acts.length) return '(observe only)';
    return acts
      .map((a) => {
        switch (a.type) {
          case 'apply':
            return `apply (${a.source.text.split(/^---\s*$/m).filter((d) => d.trim()).length} document(s))`;
          case 'delete':
            return `delete ${a.refs.map((x) => `${x.kind}/${x.namespace ? `${x.namespace}/` : ''}${x.name}`).join(', ')}`;
          case 'label':
            return `label node ${a.node} ${a.key}${a.value === null ? '-' : `=${a.value}`}`;
          case 'patch':
            return `patch ${a.target.kind}/${a.target.name} ${a.path}=${JSON.stringify(a.value)}`;
          case 'set':
            return `set ${a.path}=${JSON.stringify(a.value)}`;
        }
      })
      .join('; ');
  };
  const start = lab.start.preset ? `preset ${lab.start.preset}` : 'inline scenario';
  const stdout = textReport(file, `${tr(lab.title, lang)} (${lab.name}; starts from ${start})`, r, lab.steps.length, (i) => ({ title: tr(lab.steps[i].title, lang), action: describeActions(i) }), lang);
  return { code: failed ? 1 : 0, stdout };
}

/** `--step N` (1-based) or `--step ID`; without it, the lab's last exercise step (its final goal). */
function exerciseIndex(lab: Lab, step: unknown): number {
  if (step !== undefined) {
    const s = String(step);
    const byId = lab.steps.findIndex((x) => x.id === s);
    if (byId >= 0) return byId;
    if (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= lab.steps.length) return Number(s) - 1;
    throw new InputError(`--step: no step ${JSON.stringify(s)} (steps: ${lab.steps.map((x, i) => `${i + 1} ${x.id}`).join(', ')})`);
  }
  for (let i = lab.steps.length - 1; i >= 0; i--) if (lab.steps[i].exercise) return i;
  throw new InputError(`${lab.file} has no exercise step (mode: exercise); name the step to check with --step`);
}

/** `lab LAB --check STATE.yaml [--step ID]`: a learner's saved cluster against one step's checks. */
function checkCli(file: string, lab: Lab, stateFile: string, flags: Flags, format: string, lang: string): LabCliResult {
  const i = exerciseIndex(lab, flags.step);
  let text: string;
  try {
    text = readFileSync(stateFile, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${stateFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const loaded = loadLab(text, stateFile);
  if (!loaded.state || loaded.errors.length) throw new InputError(loaded.errors.map((e) => e.message).join('\n') || `${stateFile}: could not be loaded`);
  const step = lab.steps[i];
  const checks: CheckResult[] = checkState(lab, i, loaded.state);
  const passed = checks.filter((c) => c.ok).length;
  const ok = passed === checks.length;
  if (format === 'json') {
    const json = { file, state: stateFile, step: { index: i + 1, id: step.id, exercise: !!step.exercise }, checks, passed, failed: checks.length - passed, ok };
    return { code: ok ? 0 : 1, stdout: JSON.stringify(json, null, 2) + '\n' };
  }
  const out = [`${file}: step ${i + 1}/${lab.steps.length} ${step.id}${step.exercise ? ' (exercise)' : ''}: ${tr(step.title, lang)}`, `  state: ${stateFile}`];
  // a learner reads the feedback (what is still wrong), not the detail (which can hold the answer)
  for (const c of checks) out.push(`  ${c.ok ? 'PASS' : 'FAIL'} ${c.kind.padEnd(10)} ${c.id}: ${!c.ok && c.feedback ? tr(c.feedback, lang) : c.detail}`);
  out.push('', `${checks.length} checks: ${passed} passed, ${checks.length - passed} failed`);
  return { code: ok ? 0 : 1, stdout: out.join('\n') + '\n' };
}

/** Thrown after the report is written when the lab did not pass: main.ts turns it into exit status 1. */
export class LabFailed extends InputError {}

export function makeLabCommands(write: (s: string) => void = (s) => void process.stdout.write(s)): CommandSpec[] {
  return [
    {
      name: 'lab',
      args: 'FILE [--step N] [--show] [--format text|json] [--lang en|zh] [--check STATE.yaml]',
      summary: "Replay a guided lab (labs/*.yaml): each step, each check PASS/FAIL with its detail; exit 1 on a failure. --check STATE.yaml checks a learner's saved cluster against an exercise step (--step N or ID; default the last exercise) with the learner feedback",
      flags: { step: { type: 'string' }, show: { type: 'boolean' }, format: { type: 'string' }, lang: { type: 'string' }, check: { type: 'string' } },
      run: ({ positional, flags }) => {
        const r = runLabCli(positional[0], flags);
        if (r.code === 0) return r.stdout;
        // The CLI's runner keeps stdout only for commands that succeed: write the report first, then fail.
        write(r.stdout);
        throw new LabFailed(typeof flags.check === 'string' ? `${flags.check}: not every check of the step passes (see above)` : `${positional[0]}: the lab did not pass (see above)`);
      },
    },
  ];
}

export const labCommands: CommandSpec[] = makeLabCommands();
