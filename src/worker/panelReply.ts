// A panel request's reply, timed: the answer, or the user's mistake or a refused size as one cut line.

import type { ClusterState } from '../core/model/cluster';
import { LabError } from '../core/model/errors';
import { ExplainError } from '../core/policy/report';
import { answerPanel, cut, PanelError } from './panels';
import type { PanelAsk } from './panelProtocol';

export type PanelReply = { kind: 'panel'; answer: ReturnType<typeof answerPanel>; ms: number } | { kind: 'failed'; message: string };

export function panel(state: ClusterState, ask: PanelAsk): PanelReply {
  const t0 = performance.now();
  try {
    const answer = answerPanel(state, ask);
    return { kind: 'panel', answer, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    // E123 (the matrix's pair limit), a pod `explain` does not know, an unknown node: the user's input
    if (e instanceof PanelError || e instanceof ExplainError || e instanceof LabError) return { kind: 'failed', message: cut(e.message) };
    throw e;
  }
}
