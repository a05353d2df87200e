// Figures added by later issues (walks, BGP convergence, policy matrix), each from its own module.
import type { ClusterState } from '../src/core/model/cluster';

export async function extraBenchmarks(_state: ClusterState): Promise<Record<string, number>> {
  return {};
}
