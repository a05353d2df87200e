// Exercise steps ("your turn"): the format (mode: exercise, symptom, hints, solution, per-check feedback), the
// engine (the step performs nothing; Check my work evaluates the learner's own state; "show me" plays the
// reference solution), and the CLI: each labs/exercises/NAME.solution.sh is the lab's solution, and replaying
// it command by command through `cli sh --save` leaves a state that `cli lab --check` passes.

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyStep, checkState, checkStep, loadLabFile, playSolution, startLab, type Lab } from '../../src/core/labs';
import { splitScript } from '../../src/core/terminal/shell';
import { scenarioToYaml } from '../../src/core/scenario';
import { presetSource, runLabCli } from '../../src/cli/lab';
import { runCli } from '../../src/cli/main';
import { makeShCommands } from '../../src/cli/sh';

const LABS = join(__dirname, '../../labs');

const base = (step: string) => `apiVersion: cnilab/v1
kind: Lab
metadata: {name: t}
spec:
  title: {en: T, zh: T}
  summary: {en: S, zh: S}
  start: {preset: seed001-no-encap}
  steps:
${step}`;

const EXERCISE = `    - id: off
      mode: exercise
      title: {en: Mesh off, zh: 关闭 mesh}
      do: {en: Turn the mesh off., zh: 关闭 mesh。}
      symptom: {en: Too many sessions., zh: 会话太多。}
      hints:
        - {en: It is a BGPConfiguration., zh: 这是 BGPConfiguration。}
        - {en: nodeToNodeMeshEnabled., zh: nodeToNodeMeshEnabled。}
      solution:
        - |
          calicoctl apply -f - <<EOF
          apiVersion: projectcalico.org/v3
          kind: BGPConfiguration
          metadata: {name: default}
          spec: {nodeToNodeMeshEnabled: false}
          EOF
      checks:
        - sessions: {node: k8s-master, count: 0}
          feedback: {en: k8s-master still has BGP sessions., zh: k8s-master 仍有 BGP 会话。}
`;

describe('exercise steps in the lab format', () => {
  it('reads mode: exercise with its symptom, hints, solution and check feedback', () => {
    const l = loadLabFile(base(EXERCISE), 't.yaml');
    expect(l.errors.map((e) => e.message)).toEqual([]);
    expect(l.warnings).toEqual([]);
    const step = l.lab!.steps[0];
    expect(step.actions).toEqual([]);
    expect(step.exercise!.symptom).toEqual({ en: 'Too many sessions.', zh: '会话太多。' });
    expect(step.exercise!.hints.map((h) => h.en)).toEqual(['It is a BGPConfiguration.', 'nodeToNodeMeshEnabled.']);
    expect(step.exercise!.solution).toHaveLength(1);
    expect(step.exercise!.solution[0].command.split('\n')[0]).toBe('calicoctl apply -f - <<EOF');
    expect(step.exercise!.solution[0].command.endsWith('EOF')).toBe(true);
    expect(step.checks[0].feedback).toEqual({ en: 'k8s-master still has BGP sessions.', zh: 'k8s-master 仍有 BGP 会话。' });
  });

  it('refuses an exercise that acts, lacks a solution, or exercise fields on a demo step', () => {
    const acting = loadLabFile(base(EXERCISE.replace('      checks:', '      action: {label: {node: k8s-node2, key: a, value: "b"}}\n      checks:')), 't.yaml');
    expect(acting.errors.map((e) => `${e.code} ${e.loc?.path}`)).toEqual(['E608 spec.steps[0].action']);
    const noSolution = loadLabFile(base(EXERCISE.replace(/      solution:[\s\S]*?\n          EOF\n/, '')), 't.yaml');
    expect(noSolution.errors.map((e) => e.code)).toEqual(['E603']);
    const demo = loadLabFile(base(EXERCISE.replace('      mode: exercise\n', '')), 't.yaml');
    expect(demo.errors.map((e) => `${e.code} ${e.loc?.path}`)).toEqual(['E608 spec.steps[0].symptom']);
    const badMode = loadLabFile(base(EXERCISE.replace('mode: exercise', 'mode: exam')), 't.yaml');
    expect(badMode.errors.map((e) => e.code)).toEqual(['E605']);
  });

  it('warns (W603) about an exercise check without learner feedback', () => {
    const l = loadLabFile(base(EXERCISE.replace(/          feedback:.*\n/, '')), 't.yaml');
    expect(l.errors).toEqual([]);
    expect(l.warnings.map((w) => w.code)).toEqual(['W603']);
  });
});

