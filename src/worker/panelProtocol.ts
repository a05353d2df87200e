// The big-lab page's panels (BGP, policy, inspector), asked of the lab worker and answered as plain,
// bounded data: the worker reads the state it holds and sends text and counts, never the state. Type-only,
// so the page can name these without importing the worker's code.

import type { SessionSummary } from '../core/bgp/view';
import type { ViewNode } from '../view/model';
import type { ModeView } from '../view/compare';

export type PanelAsk =
  /** `calicoctl node status` on `node`, and the cluster's sessions counted */
  | { panel: 'bgp'; node: string }
  /** `explain`: why `from` can or cannot connect to `to` (a pod, a pod IP or a Service clusterIP) */
  | { panel: 'explain'; from: string; to: string; probe: string }
  /** the reachability matrix for one probe, refused past MATRIX_LIMITS (E123) as the CLI refuses it */
  | { panel: 'matrix'; probe: string }
  /** a node's or a pod's fields, as the picture's card and tooltips show them */
  | { panel: 'inspect'; target: { node: string } | { pod: string } }
  /** the packet in two modes (view/compare.ts modeChoices ids): each a what-if built here, never kept */
  | { panel: 'compare'; a: string; b: string; packet: ComparePacket };

/** protocol.ts PacketArgs (named again here: protocol.ts imports this module) */
export interface ComparePacket {
  from: string;
  to: string;
  protocol: 'icmp' | 'tcp' | 'udp';
  port: number;
  size: number;
}

export type PanelName = PanelAsk['panel'];

export interface BgpView {
  node: string;
  /** `calicoctl node status` on it, as the CLI prints it */
  status: string;
  running: boolean;
  meshEnabled: boolean;
  nodes: number;
  reflectors: number;
  summary: SessionSummary;
}

export interface MatrixView {
  /** "TCP/80", "ICMP" */
  probe: string;
  /** "namespace/name", sorted (the CLI's numbering) */
  pods: string[];
  /** one string per client, in `pods` order: character i is '.' when it connects to pods[i], 'X' when blocked */
  rows: string[];
  allowed: number;
  /** why nothing is blocked, when the CNI enforces no policy */
  note?: string;
}

export type InspectView =
  | { kind: 'node'; node: ViewNode; pods: number }
  | { kind: 'pod'; namespace: string; name: string; node: string; ip: string; veth: string; mtu: number; labels: Record<string, string> };

export type PanelAnswer =
  | { panel: 'bgp'; bgp: BgpView }
  | { panel: 'explain'; text: string }
  | { panel: 'matrix'; matrix: MatrixView }
  | { panel: 'inspect'; inspect: InspectView }
  | { panel: 'compare'; compare: CompareView };

export interface CompareView {
  a: ModeView;
  b: ModeView;
  /** the source node, whose route lines differ */
  node: string;
  onlyA: string[];
  onlyB: string[];
}

/** pods listed on an inspected node's card (the rest are counted) */
export const INSPECT_PODS = 200;
/** longest error text sent back (ExplainError lists every pod name: 30,000 of them in a big lab) */
export const PANEL_MESSAGE_CHARS = 400;
