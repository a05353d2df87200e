// The big-lab page's panels, worked out in the worker from the state it holds (see panelProtocol.ts). Each
// answer is the core's own text or counts — the same renderers the CLI and the app's panels use — cut to a
// size the page can show in one frame.

import type { ClusterState } from '../core/model/cluster';
import { bgpStatus } from '../core/bgp/text';
import { sessionSummary } from '../core/bgp/view';
import { cniOf } from '../core/cni';
import { checkMatrixSize, explainText, matrixPods, parseProbe } from '../core/policy/report';
import { matrixRows, probeKey, type Probe } from '../core/policy/matrix';
import { policyRuntime } from '../core/policy/cluster';
import { podKey } from '../core/policy/compile';
import { nsIdNode } from '../core/model/kernel';
import { reflectorsOf } from '../core/session/edits';
import { buildTopoModel } from '../view/model';
import { modeChoices, modeView, routeDiffAB, runMode } from '../view/compare';
import { INSPECT_PODS, PANEL_MESSAGE_CHARS, type BgpView, type InspectView, type MatrixView, type PanelAnswer, type PanelAsk, type CompareView, type ComparePacket } from './panelProtocol';

/** A request the user got wrong (an unknown node, a malformed probe): said in one line, cut. */
export class PanelError extends Error {}

export const cut = (s: string, max = PANEL_MESSAGE_CHARS) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function answerPanel(state: ClusterState, ask: PanelAsk): PanelAnswer {
  switch (ask.panel) {
    case 'bgp':
      return { panel: 'bgp', bgp: bgpView(state, ask.node) };
    case 'explain':
      return { panel: 'explain', text: explainText(state, ask.from.trim(), ask.to.trim(), probeOf(ask.probe)) };
    case 'matrix':
      return { panel: 'matrix', matrix: matrixView(state, probeOf(ask.probe)) };
    case 'inspect':
      return { panel: 'inspect', inspect: inspectView(state, ask.target) };
    case 'compare':
      return { panel: 'compare', compare: compareView(state, ask.a, ask.b, ask.packet) };
  }
}

function probeOf(text: string): Probe {
  const p = parseProbe(text);
  if (!p) throw new PanelError(`"${cut(text, 40)}" is not a probe: write TCP/80, UDP/53, SCTP/9 or ICMP`);
  return p;
}

function nodeOf(state: ClusterState, name: string) {
  const n = state.nodes.find((x) => x.name === name);
  if (!n) throw new PanelError(`no node "${cut(name, 80)}" in this lab`);
  return n;
}

export function bgpView(state: ClusterState, node: string): BgpView {
  nodeOf(state, node);
  // counted as the app's BGP panel counts them (a routeReflectorClusterID on the Calico Node); a session is a
  // reflector's when either end has one, as the picture draws it
  const declared = reflectorsOf(state.scenario);
  const reflectors = new Set([...declared, ...state.nodes.filter((n) => n.routeReflectorClusterID).map((n) => n.name)]);
  return {
    node,
    status: bgpStatus(state, node),
    running: state.bgp.running,
    meshEnabled: state.bgp.meshEnabled,
    nodes: state.scenario.topology.nodes.length,
    reflectors: declared.length,
    summary: sessionSummary(state, state.nodes.map((n) => n.name), reflectors),
  };
}

/** One probe's matrix as rows of '.'/'X' (a byte a pair, not an object property a pair), after the same
 *  size check as the CLI's `matrix`. */
export function matrixView(state: ClusterState, probe: Probe): MatrixView {
  const pods = matrixPods(state);
  checkMatrixSize(pods.length, 1);
  const rows: string[] = [];
  let allowed = 0;
  matrixRows(policyRuntime(state).compiled, pods, probe, (_client, bits) => {
    let row = '';
    for (let i = 0; i < bits.length; i++) {
      if (bits[i] === 1) allowed++;
      row += bits[i] === 1 ? '.' : 'X';
    }
    rows.push(row);
  });
  const cni = cniOf(state.scenario);
  return { probe: probeKey(probe), pods: pods.map(podKey), rows, allowed, ...(cni.enforcesPolicy ? {} : { note: `${cni.title} does not enforce NetworkPolicy` }) };
}

export function inspectView(state: ClusterState, target: { node: string } | { pod: string }): InspectView {
  if ('node' in target) {
    const n = nodeOf(state, target.node);
    // the node's card as the picture draws it (aggregate.ts caches what it reads once per state)
    const model = buildTopoModel(state, { maxPods: Infinity, keepPods: new Set([nsIdNode(n.name)]) });
    const card = model.nodes.find((x) => x.name === n.name)!;
    const all = [...card.pods, ...card.hiddenPods];
    return { kind: 'node', node: { ...card, pods: all.slice(0, INSPECT_PODS), hiddenPods: [] }, pods: all.length };
  }
  const key = target.pod.trim();
  const p = state.pods.find((x) => `${x.namespace}/${x.name}` === key);
  if (!p) throw new PanelError(`no pod "${cut(key, 80)}" in this lab (name it namespace/name)`);
  return { kind: 'pod', namespace: p.namespace, name: p.name, node: p.node, ip: p.ip, veth: p.hostVeth, mtu: p.mtu, labels: { ...p.labels } };
}

/** The app's compare (view/compare.ts) on the worker's state: a mode other than the current lab is a full
 *  rebuild (seconds at 1,000 nodes), kept only while its answer is made. */
export function compareView(state: ClusterState, a: string, b: string, p: ComparePacket): CompareView {
  const choices = modeChoices(state.scenario);
  const pick = (id: string) => {
    const c = choices.find((x) => x.id === id);
    if (!c) throw new PanelError(`no mode "${cut(id, 40)}" to compare for ${state.scenario.cluster.cni} (modes: ${choices.map((x) => x.id).join(', ')})`);
    return c;
  };
  const args = { from: p.from.trim(), to: p.to.trim(), protocol: p.protocol, ...(p.protocol !== 'icmp' ? { port: p.port } : {}), size: p.size };
  const ra = runMode(state.scenario, state, pick(a), args);
  const rb = runMode(state.scenario, state, pick(b), args);
  const src = ra.walk?.hops.find((h) => h.ns.startsWith('node/'))?.ns ?? (state.nodes[0] ? nsIdNode(state.nodes[0].name) : '');
  const diff = routeDiffAB(ra.state, rb.state, src);
  return { a: modeView(ra), b: modeView(rb), node: src.replace(/^node\//, ''), ...diff };
}