describe('exercise steps in the engine', () => {
  const lab = loadLabFile(base(EXERCISE), 't.yaml').lab!;
  const start = startLab(lab, presetSource);

  it('performs nothing: the checks fail with the learner feedback, not the detail', () => {
    const run = applyStep(start, 0);
    expect(run.state).toBe(start.state);
    const [c] = checkStep(run, 0);
    expect(c.ok).toBe(false);
    expect(c.feedback?.en).toBe('k8s-master still has BGP sessions.');
  });

  it('plays the reference solution (show me), after which the checks pass and the feedback is gone', () => {
    const run = playSolution(start, 0);
    expect(run.errors).toEqual([]);
    expect(run.change.added).toEqual(['BGPConfiguration/default']);
    expect(checkStep(run, 0).map((c) => [c.ok, c.feedback])).toEqual([[true, undefined]]);
    expect(checkState(lab, 0, run.state!)[0].ok).toBe(true);
    expect(checkState(lab, 0, start.state!)[0].ok).toBe(false);
  });

  it('names a solution command that fails (E708)', () => {
    const broken = loadLabFile(base(EXERCISE.replace('kind: BGPConfiguration', 'kind: BGPConfig')), 't.yaml').lab!;
    const run = playSolution(startLab(broken, presetSource), 0);
    expect(run.errors.map((e) => e.code)).toEqual(['E708']);
    expect(run.errors[0].message).toContain('Unknown resource type (BGPConfig)');
  });
});

/** The exercise labs: every labs/*.yaml with a mode: exercise step. */
const exerciseLabs = readdirSync(LABS)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: f, lab: loadLabFile(readFileSync(join(LABS, f), 'utf8'), `labs/${f}`).lab }))
  .filter((x): x is { file: string; lab: Lab } => !!x.lab && x.lab.steps.some((s) => s.exercise));

describe('exercise labs and their committed solutions', () => {
  it('cover every seed', () => {
    const names = exerciseLabs.map((x) => x.lab.name);
    // seed 003 (the autodetection fix) is the gym-first-found exercise; its readiness-probe symptom (calico-node
    // 0/1, "felix is not ready") is gym-calico-node-crashloop's
    for (const name of ['ex000-ipip-to-bgp', 'ex001-route-reflector', 'ex002-flannel-backend', 'ex002-network-policy', 'gym-first-found', 'gym-calico-node-crashloop', 'ex004-choose-nic']) expect(names).toContain(name);
  });

  for (const { file, lab } of exerciseLabs) {
    const name = file.replace(/\.yaml$/, '');
    const solutionFile = join(LABS, 'exercises', `${name}.solution.sh`);

    it(`${name}: the solution file holds the lab's solution commands`, () => {
      expect(existsSync(solutionFile)).toBe(true);
      const lines = lab.steps.flatMap((s) => (s.exercise ? s.exercise.solution.map((c) => c.command) : []));
      expect(splitScript(readFileSync(solutionFile, 'utf8'))).toEqual(lines);
    });

    it(`${name}: replayed through cli sh, the learner's state passes cli lab --check`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'cnilab-ex-'));
      const state = join(dir, 'state.yaml');
      let run = startLab(lab, presetSource);
      expect(run.errors).toEqual([]);
      writeFileSync(state, scenarioToYaml(run.scenario!));
      for (const [i, step] of lab.steps.entries()) {
        if (!step.exercise) {
          // the lab's own steps happen on the learner's cluster too
          if (step.actions.length) throw new Error(`${name}: demo step ${step.id} acts; exercise labs keep their actions in start.apply`);
          continue;
        }
        const before = runLabCli(join(LABS, file), { check: state, step: step.id });
        expect(before.code, `${step.id} passes before the learner did anything`).toBe(1);
        for (const c of step.exercise.solution) {
          const node = c.node ?? run.state!.scenario.topology.nodes[0].name;
          const r = runCli(['sh', state, '--node', node, '--save', state, '--', c.command]);
          expect(r.stderr, c.command).toBe('');
        }
        const after = runCli(['lab', join(LABS, file), '--check', state, '--step', step.id]);
        expect(after.stdout).not.toContain('FAIL');
        expect(after.code).toBe(0);
        run = playSolution(run, i);
      }
    });
  }
});

describe('cli sh', () => {
  it('reads -f - from standard input and saves the scenario after the command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnilab-sh-'));
    const out = join(dir, 'after.yaml');
    const [sh] = makeShCommands(
      () => undefined,
      () => 'apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata:\n  name: default\nspec:\n  nodeToNodeMeshEnabled: false\n',
    );
    const printed = sh.run({ positional: ['calicoctl apply -f -'], flags: { preset: 'seed001-no-encap', node: 'k8s-master', save: out } });
    expect(printed).toBe("Successfully applied 1 'BGPConfiguration' resource(s)\n");
    expect(readFileSync(out, 'utf8')).toContain('nodeToNodeMeshEnabled: false');
    const status = runCli(['sh', out, '--node', 'k8s-master', '--', 'calicoctl node status']);
    expect(status.stdout).toContain('No IPv4 peers found.');
  });

  it('prints a failing command as the terminal does and exits 1', () => {
    const lines: string[] = [];
    const [sh] = makeShCommands((s) => void lines.push(s), () => '');
    expect(() => sh.run({ positional: ['kubectl label node k8s-node9 a=b'], flags: { preset: 'seed001-no-encap', node: 'k8s-master' } })).toThrow('the command exited with status 1');
    expect(lines).toEqual(['Error from server (NotFound): nodes "k8s-node9" not found\n']);
    const r = runCli(['sh', '--preset', 'seed001-no-encap', '--node', 'k8s-master']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('name the command after --');
  });
});
