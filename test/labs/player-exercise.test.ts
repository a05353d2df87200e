// The lab player on an exercise: Check my work reads the app's current cluster (here: the start, then the
// cluster after the learner's terminal commands), hints come one at a time, Show solution is recorded, and the
// progress persists in the given storage and exports for the teacher.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPlayer, passed } from '../../src/labs-ui/player';
import { runCommand } from '../../src/core/terminal';
import type { ClusterState } from '../../src/core/model/cluster';

function setup() {
  let current: ClusterState | undefined;
  const store = new Map<string, string>();
  const p = createPlayer({
    labText: async (n: string) => readFileSync(`labs/${n}.yaml`, 'utf8'),
    presetText: async (n: string) => readFileSync(`presets/${n}.yaml`, 'utf8'),
    onRun: (run) => void (current = run.state),
    current: () => (current ? { scenario: current.scenario, state: current } : undefined),
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
  });
  const type = (line: string) => {
    const r = runCommand(current!, { node: 'k8s-master' }, line);
    if (r.write) current = r.write.state;
    return r;
  };
  return { p, store, type, get current() { return current; } };
}

describe('lab player: exercises', () => {
  it('checks the learner’s own cluster with feedback, then goes on from it', async () => {
    const t = setup();
    const s = t.p.getState;
    await s().load('ex001-route-reflector');
    s().apply();
    s().next();
    expect(s().cur).toBe(1);
    s().checkMine();
    const first = s().results[1]!;
    expect(first.mine).toBe(true);
    expect(passed(first)).toBe(false);
    expect(first.checks.find((c) => c.id === 'mesh-off')!.feedback!.en).toContain('still on');
    s().hint();
    s().hint();
    expect(s().progress.reflector.hints).toBe(2);
    expect(s().notice!.key).toBe('labs.status.hint');
    for (const c of s().lab!.steps[1].exercise!.solution) expect(t.type(c.command).exit).toBe(0);
    s().checkMine();
    expect(passed(s().results[1])).toBe(true);
    expect(s().notice!.key).toBe('labs.status.mineAll');
    // the learner's cluster is what the lab goes on from
    expect(s().runs[2].state).toBe(t.current);
    expect(s().exportProgress()).toEqual({ lab: 'ex001-route-reflector', version: 1, steps: { reflector: { passed: true, hints: 2, solution: false, checks: 2 } } });
    expect(JSON.parse(t.store.get('cnilab.progress.v1.ex001-route-reflector')!).steps.reflector.passed).toBe(true);
  });

  it('records Show solution, and reads the stored progress back on load', async () => {
    const t = setup();
    const s = t.p.getState;
    await s().load('ex001-route-reflector');
    s().goTo(1);
    expect(s().progress.reflector?.solution ?? false).toBe(false);
    s().apply();
    expect(passed(s().results[1])).toBe(true);
    expect(s().progress.reflector.solution).toBe(true);
    const again = createPlayer({
      labText: async (n: string) => readFileSync(`labs/${n}.yaml`, 'utf8'),
      presetText: async (n: string) => readFileSync(`presets/${n}.yaml`, 'utf8'),
      storage: { getItem: (k) => t.store.get(k) ?? null, setItem: () => undefined },
    });
    await again.getState().load('ex001-route-reflector');
    expect(again.getState().progress.reflector.solution).toBe(true);
  });
});
