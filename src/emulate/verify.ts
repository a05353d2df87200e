// `verify`: the simulator against the Linux kernel. Brings the scenario up as real namespaces (emulate up),
// asks both the same questions — every node's and pod's `ip route`, `ip route get` between every pair of pods,
// `ping -M do` at the MTU boundaries, `traceroute -n` between pods on different nodes — prints PASS/DIFF per
// check with a unified diff, and tears the lab down on every exit path.
//
// Normalisation (the only differences that are not judged): trailing blanks at line ends; ping's timings
// (`time=…`, the `rtt` line, `, time Nms`) and its blank lines; traceroute's probe times (only the hop numbers
// and the addresses are compared, the simulator's hops cut at the kernel's -m limit).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterState, PodInfo } from '../core/model/cluster';
import { ipRoute } from '../core/render';
import { pingText, routeGetText, tracerouteText } from '../core/tools';
import type { LabMap } from './plan';
import { ipn, nsExecMerged, run, sleepMs } from './run';
import { down, preflight, SkipError, up } from './up';
import { iptablesTools, kernelPath, kernelSave, kubeProxyFilterSave, natText, pathCases, simulatedPath } from './services';

export interface VerifyResult {
  agree: number;
  total: number;
  skipped?: string;
  diffs: string[];
}

const MAX_HOPS = 16;

const trimEnds = (s: string) =>
  s
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n+$/, '') + '\n';

export function normalisePing(s: string): string {
  return trimEnds(
    s
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('rtt ') && !l.startsWith('round-trip'))
      .map((l) => l.replace(/ time=[\d.]+ ms/, '').replace(/, time \d+ms/, ''))
      .join('\n'),
  );
}

/** traceroute -n: the header's destination and each hop's number and addresses ("*" when none answered). */
export function normaliseTraceroute(s: string, maxHops = MAX_HOPS): string {
  const out: string[] = [];
  for (const line of s.split('\n')) {
    const head = /^traceroute to (\S+)/.exec(line);
    if (head) {
      out.push(`traceroute to ${head[1]}`);
      continue;
    }
    const hop = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!hop) continue;
    if (Number(hop[1]) > maxHops) break;
    const addrs = [...new Set((hop[2]!.match(/\d+\.\d+\.\d+\.\d+/g) ?? []))];
    const flags = hop[2]!.match(/![A-Z]?\w*/g) ?? [];
    out.push(`${hop[1]} ${addrs.length ? addrs.join(' ') : '*'}${flags.length ? ' ' + [...new Set(flags)].join(' ') : ''}`);
  }
  return out.join('\n') + '\n';
}

