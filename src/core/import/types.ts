// What an import takes and gives: the user's files as they are, and a scenario plus the notes saying what
// the API could not tell us (assumed), what the dump lacked (gap) and what was thrown away (dropped).

import type { LabError } from '../model/errors';
import type { ErrorLocation } from '../model/errors';

/** One file the user gave: a kubectl/calicoctl dump (YAML or JSON) or a node's `ip` output. */
export interface DumpFile {
  name: string;
  text: string;
}

export type NoteCode = 'W901' | 'W902' | 'W903';

/** One line of the assumptions report. */
export interface ImportNote {
  /** W901 assumed (the API does not hold it), W902 gap (the dump lacks it), W903 dropped */
  code: NoteCode;
  message: string;
  /** the node the note is about, when there is one */
  node?: string;
  loc?: ErrorLocation;
}

export interface ImportResult {
  /** the scenario as a cnilab/v1 file (absent when errors stop the import) */
  yaml?: string;
  notes: ImportNote[];
  errors: LabError[];
  /** counts for a one-line summary */
  summary: { nodes: number; pods: number; cni: 'calico' | 'flannel'; files: number };
}
