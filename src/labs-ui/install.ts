// Puts a lab run into the app's lab store the way the store's own loadText does (scenario, state, a
// fresh history, a change record whose `prev` the route panels diff against). The store stays the one
// source the topology and panels read; this only hands it values core/labs computed.

import type { LabRun } from '../core/labs';
import { defaultEndpoints, type LabStore } from '../store/labStore';

const endpointOk = (run: LabRun, e: string) =>
  !!e && (e.includes('/') ? run.state!.pods.some((p) => `${p.namespace}/${p.name}` === e) : run.state!.nodes.some((n) => n.name === e) || /^\d+\.\d+\.\d+\.\d+$/.test(e));

export function installRun(store: LabStore, run: LabRun, label: string): void {
  if (!run.state || !run.scenario) return;
  const s = store.getState();
  const state = run.state;
  const keep = endpointOk(run, s.packet.from) && endpointOk(run, s.packet.to);
  store.setState({
    presetName: run.lab.start.preset ?? '',
    fileName: run.lab.file,
    base: run.scenario,
    scenario: run.scenario,
    state,
    warnings: run.warnings.map((w) => w.message),
    past: [],
    future: [],
    errors: [],
    packet: keep ? s.packet : { ...s.packet, ...defaultEndpoints(state) },
    walk: undefined,
    walkError: undefined,
    cursor: 0,
    playing: false,
    pinned: s.pinned.filter((id) => id in state.netns),
    change: { seq: s.change.seq + 1, label, prev: s.state },
  });
}
