import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLabStore, stepsOf } from './labStore';

const text = readFileSync('presets/seed000-ipip.yaml', 'utf8');
const mk = (autoplay?: boolean) => createLabStore({ text, fileName: 'presets/seed000-ipip.yaml', presetName: 'seed000-ipip', ...(autoplay === undefined ? {} : { autoplay }) });

describe('Send and autoplay', () => {
  it('plays the walk from hop 1 as soon as it is sent', async () => {
    const s = mk();
    s.getState().setCursor(3);
    await s.getState().send();
    expect(stepsOf(s.getState().walk).length).toBeGreaterThan(1);
    expect(s.getState().playing).toBe(true);
    expect(s.getState().cursor).toBe(0);
  });

  it('with autoplay off, Send stops at hop 1 until Play', async () => {
    const s = mk(false);
    await s.getState().send();
    expect(s.getState().playing).toBe(false);
    s.getState().setAutoplay(true);
    await s.getState().send();
    expect(s.getState().playing).toBe(true);
  });

  it('a second pick in the picture sends and plays too', async () => {
    const s = mk();
    await s.getState().send();
    const [a, b] = [s.getState().state.pods[0], s.getState().state.pods[6]];
    s.getState().pick(`${a.namespace}/${a.name}`);
    expect(s.getState().playing).toBe(false);
    s.getState().pick(`${b.namespace}/${b.name}`);
    expect(s.getState().playing).toBe(true);
  });
});
