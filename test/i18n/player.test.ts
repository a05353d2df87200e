// The lab player store over the real lab files (node fs instead of the bundle).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPlayer, passed } from '../../src/labs-ui/player';

const deps = (shown: string[] = []) => ({
  labText: async (n: string) => readFileSync(`labs/${n}.yaml`, 'utf8'),
  presetText: async (n: string) => readFileSync(`presets/${n}.yaml`, 'utf8'),
  onRun: (_r: unknown, label: string) => void shown.push(label),
});

describe('lab player', () => {
  it('plays ipip-vs-bgp: apply, checks pass, next, previous', async () => {
    const shown: string[] = [];
    const p = createPlayer(deps(shown));
    expect(await p.getState().load('ipip-vs-bgp')).toBe(true);
    const s = p.getState;
    expect(s().lab!.steps.length).toBe(5);
    s().apply();
    expect(passed(s().results[0])).toBe(true);
    expect(s().results[0]!.shown[0].output).toContain('Kernel IP routing table');
    s().next();
    expect(s().cur).toBe(1);
    s().prev();
    expect(s().cur).toBe(0);
    expect(shown).toEqual(['lab ipip-vs-bgp', 'lab step 1', 'lab step 2', 'lab step 1']);
  });

  it('refuses to go past an unapplied step once, then goes on (applying it)', async () => {
    const p = createPlayer(deps());
    await p.getState().load('ipip-vs-bgp');
    p.getState().next();
    expect(p.getState().cur).toBe(0);
    expect(p.getState().notice!.key).toBe('labs.status.blockedUnapplied');
    p.getState().next();
    expect(p.getState().cur).toBe(1);
    expect(passed(p.getState().results[0])).toBe(true);
  });

  it('goTo applies every step up to k; every check of labs 1, 3, 7 passes', async () => {
    for (const name of ['ipip-vs-bgp', 'mesh-to-rr', 'policy']) {
      const p = createPlayer(deps());
      await p.getState().load(name);
      const n = p.getState().lab!.steps.length;
      p.getState().goTo(n - 1);
      expect(p.getState().cur).toBe(n - 1);
      for (let i = 0; i < n; i++) expect(passed(p.getState().results[i]), `${name} step ${i + 1}`).toBe(true);
    }
  });

  it('an unknown lab reports a start error', async () => {
    const p = createPlayer(deps());
    expect(await p.getState().load('nope')).toBe(false);
    expect(p.getState().startError).toMatch(/ENOENT|nope/);
  });
});
