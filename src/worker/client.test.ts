import { describe, expect, it, vi } from 'vitest';
import { createLabWorkerClient } from './client';
import type { Reply, Request } from './protocol';

/** A stand-in worker the test answers by hand: it records what it got and whether it was terminated. */
class FakeWorker {
  static made: FakeWorker[] = [];
  got: Request[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<Reply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(m: Request) {
    this.got.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  answer(m: Reply) {
    this.onmessage?.({ data: m } as MessageEvent<Reply>);
  }
}

const fresh = () => {
  FakeWorker.made = [];
  return createLabWorkerClient(() => new FakeWorker() as unknown as Worker);
};
const recipe = { yaml: 'y', file: 'f', steps: [] };

describe('the page side of the lab worker', () => {
  it('starts the worker on first use and matches answers to calls; progress goes to the caller', async () => {
    const c = fresh();
    expect(FakeWorker.made).toHaveLength(0);
    const stages: string[] = [];
    const p = c.call({ kind: 'routes', recipe, nodes: ['a'] }, { progress: (s) => stages.push(s) });
    const w = FakeWorker.made[0];
    const { id, gen } = w.got[0];
    w.answer({ id, gen, kind: 'progress', stage: 'build' });
    w.answer({ id, gen, kind: 'routes', routes: { a: 'table' } });
    expect(await p).toEqual({ kind: 'routes', routes: { a: 'table' } });
    expect(stages).toEqual(['build']);
  });

  it('drops the answer of a superseded generation: a newer edit wins even if the older answer comes later', async () => {
    const c = fresh();
    const older = c.call({ kind: 'open', recipe, show: [] });
    c.supersede();
    const newer = c.call({ kind: 'open', recipe: { ...recipe, steps: [{ kind: 'encap', encap: 'ipip', mode: 'Never' }] }, show: [] });
    const w = FakeWorker.made[0];
    expect(await older).toEqual({ kind: 'superseded' });
    const [a, b] = w.got;
    expect(b.gen).toBe(a.gen + 1);
    // the worker still answers the old one first; it reaches nobody
    w.answer({ id: a.id, gen: a.gen, kind: 'failed', message: 'old' });
    w.answer({ id: b.id, gen: b.gen, kind: 'failed', message: 'new' });
    expect(await newer).toEqual({ kind: 'failed', message: 'new' });
  });

  it('terminate abandons a build mid-way: pending calls end as superseded and the next call starts a new worker', async () => {
    const c = fresh();
    const p = c.call({ kind: 'open', recipe, show: [] });
    c.terminate();
    expect(FakeWorker.made[0].terminated).toBe(true);
    expect(await p).toEqual({ kind: 'superseded' });
    void c.call({ kind: 'open', recipe, show: [] });
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1].got.map((m) => m.kind)).toEqual(['open']);
  });

  it('a call past its deadline fails with the given text and stops the worker (a link that inflates forever)', async () => {
    vi.useFakeTimers();
    try {
      const c = fresh();
      const p = c.call({ kind: 'open-link', hash: '#s=x' }, { deadlineMs: 20_000, timeoutText: 'it did not open within 20 s' });
      vi.advanceTimersByTime(20_000);
      expect(await p).toEqual({ kind: 'failed', message: 'it did not open within 20 s' });
      expect(FakeWorker.made[0].terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a worker that dies fails every pending call with the reason', async () => {
    const c = fresh();
    const p = c.call({ kind: 'open-link', hash: '#s=x' });
    FakeWorker.made[0].onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    expect(await p).toEqual({ kind: 'failed', message: 'the background worker stopped (out of memory)' });
  });
});