function unified(a: string, b: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cnilab-diff-'));
  try {
    writeFileSync(join(dir, 'a'), a);
    writeFileSync(join(dir, 'b'), b);
    return run('diff', ['-u', '--label', 'simulator', '--label', 'kernel', join(dir, 'a'), join(dir, 'b')], { check: false }).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One pod per node, in node order: the pairs the (slower) ping and traceroute checks use. */
function podPerNode(state: ClusterState): PodInfo[] {
  const seen = new Set<string>();
  return state.pods.filter((p) => !seen.has(p.node) && (seen.add(p.node), true));
}

export function verify(state: ClusterState, labSource: string, opts: { keep?: boolean; out: (s: string) => void }): VerifyResult {
  const res: VerifyResult = { agree: 0, total: 0, diffs: [] };
  // Its own lab per run: two checkouts verifying the same preset at once must not tear down each other's
  // namespaces (`up` starts by removing a lab of the same id). With --keep the id stays the stable one, so
  // `emulate exec`/`down` find the lab.
  const source = opts.keep ? labSource : `${labSource}#${process.pid}`;
  const pre = preflight();
  if (pre) {
    res.skipped = `skipped: ${pre}`;
    opts.out(`${res.skipped}\n`);
    return res;
  }
  const cleanup = () => {
    if (!opts.keep) down(source, true);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    cleanup();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let m: LabMap;
    try {
      m = up(state, source, { quiet: true });
    } catch (e) {
      if (e instanceof SkipError) {
        res.skipped = e.message;
        opts.out(`${e.message}\n`);
        return res;
      }
      throw e;
    }
    const check = (name: string, sim: string, kernel: string) => {
      res.total++;
      if (sim === kernel) {
        res.agree++;
        opts.out(`PASS ${name}\n`);
      } else {
        const d = unified(sim, kernel);
        res.diffs.push(`${name}\n${d}`);
        opts.out(`DIFF ${name}\n${d}`);
      }
    };
    // BGP routers too: their tables are what BIRD decided there
    const bgpRouters = state.scenario.topology.routers.filter((r) => r.bgp).map((r) => `router/${r.name}`).filter((id) => state.netns[id] && m.ns[id]);
    const nsIds = [...state.nodes.map((n) => n.ns), ...bgpRouters, ...state.pods.map((p) => p.ns)];
    for (const id of nsIds) {
      const ns = state.netns[id]!;
      check(`ip route ${id}`, trimEnds(ipRoute(ns)), trimEnds(ipn(m.ns[id]!, ['route'], false).stdout));
    }
    for (const a of state.pods) {
      for (const b of state.pods) {
        if (a === b) continue;
        const k = nsExecMerged(m.ns[a.ns]!, ['ip', 'route', 'get', b.ip]);
        check(`ip route get ${b.ip} from ${a.namespace}/${a.name}`, trimEnds(routeGetText(state.netns[a.ns]!, b.ip)), trimEnds(k));
      }
    }
    const reps = podPerNode(state);
    // A router answers "no route" (ip_error) at most once per second per source address, after a burst of 5
    // (net.ipv4.route.error_cost / error_burst: host-wide sysctls, not per namespace, so left alone). One
    // traceroute -N 16 into a router without the route spends the whole burst; the simulator has no clock for
    // that bucket, so a source whose last kernel answer held such errors waits for two tokens (one ping's
    // worth) before its next check.
    const unreachSeen = new Set<string>();
    const paced = (src: string, cmd: () => string): string => {
      if (unreachSeen.has(src)) sleepMs(2100);
      const out = cmd();
      if (/Unreachable|![NH]\b/.test(out)) unreachSeen.add(src);
      else unreachSeen.delete(src);
      return out;
    };
    // the kernel's route cache keeps every path MTU a Frag needed taught it for the whole run: so does the simulator
    const pmtu = new Map<string, number>();
    for (const a of reps) {
      for (const b of reps) {
        if (a === b) continue;
        const from = `${a.namespace}/${a.name}`;
        const to = `${b.namespace}/${b.name}`;
        const mtus = new Set<number>([a.mtu]);
        for (const l of state.netns[`node/${a.node}`]!.links) if (l.kind === 'vxlan' || l.kind === 'ipip') mtus.add(l.mtu);
        for (const mtu of [...mtus].sort((x, y) => x - y)) {
          for (const size of [mtu - 28, mtu - 27]) {
            const sim = pingText(state, from, to, { count: 2, size, pmtudisc: 'do', pmtu });
            const k = paced(from, () => nsExecMerged(m.ns[a.ns]!, ['ping', '-n', '-c', '2', '-i', '0.2', '-W', '1', '-M', 'do', '-s', String(size), b.ip]));
            check(`ping -c 2 -M do -s ${size} ${from} -> ${to}`, normalisePing(sim), normalisePing(k));
          }
        }
        const simTr = tracerouteText(state, from, to);
        const kTr = paced(from, () => nsExecMerged(m.ns[a.ns]!, ['traceroute', '-n', '-q', '1', '-N', '16', '-w', '1', '-m', String(MAX_HOPS), b.ip], 60_000));
        check(`traceroute -n ${from} -> ${to}`, normaliseTraceroute(simTr), normaliseTraceroute(kTr));
      }
    }
    if (m.kubeProxy) {
      const tools = iptablesTools()!;
      for (const n of state.nodes) {
        check(`iptables-save -t nat ${n.name}`, trimEnds(natText(state, n.name)), trimEnds(kernelSave(m.ns[n.ns]!, tools, 'nat')));
        check(`iptables-save -t filter ${n.name}`, trimEnds(kubeProxyFilterSave(state, n.name)), trimEnds(kernelSave(m.ns[n.ns]!, tools, 'filter')));
      }
      for (const c of pathCases(state)) {
        const sim = simulatedPath(state, c);
        check(`tcp ${c.name}`, `${sim.outcome.text}\n`, `${kernelPath(state, m, c, sim.endpointNs).text}\n`);
      }
    }
    opts.out(`${res.agree}/${res.total} checks agree with the kernel\n`);
    return res;
  } finally {
    cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
