// `npm run bench`: the figures the issues ask for, measured on this machine. Prints progress lines, then
// ends with ONE JSON object holding every figure (later issues add keys). Timings are medians of several
// runs; no thresholds are enforced here or in unit tests — the note reports them against the targets.

import { buildCluster } from '../src/core/resolve';
import { routeN } from '../src/core/render';
import { generateCluster } from './generate';
import { extraBenchmarks } from './extra';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(f: () => T): [number, T] {
  const t0 = performance.now();
  const v = f();
  return [performance.now() - t0, v];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

async function main() {
  const figures: Record<string, number> = {};
  const scenario = generateCluster({ nodes: 1000, podsPerNode: 30, ipipMode: 'Always' });

  // state_ms: the whole ClusterState for 1,000 nodes x 30 pods, Calico IPIP, node-to-node mesh.
  buildCluster(scenario); // warm the JIT once
  const stateRuns: number[] = [];
  let state = buildCluster(scenario);
  for (let i = 0; i < 5; i++) {
    const [ms, s] = time(() => buildCluster(scenario));
    stateRuns.push(ms);
    state = s;
  }
  figures.state_ms = round(median(stateRuns));
  const routes = state.netns['node/node-500'].routes.length;
  console.error(`state: ${Object.keys(state.netns).length} namespaces, ${routes} routes on node-500, median ${figures.state_ms} ms`);

  // routes_ms: one node's `route -n`.
  const ns = state.netns['node/node-500'];
  const routeRuns: number[] = [];
  for (let i = 0; i < 50; i++) routeRuns.push(time(() => routeN(ns))[0]);
  figures.routes_ms = round(median(routeRuns));

  Object.assign(figures, await extraBenchmarks(state));
  figures.peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify(figures));
}

void main();
