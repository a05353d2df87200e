// The messages between the page and the lab worker (labWorker.ts). Plain data only: everything here is
// copied by structured clone, so nothing may hold a ClusterState, a Scenario of a big lab, or a function.
// Every request carries an id (its answer names it) and a generation: the page bumps the generation for
// each new load or edit, and an answer to an older generation is dropped (a newer edit supersedes it).

import type { SharePayload } from '../store/share';

/** A lab's size as the parser counted it: what the page uses to pick where the lab lives. */
export interface LabSize {
  nodes: number;
  pods: number;
}

export type Request =
  /** the `#s=` hash of a shared link: inflated, read and validated in the worker */
  { id: number; gen: number; kind: 'open-link'; hash: string };

/** what the worker is doing, for the page's progress line */
export type Stage = 'inflate' | 'read' | 'build';

export type Reply =
  | { id: number; gen: number; kind: 'progress'; stage: Stage }
  /** the link holds a lab that loads: the page opens it (its YAML, packet and cursor) */
  | { id: number; gen: number; kind: 'link'; payload: SharePayload; size: LabSize }
  /** the link or its lab was refused: one line, with the error's code and location when it has them */
  | { id: number; gen: number; kind: 'failed'; message: string };
