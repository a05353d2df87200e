import { describe, expect, it } from 'vitest';
import { createBigLabStore } from './bigLab';
import { decodeEdits, editsValue } from './bigEdits';
import { bigHash } from '../ui/bigUrl';
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

  it('opened with the edits of its address: they are its steps, Undo goes back through them, and the address writes them again', async () => {
    const f = fakeClient();
    const steps = [
      { kind: 'encap' as const, encap: 'ipip' as const, mode: 'Never' as const },
      { kind: 'actions' as const, label: 'kubectl label node node-2 zone=b', actions: [], run: { target: { node: 'node-1' }, line: 'kubectl label node node-2 zone=b' } },
    ];
    const store = createBigLabStore({ yaml: 'y', file: 'shared.yaml', view: view('eth0'), link: 'LINK', steps, editsPacket: { protocol: 'udp' }, error: 'the shared link\'s edit 3 no longer applies' }, f.client);
    const s = store.getState();
    expect(s.recipe.steps).toEqual(steps);
    expect(s.past.map((r) => r.steps.length)).toEqual([0, 1]);
    expect(s.packet).toMatchObject({ from: 'default/a', to: 'default/b', protocol: 'udp' });
    expect(s.basePacket.protocol).toBe('icmp');
    expect(s.error).toBe('the shared link\'s edit 3 no longer applies');
    // the address: the link, then the steps as the user made them and the packet that differs from the link's
    const hash = bigHash(s);
    expect(hash.startsWith('#s=LINK&edits=')).toBe(true);
    expect(decodeEdits(editsValue(hash)!)).toEqual({ steps: [{ encap: 'ipip', mode: 'Never' }, { run: { node: 'node-1' }, line: 'kubectl label node node-2 zone=b' }], packet: { from: 'default/a', to: 'default/b', protocol: 'udp' } });
    const u = s.undo();
    expect((f.calls[0].req as Extract<Body<Request>, { kind: 'open' }>).recipe.steps).toEqual([steps[0]]);
    // the address follows the lab asked for at once (a reload while it builds keeps the undo)
    expect(decodeEdits(editsValue(bigHash(store.getState()))!).steps).toEqual([{ encap: 'ipip', mode: 'Never' }]);
    f.answer(0, { kind: 'view', view: view('tunl0') });
    await u;
    // nothing changed since the link: its address is the link alone
    const fresh = createBigLabStore({ yaml: 'y', file: 'shared.yaml', view: view('tunl0'), link: 'LINK' }, fakeClient().client);
    expect(bigHash(fresh.getState())).toBe('#s=LINK');
  });
});
