// The session's values: the manifests a lab holds (its "API server"), the diff every change returns and the
// actions that produce one. Plain serialisable data, shared by the store, the lab engine, the CLI and the
// embed API.

import type { ClusterState } from '../model/cluster';
import type { ErrorLocation, LabError } from '../model/errors';
import type { Scenario } from '../model/scenario';

/** A YAML text embedded in the lab file (an inline scenario, an `apply:`), with where it starts. */
export interface EmbeddedText {
  text: string;
  /** the lab file */
  file: string;
  /** 1-based line in the lab file of the text's first line (a block scalar's first content line) */
  line: number;
  /** field path of the text in the lab file, e.g. "spec.steps[2].action.apply" */
  path: string;
}

/** A resource named by a step: `kind` + `name` (+ `namespace`); `apiVersion` tells apart kinds two API
 *  groups share (v1 Node / Calico Node, networking.k8s.io / Calico NetworkPolicy). */
export interface ResourceName {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** What a change did, by resource identity ("Kind/name", "Kind/ns/name"). */
export interface LabChange {
  added: string[];
  updated: string[];
  removed: string[];
}
export type Diff = LabChange;

/** One manifest as the lab's "API server" holds it. */
export interface ManifestDoc {
  /** group/kind/namespace/name: the identity apply replaces by */
  key: string;
  /** "Kind/name" or "Kind/ns/name" as people write it */
  label: string;
  value: Record<string, unknown>;
  /** the YAML text of this document */
  text: string;
  /** where the text came from; `line` is the line of its first line */
  origin: { file: string; line: number; path: string };
  /** the text was regenerated (patched, labelled, a list item): lines inside it map to origin.line */
  regenerated: boolean;
}

export interface Warning {
  code: string;
  message: string;
  loc?: ErrorLocation;
}

/** A typed edit of the scenario (a toggle, a fault, a policy): pure, Scenario in → new Scenario out. */
export interface Edit {
  /** what the user did, for undo/redo labels and the status line */
  label: string;
  apply(s: Scenario): Scenario;
}

/** Who asked for a change; every diff carries it. */
export type ChangeSource = 'load' | 'import' | 'ui' | 'lab-step' | 'terminal' | 'embed' | 'undo' | 'redo' | 'reset';

/**
 * A loaded lab: the scenario, the cluster the core derives from it, and — when the lab came from
 * manifests (a guided lab, a manifest action) — the documents as they stand, so the next manifest action
 * edits them and errors point back into the files they came from.
 */
export interface Session {
  /** the file (or lab file) it was loaded from; errors without a better place name it */
  file: string;
  scenario: Scenario;
  state: ClusterState;
  warnings: Warning[];
  /** the manifests, when they are authoritative; a typed edit drops them (regenerated on demand) */
  docs?: ManifestDoc[];
}

/** Every way a lab changes. A new writer (a terminal command, an embed message) is one more value here. */
export type Action =
  /** a whole new lab from a scenario file (an import, a preset, a shared link): everything in it is added */
  | { kind: 'load'; text: string; file: string; source: ChangeSource }
  /** a typed scenario edit (mode toggle, fault, policy panel, add/remove node or pod) */
  | { kind: 'edit'; edit: Edit; source: ChangeSource }
  /** a whole scenario back (undo, redo, reset); `fresh` rebuilds without the previous state */
  | { kind: 'scenario'; scenario: Scenario; label: string; source: ChangeSource; fresh?: boolean }
  /** `kubectl apply -f` / `calicoctl apply -f`: create or replace by identity (docs, or text read as manifests) */
  | { kind: 'manifests'; docs?: ManifestDoc[]; text?: EmbeddedText; label?: string; source: ChangeSource }
  | { kind: 'delete'; refs: ResourceName[]; loc: ErrorLocation; label?: string; source: ChangeSource }
  /** `kubectl label node NODE KEY=VALUE` (null: KEY-) */
  | { kind: 'label'; node: string; key: string; value: string | null; loc: ErrorLocation; label?: string; source: ChangeSource }
  /** a one-field patch (`calicoctl patch`) */
  | { kind: 'patch'; target: ResourceName; path: string; value: unknown; loc: ErrorLocation; label?: string; source: ChangeSource }
  /** a field of the Cluster (or `topology.`) spec */
  | { kind: 'set'; path: string; value: unknown; loc: ErrorLocation; label?: string; source: ChangeSource };

/** What one change did. On errors `session` is the one before (the last good lab stays). */
export interface Outcome {
  session: Session;
  ok: boolean;
  label: string;
  source: ChangeSource;
  diff: Diff;
  errors: LabError[];
  /** the warnings of the rebuilt lab (or of the build that failed) */
  warnings: Warning[];
  /** the manifests after the action, even when they no longer build (a lab plays on from them) */
  docs?: ManifestDoc[];
}
