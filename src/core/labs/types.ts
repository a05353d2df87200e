// The guided-lab model: a Lab as a teacher writes it (labs/*.yaml, documented in labs/README.md), a
// LabRun (the lab being played: the manifests as they stand after the applied steps, the resolved
// cluster) and the outcome of each check. Plain serialisable values, so the UI can store and render them.

import type { ClusterState } from '../model/cluster';
import type { ErrorLocation, LabError } from '../model/errors';
import type { DropReason, HopKind, Protocol } from '../model/packet';
import type { Scenario } from '../model/scenario';
import type { EmbeddedText, LabChange, ManifestDoc, ResourceName } from '../session/types';
import type { Msg } from '../msg';

export type { EmbeddedText, LabChange, ManifestDoc, ResourceName } from '../session/types';

/** Text in several languages: `en` always, `zh` expected (a warning when missing), others allowed. */
export interface I18n {
  en: string;
  zh?: string;
  [lang: string]: string | undefined;
}

export type LabAction =
  | { type: 'apply'; source: EmbeddedText }
  | { type: 'delete'; refs: ResourceName[] }
  | { type: 'label'; node: string; key: string; value: string | null }
  | { type: 'patch'; target: ResourceName; path: string; value: unknown }
  | { type: 'set'; path: string; value: unknown };

/** Where a step's command runs. `during` is the traffic a capture (`tcpdump`) sees. */
export interface CommandTarget {
  node?: string;
  pod?: string;
}

export interface TrafficSpec {
  from: string;
  to: string;
  protocol?: Protocol;
  port?: number;
  size?: number;
}

export interface ShowCommand extends CommandTarget {
  command: string;
  during?: TrafficSpec;
  /** 1-based line in the lab file */
  line: number;
}

export interface HopMatch {
  ns?: string;
  kind?: HopKind;
  dev?: string;
  textIncludes?: string;
}

export type LabCheck =
  | {
      kind: 'walk';
      from: string;
      to: string;
      protocol?: Protocol;
      port?: number;
      size?: number;
      pmtudisc?: 'do' | 'want' | 'dont';
      /** the reply must come back too */
      reply?: boolean;
      /** delivered to the destination; dropped on the way; left the lab through a gateway (lost to the lab) */
      expect: 'delivered' | 'dropped' | 'left';
      reason?: DropReason;
      /** namespace name (node, router, "ns/pod") where the walk ends */
      at?: string;
      via?: string[];
      notVia?: string[];
      hop?: HopMatch;
    }
  | {
      kind: 'route';
      node?: string;
      pod?: string;
      /** the YAML field `line`: one whole route as the tool prints it */
      exact?: string;
      lineIncludes?: string[];
      present: boolean;
      format: 'ip-route' | 'route-n';
    }
  | { kind: 'session'; node: string; peer: string; state?: string; peerType?: string; present: boolean }
  | { kind: 'sessions'; node: string; count: number; state?: string }
  | { kind: 'traceroute'; from: string; to: string; hops: string[] }
  | { kind: 'matrix'; from: string; to: string; probe: { protocol: 'TCP' | 'UDP' | 'SCTP' | 'ICMP'; port?: number }; allowed: boolean }
  | { kind: 'output'; node?: string; pod?: string; command: string; during?: TrafficSpec; includes?: string[]; excludes?: string[]; equals?: string };

export type CheckKind = LabCheck['kind'];

/** A check as written: its outcome kind plus where it is. */
export type LocatedCheck = LabCheck & {
  /** "<step id>#<n>" (1-based) or the check's own `name` */
  id: string;
  /** what a learner is told while the check fails: what is still wrong, never the answer */
  feedback?: I18n;
  /** where the check is written: 1-based line and field path in the lab file */
  line: number;
  srcPath: string;
};

/** One command of a reference solution: typed on `node` (default: the Topology's first node). */
export interface SolutionCommand {
  node?: string;
  /** the command as typed, here-document lines included */
  command: string;
  line: number;
}

/** A "your turn" step: the lab performs nothing; the learner's own state is checked. */
export interface Exercise {
  /** what the learner sees going wrong (a gym's starting point) */
  symptom?: I18n;
  /** revealed one at a time, on request */
  hints: I18n[];
  /** the reference solution as terminal commands; "show me" plays it, the replay checks it */
  solution: SolutionCommand[];
}

export interface LabStep {
  id: string;
  title: I18n;
  /** for an exercise: the goal */
  do: I18n;
  observe?: I18n;
  /** `mode: exercise` in the file */
  exercise?: Exercise;
  /** applied in order; empty = observe only */
  actions: (LabAction & { srcLine: number; srcPath: string })[];
  show: ShowCommand[];
  checks: LocatedCheck[];
  line: number;
}

export interface LabStart {
  preset?: string;
  scenario?: EmbeddedText;
  /** resources applied on top of the preset / scenario before the first step */
  apply?: EmbeddedText;
}

export interface Lab {
  file: string;
  name: string;
  title: I18n;
  summary: I18n;
  start: LabStart;
  steps: LabStep[];
}

export interface LabWarning {
  code: string;
  message: string;
  loc?: ErrorLocation;
}

export interface LabRun {
  lab: Lab;
  /** index of the last step whose action was applied; -1 = the start state */
  at: number;
  docs: ManifestDoc[];
  scenario?: Scenario;
  state?: ClusterState;
  /** the start or the last action failed: the scenario no longer loads (state is the last good one) */
  errors: LabError[];
  warnings: LabWarning[];
  change: LabChange;
  /** the file area the solution commands wrote (`cat > f`) */
  files?: Record<string, string>;
}

export interface CheckResult {
  id: string;
  kind: CheckKind;
  ok: boolean;
  /** one line: what was expected and what was found */
  detail: string;
  /** the detail as a message id with arguments (core/msg), for the app's other languages */
  msg?: Msg;
  line: number;
  /** the check's learner feedback, given when it fails */
  feedback?: I18n;
}

export interface ShownOutput {
  node?: string;
  pod?: string;
  command: string;
  output: string;
  /** the command could not run (unknown node, unsupported command) */
  error?: string;
  line: number;
}
