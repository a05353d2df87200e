import { describe, expect, it } from 'vitest';
import { createBigLabStore } from './bigLab';
import { createBigPanelsStore } from './bigPanels';
import type { Answer, LabWorkerClient } from '../worker/client';
import type { BigView, Request } from '../worker/protocol';

type Body<T> = T extends unknown ? Omit<T, 'id' | 'gen'> : never;
type PanelReq = Extract<Body<Request>, { kind: 'panel' }>;

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

function fakeClient() {
  const calls: { req: Body<Request>; resolve(a: Answer): void; done: boolean }[] = [];
  const settleAll = () => calls.filter((c) => !c.done).forEach((c) => ((c.done = true), c.resolve({ kind: 'superseded' })));
  const client: LabWorkerClient = {
    call: (req) => new Promise<Answer>((resolve) => calls.push({ req, resolve, done: false })),
    supersede: () => (settleAll(), 0),
    terminate: () => settleAll(),
  };
  const answer = async (i: number, a: Answer) => {
    calls[i].done = true;
    calls[i].resolve(a);
    // let the store's awaits run
    for (let k = 0; k < 5; k++) await Promise.resolve();
  };
  return { client, calls, answer };
}

const explain = (text: string): Answer => ({ kind: 'panel', answer: { panel: 'explain', text }, ms: 3 });

function setup() {
  const f = fakeClient();
  const lab = createBigLabStore({ yaml: 'y', file: 'shared.yaml', view: view('tunl0') }, f.client);
  const panels = createBigPanelsStore(lab);
  return { f, lab, panels };
}

describe('the big-lab page’s panels', () => {
  it('a newer question supersedes: one in the worker at a time, the latest waits, the ones between are never sent', async () => {
    const { f, panels } = setup();
    void panels.getState().ask({ panel: 'explain', from: 'a', to: 'b', probe: 'TCP/80' });
    void panels.getState().ask({ panel: 'explain', from: 'a', to: 'c', probe: 'TCP/80' });
    void panels.getState().ask({ panel: 'explain', from: 'a', to: 'd', probe: 'TCP/80' });
    expect(f.calls).toHaveLength(1);
    // the panel's progress line runs while its question is in the worker (shown after 300 ms, ui/Busy)
    expect(panels.getState().busy.explain.getState().stage).toBe('work');
    expect(panels.getState().busy.bgp.getState().stage).toBeUndefined();
    // the newest question shows at once
    expect(panels.getState().explain.ask).toMatchObject({ to: 'd' });
    // the first answer is dropped: the newest is asked next (a → c never goes to the worker)
    await f.answer(0, explain('a→b'));
    expect(panels.getState().explain.answer).toBeUndefined();
    expect(f.calls).toHaveLength(2);
    expect((f.calls[1].req as PanelReq).ask).toMatchObject({ to: 'd' });
    await f.answer(1, explain('a→d'));
    expect(panels.getState().explain).toMatchObject({ answer: 'a→d', ms: 3 });
    expect(panels.getState().busy.explain.getState().stage).toBeUndefined();
    // another panel is not held up by this one
    void panels.getState().ask({ panel: 'bgp', node: 'node-2' });
    expect((f.calls[2].req as PanelReq).ask).toEqual({ panel: 'bgp', node: 'node-2' });
  });

  it('a refusal is the panel’s error; the question and the lab’s recipe go with every request', async () => {
    const { f, lab, panels } = setup();
    void panels.getState().ask({ panel: 'matrix', probe: 'TCP/80' });
    expect((f.calls[0].req as PanelReq).recipe).toBe(lab.getState().target);
    await f.answer(0, { kind: 'failed', message: 'E123 the matrix would hold …' });
    expect(panels.getState().matrix).toEqual({ ask: { panel: 'matrix', probe: 'TCP/80' }, error: 'E123 the matrix would hold …' });
  });

  it('an answer for a lab an edit replaced is asked again for the new lab, and a panel re-asks when the lab changes', async () => {
    const { f, lab, panels } = setup();
    void panels.getState().ask({ panel: 'explain', from: 'a', to: 'b', probe: 'TCP/80' });
    // an edit: the lab store supersedes pending calls (the fake settles them as superseded)
    const edit = lab.getState().setEncap('ipip', 'Never');
    for (let k = 0; k < 5; k++) await Promise.resolve();
    const open = f.calls.findIndex((c) => c.req.kind === 'open');
    const again = f.calls.findIndex((c, i) => i > open && c.req.kind === 'panel');
    // asked again, with the edited lab's recipe
    expect((f.calls[again].req as PanelReq).recipe.steps).toEqual([{ kind: 'encap', encap: 'ipip', mode: 'Never' }]);
    await f.answer(open, { kind: 'view', view: view('eth0') });
    await edit;
    await f.answer(again, explain('after the edit'));
    expect(panels.getState().explain.answer).toBe('after the edit');
    // a BGP question answered before a terminal write is asked again once the write changed the lab
    void panels.getState().ask({ panel: 'bgp', node: 'node-1' });
    const bgp = f.calls.length - 1;
    await f.answer(bgp, { kind: 'panel', answer: { panel: 'bgp', bgp: { node: 'node-1', status: 'old', running: true, meshEnabled: true, nodes: 2, reflectors: 0, summary: { configured: 1, established: 1, kinds: [] } } }, ms: 1 });
    const run = lab.getState().run({ node: 'node-1' }, 'kubectl label node node-2 a=b');
    await f.answer(f.calls.length - 1, { kind: 'ran', out: '', exit: 0, step: { kind: 'actions', label: 'label', actions: [] }, view: view('eth0') });
    // the route text of the node shown is asked again too
    await f.answer(f.calls.findIndex((c) => c.req.kind === 'routes'), { kind: 'routes', routes: { 'node-1': 'eth0' } });
    await run;
    const reasks = f.calls.filter((c) => c.req.kind === 'panel' && (c.req as PanelReq).recipe.steps.length === 2);
    expect(reasks.map((c) => (c.req as PanelReq).ask.panel).sort()).toEqual(['bgp', 'explain']);
  });

  it('closing the inspector forgets its question; a late answer is not shown', async () => {
    const { f, panels } = setup();
    void panels.getState().ask({ panel: 'inspect', target: { node: 'node-1' } });
    panels.getState().clear('inspect');
    await f.answer(0, { kind: 'panel', answer: { panel: 'inspect', inspect: { kind: 'pod', namespace: 'default', name: 'a', node: 'node-1', ip: '10.0.0.2', veth: 'cali0', mtu: 1480, labels: {} } }, ms: 1 });
    expect(panels.getState().inspect).toEqual({});
  });
});
