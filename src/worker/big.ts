// A big lab, held by the worker. Above the size the page can build within a frame budget (SMALL_LAB) the
// session lives here and the page gets small views of it: counts and groups for the picture, the route text
// of the nodes it shows, terminal output, a walk's hops. The page keeps the lab as a recipe — the YAML and
// the steps applied since (typed toggles and the terminal's manifest actions, all plain data) — so a worker
// terminated to abandon a build can be started again and rebuild the same lab from the recipe.

import type { ClusterState } from '../core/model/cluster';
import { nsIdNode } from '../core/model/kernel';
import { routeN } from '../core/render';
import { checkText, rebuild } from '../core/session/load';
import { apply, openText } from '../core/session/session';
import { setEncap } from '../core/session/edits';
import type { Action, Session, Warning } from '../core/session/types';
import { runCommand } from '../core/terminal';
import { runWalk } from '../core/tools';
import { buildTopoModel, type TopoModel } from '../view/model';
import { networkList } from './networkList';
import type { PictureAsk, PacketArgs, BigStep, BigView, LabSize, Recipe, Stage, WalkView } from './protocol';


export type Opened = { ok: true; view: BigView } | { ok: false; message: string };

const stepLabel = (s: BigStep) => (s.kind === 'encap' ? `${s.encap === 'ipip' ? 'ipipMode' : 'vxlanMode'}: ${s.mode}` : s.label);

export class BigLab {
  private session?: Session;
  private yaml?: string;
  /** JSON of the steps the session has had applied, in order */
  private done: string[] = [];
  /** what the picture keeps as cards (the page says, with each view it asks for) */
  private picture: PictureAsk = { keep: [], open: [] };

  /** Takes a session built elsewhere (a link read in this worker), as the recipe's start. */
  adopt(yaml: string, session: Session): void {
    this.yaml = yaml;
    this.session = session;
    this.done = [];
  }

  /** Brings the session to the recipe: the steps it lacks are applied to it; a recipe that is not its
   *  continuation (undo, another lab, a fresh worker) rebuilds from the YAML. */
  open(r: Recipe, progress: (s: Stage) => void = () => {}, show: string[] = [], picture?: PictureAsk): Opened {
    if (picture) this.picture = picture;
    const b = this.bring(r, progress);
    return b.ok ? { ok: true, view: this.view(show) } : b;
  }

  /** `open` without the view: a request that answers with something else (a panel) does not pay for the
   *  picture's model and route text it would throw away. */
  bring(r: Recipe, progress: (s: Stage) => void = () => {}): { ok: true } | { ok: false; message: string } {
    const keys = r.steps.map((s) => JSON.stringify(s));
    const continues = this.session && this.yaml === r.yaml && this.done.length <= keys.length && this.done.every((k, i) => k === keys[i]);
    if (!continues) {
      progress('build');
      const o = openText(r.yaml, r.file);
      if (!o.session) return { ok: false, message: o.errors[0]?.message.split('\n')[0] ?? `${r.file}: the lab could not be read` };
      this.adopt(r.yaml, o.session);
    } else if (this.done.length < keys.length) progress('build');
    // consecutive toggles go as one change: one rebuild for all of them (a replayed recipe after an
    // abandoned build often has two or three)
    for (let i = this.done.length; i < r.steps.length; ) {
      let j = i + 1;
      if (r.steps[i].kind === 'encap') while (j < r.steps.length && r.steps[j].kind === 'encap') j++;
      const group = r.steps.slice(i, j);
      const actions = group.flatMap((step): Action[] => (step.kind === 'encap' ? [{ kind: 'edit', edit: setEncap(step.encap, step.mode), source: 'ui' }] : step.actions));
      const o = apply(this.session!, actions);
      if (!o.ok) return { ok: false, message: `${group.map(stepLabel).join(' + ')}: ${o.errors.map((e) => e.message).join('; ')} — the lab is unchanged` };
      this.session = o.session;
      this.done.push(...keys.slice(i, j));
      i = j;
    }
    return { ok: true };
  }

