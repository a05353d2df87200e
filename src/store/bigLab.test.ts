import { describe, expect, it } from 'vitest';
import { createBigLabStore } from './bigLab';
import type { Answer, LabWorkerClient } from '../worker/client';
import type { BigView, Request } from '../worker/protocol';

type Body<T> = T extends unknown ? Omit<T, 'id' | 'gen'> : never;

const view = (routes: string): BigView => ({
  model: { cni: 'calico', networks: [], nodes: [], routers: [], sessions: [], hiddenSessions: 0, bgpRunning: true },
  name: 'big',
  cni: 'calico',
  nodes: ['node-1', 'node-2'],
  pods: 2,
  pools: [{ name: 'p', cidr: '10.128.0.0/12', blockSize: 26, ipipMode: 'Always', vxlanMode: 'Never' }],
  groups: [],
  warnings: [],
  routes: { 'node-1': routes },
  samplePods: ['default/a', 'default/b'],
});

/** A client whose calls the test answers; terminate and supersede behave as the real one's do. */
function fakeClient() {
  const calls: { req: Body<Request>; resolve(a: Answer): void; done: boolean }[] = [];
  let terminated = 0;
  const settleAll = () => calls.filter((c) => !c.done).forEach((c) => ((c.done = true), c.resolve({ kind: 'superseded' })));
  const client: LabWorkerClient = {
    call: (req) => new Promise<Answer>((resolve) => calls.push({ req, resolve, done: false })),
    supersede: () => (settleAll(), 0),
    terminate: () => (terminated++, settleAll()),
  };
  const answer = (i: number, a: Answer) => {
    calls[i].done = true;
    calls[i].resolve(a);
  };
  return { client, calls, answer, terminated: () => terminated };
}

describe('the page store of a big lab', () => {
  it('a second change while the first builds abandons that build and builds both; undo goes back through them', async () => {
    const f = fakeClient();
    const store = createBigLabStore({ yaml: 'y', file: 'shared.yaml', view: view('tunl0') }, f.client);
    expect(store.getState().packet).toMatchObject({ from: 'default/a', to: 'default/b', protocol: 'icmp' });
    const first = store.getState().setEncap('ipip', 'Never');
    expect(store.getState().want).toEqual({ ipip: 'Never' });
    const second = store.getState().setEncap('vxlan', 'Always');
    // the first build was terminated mid-way; the second recipe carries both steps
    expect(f.terminated()).toBe(1);
    await first;
    const req = f.calls[1].req as Extract<Body<Request>, { kind: 'open' }>;
    expect(req.recipe.steps).toEqual([
      { kind: 'encap', encap: 'ipip', mode: 'Never' },
      { kind: 'encap', encap: 'vxlan', mode: 'Always' },
    ]);
    expect(store.getState().view.routes['node-1']).toBe('tunl0');
    f.answer(1, { kind: 'view', view: view('vxlan.calico') });
    await second;
    const s = store.getState();
    expect(s.routes['node-1']).toBe('vxlan.calico');
    expect(s.recipe).toBe(s.target);
    expect(s.want).toBeUndefined();
    expect(s.past.map((r) => r.steps.length)).toEqual([0, 1]);
    // undo: the intermediate lab (IPIP Never only), built on request
    const u = s.undo();
    expect((f.calls[2].req as Extract<Body<Request>, { kind: 'open' }>).recipe.steps).toEqual([{ kind: 'encap', encap: 'ipip', mode: 'Never' }]);
    f.answer(2, { kind: 'view', view: view('eth0') });
    await u;
    expect(store.getState().routes['node-1']).toBe('eth0');
    expect(store.getState().future.map((r) => r.steps.length)).toEqual([2]);
  });

  it('a refused change keeps the lab and its history, and says why', async () => {
    const f = fakeClient();
    const store = createBigLabStore({ yaml: 'y', file: 'shared.yaml', view: view('tunl0') }, f.client);
    const p = store.getState().setEncap('ipip', 'Never');
    f.answer(0, { kind: 'failed', message: 'ipipMode: Never: E999 no' });
    await p;
    const s = store.getState();
    expect(s.error).toBe('ipipMode: Never: E999 no');
    expect(s.past).toEqual([]);
    expect(s.target).toBe(s.recipe);
    expect(s.want).toBeUndefined();
    expect(s.routes['node-1']).toBe('tunl0');
  });
});
