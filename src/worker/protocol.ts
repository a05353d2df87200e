// The messages between the page and the lab worker (labWorker.ts). Plain data only: everything here is
// copied by structured clone, so nothing may hold a ClusterState, a Scenario of a big lab, or a function.
// Every request carries an id (its answer names it) and a generation: the page bumps the generation for
// each new load or edit, and an answer to an older generation is dropped (a newer edit supersedes it).

import type { SharePayload } from '../store/share';
import type { EncapMode } from '../core/model/scenario';
import type { Action } from '../core/session/types';
import type { TopoModel } from '../view/model';
import type { PanelAnswer, PanelAsk } from './panelProtocol';

/** The file name a shared link's lab is reported under (errors name it like any file). A constant of this
 *  type-only module so the page can name it without importing the worker's code into the first load. */
export const SHARED_FILE = 'shared.yaml';

/** A lab's size as the parser counted it: what the page uses to pick where the lab lives. */
export interface LabSize {
  nodes: number;
  pods: number;
}

/**
 * Where a lab lives. Measured on the 2-core machine this project is built on (node, `openText`, parse +
 * validate + build): the presets take ~20 ms, 50 nodes × 4 pods ~40 ms, 50 × 10 and 100 × 10 ~130–180 ms,
 * 500 × 2 ~250–450 ms, 1,000 × 30 ~3.5 s. The page's own render comes on top, and every edit rebuilds, so
 * the page keeps a lab only while it is at most 50 nodes and 400 pods (well under 200 ms a task); anything
 * bigger lives in the worker.
 */
export const SMALL_LAB = { nodes: 50, pods: 400 } as const;
export const isSmall = (s: LabSize) => s.nodes <= SMALL_LAB.nodes && s.pods <= SMALL_LAB.pods;

/** A change of a big lab, as plain data (a typed Edit holds a function and cannot cross to the worker). */
export type BigStep =
  | { kind: 'encap'; encap: 'ipip' | 'vxlan'; mode: EncapMode }
  /** `run`: the terminal line that made these actions, which is what the address keeps (store/bigEdits.ts) */
  | { kind: 'actions'; label: string; actions: Action[]; run?: { target: { node: string } | { pod: string }; line: string } };

export interface Recipe {
  yaml: string;
  file: string;
  steps: BigStep[];
}

/** One picture group: the nodes on one network, counted (30,000 boxes are not drawn one by one). */
export interface BigGroup {
  network: string;
  cidr: string;
  nodes: number;
  first: string;
  last: string;
  pods: number;
  blocks: number;
}

/** What the picture of a big lab shows as real cards: NetNS ids kept (the packet's endpoints and path) and
 *  the node groups the viewer opened (view/aggregate.ts). */
export interface PictureAsk {
  keep: string[];
  open: string[];
}

export interface BigView {
  /** the picture's model (view/model.ts buildTopoModel: node groups for a big cluster), plain data */
  model: TopoModel;
  name: string;
  cni: string;
  nodes: string[];
  pods: number;
  pools: { name: string; cidr: string; blockSize: number; ipipMode: EncapMode; vxlanMode: EncapMode }[];
  groups: BigGroup[];
  warnings: string[];
  /** the route text of the nodes asked for with the view */
  routes: Record<string, string>;
  /** a few pods, to fill the packet's source and destination */
  samplePods: string[];
}

export interface PacketArgs {
  from: string;
  to: string;
  protocol: 'icmp' | 'tcp' | 'udp';
  port: number;
  size: number;
}

export interface WalkView {
  hops: { kind: string; ns: string; text: string; why: string; leg: 'request' | 'reply' }[];
  verdict: string;
}

/** A big lab's edits read from its address (`&edits=`) and replayed in the worker: the steps as the recipe
 *  keeps them; `error`: why the replay stopped early (the lab opens with the steps before it) */
export interface Replayed {
  steps: BigStep[];
  error?: string;
  /** the packet picked when the address was written */
  packet?: Partial<Pick<PacketArgs, 'from' | 'to' | 'protocol'>>;
}

export type Request =
  /** the `#s=` hash of a shared link: inflated, read and validated in the worker; a big lab is built there */
  | { id: number; gen: number; kind: 'open-link'; hash: string }
  /** a big lab brought to its recipe (after an edit, an undo, or in a fresh worker); `show`: nodes whose
   *  route text comes with the view */
  | { id: number; gen: number; kind: 'open'; recipe: Recipe; show: string[]; picture?: PictureAsk }
  | { id: number; gen: number; kind: 'picture'; recipe: Recipe; picture: PictureAsk }
  | { id: number; gen: number; kind: 'routes'; recipe: Recipe; nodes: string[] }
  | { id: number; gen: number; kind: 'run'; recipe: Recipe; target: { node: string } | { pod: string }; line: string }
  | { id: number; gen: number; kind: 'walk'; recipe: Recipe; packet: PacketArgs }
  /** a big-lab page panel (BGP, policy, inspector): see panelProtocol.ts */
  | { id: number; gen: number; kind: 'panel'; recipe: Recipe; ask: PanelAsk }
  /** a scenario file about to be loaded: read and validated here first, so a big or broken one never
   *  costs the page a parse; `bigLink`: a lab over SMALL_LAB comes back with the link that opens it as a
   *  big lab */
  | { id: number; gen: number; kind: 'check'; text: string; file: string; bigLink?: boolean }
  /** a cluster's dumps (kubectl/calicoctl, nodes' ip output) turned into a scenario here */
  | { id: number; gen: number; kind: 'import'; files: { name: string; text: string }[] };

/** what the worker is doing, for the page's progress line ('work': a panel's answer) */
export type Stage = 'inflate' | 'read' | 'build' | 'work';

export type Reply =
  | { id: number; gen: number; kind: 'progress'; stage: Stage }
  /** the link holds a lab that loads: the page opens it (its YAML, packet and cursor) */
  | { id: number; gen: number; kind: 'link'; payload: SharePayload; size: LabSize }
  /** the link holds a big lab: it was built here and stays here; the page gets its view */
  | { id: number; gen: number; kind: 'big-link'; payload: SharePayload; size: LabSize; view: BigView; edits?: Replayed }
  | { id: number; gen: number; kind: 'view'; view: BigView }
  | { id: number; gen: number; kind: 'routes'; routes: Record<string, string> }
  | { id: number; gen: number; kind: 'picture'; model: TopoModel }
  | { id: number; gen: number; kind: 'ran'; out: string; exit: number; step?: BigStep; view?: BigView }
  | { id: number; gen: number; kind: 'walk'; walk: WalkView }
  /** `ms`: the worker's time on the answer (not the build before it) */
  | { id: number; gen: number; kind: 'panel'; answer: PanelAnswer; ms: number }
  /** `link`: for a lab over SMALL_LAB, the `#s=` hash that opens it as a big lab (compressed here: lz-string
   *  on a 2 MiB text takes seconds) */
  | { id: number; gen: number; kind: 'checked'; size: LabSize; link?: string }
  | { id: number; gen: number; kind: 'imported'; yaml: string; notes: { code: string; message: string }[]; summary: { nodes: number; pods: number }; size: LabSize; link?: string }
  /** refused: one line, with the error's code and location when it has them; `messages`: every error */
  | { id: number; gen: number; kind: 'failed'; message: string; messages?: string[] };
