// The packet a lab step is about, for the app to play on the picture: the step's first walk check (with its
// size, DF setting and reply exactly as the check walks it, so the picture and the check agree), else the
// traffic its first capture watches (`during:`), else its first traceroute's pair as a ping.
import type { ClusterState } from '../model/cluster';
import type { WalkResult } from '../model/packet';
import { QueryError } from '../query';
import { runWalk, type TraceArgs } from '../tools';
import type { LabStep } from './types';

export interface StepPacket {
  args: TraceArgs;
  walk: WalkResult;
}

/** The traffic a step sends or checks, or undefined (a step about routes or sessions only). */
export function stepTraffic(step: LabStep): TraceArgs | undefined {
  const w = step.checks.find((c) => c.kind === 'walk');
  if (w && w.kind === 'walk') {
    return {
      from: w.from,
      to: w.to,
      protocol: w.protocol ?? 'icmp',
      ...(w.port !== undefined ? { port: w.port } : {}),
      ...(w.size !== undefined ? { size: w.size } : {}),
      ...(w.pmtudisc ? { pmtudisc: w.pmtudisc } : {}),
      reply: true,
    };
  }
  const during = [...step.show.map((s) => s.during), ...step.checks.map((c) => (c.kind === 'output' ? c.during : undefined))].find((d) => d);
  if (during) {
    return {
      from: during.from,
      to: during.to,
      protocol: during.protocol ?? 'icmp',
      ...(during.port !== undefined ? { port: during.port } : {}),
      ...(during.size !== undefined ? { size: during.size } : {}),
      reply: true,
    };
  }
  const tr = step.checks.find((c) => c.kind === 'traceroute');
  if (tr && tr.kind === 'traceroute') return { from: tr.from, to: tr.to, protocol: 'icmp', reply: true };
  return undefined;
}

/** That traffic walked on the step's cluster; undefined when the step has none or its endpoints are gone. */
export function stepPacket(state: ClusterState, step: LabStep): StepPacket | undefined {
  const args = stepTraffic(step);
  if (!args) return undefined;
  try {
    return { args, walk: runWalk(state, args) };
  } catch (e) {
    if (e instanceof QueryError) return undefined;
    throw e;
  }
}