  get state(): ClusterState | undefined {
    return this.session?.state;
  }

  /** The picture's model for `ask` (kept as what later views draw). */
  model(ask: PictureAsk = this.picture): TopoModel {
    this.picture = ask;
    return buildTopoModel(this.session!.state, { maxPods: Infinity, keepPods: new Set(ask.keep), openGroups: new Set(ask.open) });
  }

  view(show: string[]): BigView {
    const s = this.session!;
    const st = s.state;
    const model = this.model();
    const nodes = st.nodes.map((n) => n.name);
    return {
      model,
      name: s.scenario.topology.name,
      cni: s.scenario.cluster.cni,
      nodes,
      pods: st.pods.length,
      pools: s.scenario.ippools.map((p) => ({ name: p.name, cidr: p.cidr, blockSize: p.blockSize, ipipMode: p.ipipMode, vxlanMode: p.vxlanMode })),
      groups: networkList(model, nodes),
      warnings: s.warnings.slice(0, 20).map((w: Warning) => w.message),
      routes: this.routes(show.length ? show : st.nodes.slice(0, 1).map((n) => n.name)),
      samplePods: samplePods(st),
    };
  }

  routes(nodes: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    const st = this.session!.state;
    for (const n of nodes.slice(0, 8)) {
      const ns = st.netns[nsIdNode(n)];
      if (ns) out[n] = routeN(ns);
    }
    return out;
  }

  /** One terminal line on a node or pod. A write (kubectl apply, calicoctl …) is applied here and returned
   *  as a step, so the page's recipe can replay it. */
  run(target: { node: string } | { pod: string }, line: string): { out: string; exit: number; step?: BigStep; view?: BigView } {
    const r = runCommand(this.session!.state, target, line);
    if (!r.write) return { out: r.out, exit: r.exit };
    const o = apply(this.session!, r.write.actions);
    if (!o.ok) return { out: `${r.out}${r.out.endsWith('\n') || !r.out ? '' : '\n'}${o.errors.map((e) => e.message).join('\n')}\n`, exit: 1 };
    this.session = o.session;
    const step: BigStep = { kind: 'actions', label: r.write.label, actions: r.write.actions, run: { target, line } };
    this.done.push(JSON.stringify(step));
    return { out: r.out, exit: r.exit, step, view: this.view([]) };
  }

  walk(a: PacketArgs): WalkView {
    const w = runWalk(this.session!.state, { from: a.from, to: a.to, protocol: a.protocol, ...(a.protocol !== 'icmp' ? { port: a.port } : {}), size: a.size, reply: true });
    const hop = (leg: 'request' | 'reply') => (h: { kind: string; ns: string; text: string; why: string }) => ({ kind: h.kind, ns: h.ns, text: h.text, why: h.why, leg });
    const hops = [...w.hops.map(hop('request')), ...(w.reply?.hops ?? []).map(hop('reply'))];
    const v = (w.reply ?? w).verdict;
    const verdict = v.kind === 'delivered' ? `delivered at ${v.at}` : `dropped at ${v.at}: ${v.reason}${v.message ? ` — ${v.message}` : ''}`;
    return { hops, verdict };
  }
}

/** Builds the session of a link already parsed and validated (no second parse: at 1,000 × 30 that is
 *  seconds). Warnings of the build are not located — the big view lists their text. */
export function sessionOfChecked(yaml: string, file: string, checked: ReturnType<typeof checkText>): Session | { error: string } {
  const r = rebuild(checked.scenario!);
  if (!r.state) return { error: `${file}:1: ${r.error!.code} ${r.error!.detail}` };
  return { file, scenario: checked.scenario!, state: r.state, warnings: [...checked.warnings, ...r.state.warnings.map((w) => ({ code: w.code, message: w.message }))] };
}

function samplePods(st: ClusterState): string[] {
  const a = st.pods[0];
  if (!a) return [];
  const b = st.pods.find((p) => p.node !== a.node);
  return [a, ...(b ? [b] : [])].map((p) => `${p.namespace}/${p.name}`);
}
