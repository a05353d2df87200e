// The page's side of the lab worker. One worker per page, started on first use (its code is its own chunk,
// outside the first load). Each call gets an id and the current generation; `supersede()` starts a new
// generation, so the answer of a load or edit that a newer one replaced is dropped rather than shown. A call
// that runs past its deadline, or is abandoned, terminates the worker — the only way to stop a synchronous
// build mid-way — and the next call starts a fresh one.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Reply, Request, Stage } from './protocol';

/** What the worker is doing for a page, for its progress line (ui/Busy.tsx). */
export interface BusyState {
  /** undefined: idle */
  stage?: Stage;
  /** performance.now() when the work began */
  since: number;
}
export type BusyStore = StoreApi<BusyState>;
export const createBusyStore = (): BusyStore => createStore<BusyState>()(() => ({ since: 0 }));

type Final = Exclude<Reply, { kind: 'progress' }>;
type Body<T> = T extends unknown ? Omit<T, 'id' | 'gen'> : never;
export type Answer = Body<Final> | { kind: 'superseded' };

interface Pending {
  gen: number;
  resolve(a: Answer): void;
  progress?: (stage: Stage) => void;
  timer?: ReturnType<typeof setTimeout>;
}

export interface LabWorkerClient {
  /** sends one request; resolves with its answer, `superseded` when a newer generation began, or `failed`
   *  with `timeoutText` when it ran past `deadlineMs` (the worker is then restarted) */
  call(req: Body<Request>, opts?: { progress?: (stage: Stage) => void; deadlineMs?: number; timeoutText?: string }): Promise<Answer>;
  /** starts a new generation: pending calls of older ones resolve as superseded */
  supersede(): number;
  /** stops the worker now (pending calls resolve as superseded) */
  terminate(): void;
}

export function createLabWorkerClient(start: () => Worker = defaultWorker): LabWorkerClient {
  let worker: Worker | undefined;
  let nextId = 1;
  let gen = 0;
  const pending = new Map<number, Pending>();

  const settle = (id: number, a: Answer) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (p.timer !== undefined) clearTimeout(p.timer);
    p.resolve(a);
  };
  const stop = () => {
    worker?.terminate();
    worker = undefined;
    for (const id of [...pending.keys()]) settle(id, { kind: 'superseded' });
  };
  const ensure = (): Worker => {
    if (worker) return worker;
    const w = start();
    w.onmessage = (e: MessageEvent<Reply>) => {
      const m = e.data;
      const p = pending.get(m.id);
      if (!p) return;
      if (m.gen !== gen) return settle(m.id, { kind: 'superseded' });
      if (m.kind === 'progress') return p.progress?.(m.stage);
      const { id: _id, gen: _gen, ...body } = m;
      settle(m.id, body as Answer);
    };
    w.onerror = (e) => {
      // a worker that fails to start or dies: every pending call fails with the reason, the next starts anew
      e.preventDefault?.();
      const message = `the background worker stopped (${e.message || 'it could not start'})`;
      worker?.terminate();
      worker = undefined;
      for (const id of [...pending.keys()]) settle(id, { kind: 'failed', message });
    };
    worker = w;
    return w;
  };

  return {
    call(req, opts = {}) {
      const id = nextId++;
      const msg = { ...req, id, gen } as Request;
      return new Promise<Answer>((resolve) => {
        const p: Pending = { gen, resolve, ...(opts.progress ? { progress: opts.progress } : {}) };
        pending.set(id, p);
        if (opts.deadlineMs !== undefined) {
          p.timer = setTimeout(() => {
            settle(id, { kind: 'failed', message: opts.timeoutText ?? `it did not finish within ${Math.round(opts.deadlineMs! / 1000)} s` });
            stop();
          }, opts.deadlineMs);
        }
        ensure().postMessage(msg);
      });
    },
    supersede() {
      gen++;
      for (const [id, p] of [...pending]) if (p.gen !== gen) settle(id, { kind: 'superseded' });
      return gen;
    },
    terminate: stop,
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('./labWorker.ts', import.meta.url), { type: 'module', name: 'cni-lab' });
}
