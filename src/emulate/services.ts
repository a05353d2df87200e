// kube-proxy's rules on the real kernel: `up` loads each node's `iptables-save -t nat` text (the simulator's
// kubeProxyNatSave, as kube-proxy writes it) with iptables-restore inside that node's namespace — never the root
// namespace — and `verify` asks the kernel two things about Services:
// - the rules as iptables itself prints them back (iptables-save after iptables-restore): the text kube-proxy
//   writes must survive the round trip unchanged, so the simulator's text is iptables-save's own format;
// - connections through them: nc listeners (-l -k -n -v) in every endpoint pod, a client connecting to a
//   clusterIP:port (from one pod per node) or to a node's address on a nodePort (from the outside gateway);
//   compared are the outcome (connected, refused, timed out), the endpoint pod that accepted and the source
//   address it saw. The kernel's KUBE-SVC picks at random where the simulator hashes the flow, so the client
//   retries (new source ports) until the kernel picks the simulator's endpoint, up to RETRIES times.
// Legacy iptables (ip_tables) is used when present: it needs no nf_tables in the kernel.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterState } from '../core/model/cluster';
import { policyRuntime, type ServicePortEntry } from '../core/policy/cluster';
import { kubeProxyChoice } from '../core/policy/kubeproxy';
import { kubeProxyFilterSave, kubeProxyNatSave } from '../core/policy/iptablesSave';
import { runWalk } from '../core/tools';
import type { LabMap } from './plan';
import { haveCommand, run, sleepMs } from './run';

const RETRIES = 24;

/** The iptables-restore / -save pair to use, or undefined when neither is installed. */
export function iptablesTools(): { restore: string; save: string } | undefined {
  if (haveCommand('iptables-legacy-restore')) return { restore: 'iptables-legacy-restore', save: 'iptables-legacy-save' };
  if (haveCommand('iptables-restore')) return { restore: 'iptables-restore', save: 'iptables-save' };
  return undefined;
}

/** TCP Service ports with endpoints: the ones whose rules and paths are checked. */
export function checkedServicePorts(state: ClusterState): ServicePortEntry[] {
  return [...policyRuntime(state).servicePorts.values()].filter((e) => e.endpoints.length > 0 && e.port.protocol === 'TCP');
}

/** kube-proxy's nat text for a node without the simulator's own comment line: what iptables-restore reads. */
export function natText(state: ClusterState, node: string): string {
  return kubeProxyNatSave(state, node)
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}

/** Loads every node's kube-proxy rules into its namespace. */
export function loadKubeProxy(state: ClusterState, m: LabMap, tools: { restore: string }): void {
  for (const n of state.nodes) {
    const ns = m.ns[n.ns];
    if (!ns) continue;
    const r = run('ip', ['netns', 'exec', ns, tools.restore], { input: kubeProxyFilterSave(state, n.name) + natText(state, n.name) });
    if (r.code !== 0) throw new Error(`${tools.restore} in ${ns}: ${r.stderr.trim()}`);
  }
}

/** iptables-save -t TABLE in a node's namespace, without its "# Generated/Completed" lines and with the
 *  built-in chains' packet counters zeroed (they count the traffic of the checks, not the rules). */
export function kernelSave(ns: string, tools: { save: string }, table: 'nat' | 'filter'): string {
  return run('ip', ['netns', 'exec', ns, tools.save, '-t', table], { check: false })
    .stdout.split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.replace(/^(:[A-Z]+ [A-Z]+) \[\d+:\d+\]$/, '$1 [0:0]'))
    .join('\n');
}

export { kubeProxyFilterSave };

export interface PathCase {
  name: string;
  /** the client's address (what sessionAffinity keys on) */
  srcIp: string;
  /** the client: a simulator NetNS id and the walk's "from" */
  fromNs: string;
  from: string;
  dst: string;
  port: number;
  entry: ServicePortEntry;
}

/** Which connections to try: each clusterIP port from one pod per node; each nodePort on every node from
 *  the outside gateway (when the lab has one). */
export function pathCases(state: ClusterState): PathCase[] {
  const out: PathCase[] = [];
  const seen = new Set<string>();
  const reps = state.pods.filter((p) => !seen.has(p.node) && (seen.add(p.node), true));
  const gw = Object.values(state.netns).find((x) => x.kind === 'router' && x.external);
  const gwIp = gw?.links.find((l) => l.kind === 'ether')?.addrs[0]?.ip;
  for (const e of checkedServicePorts(state)) {
    for (const p of reps) out.push({ name: `${p.namespace}/${p.name} -> ${e.service.clusterIP}:${e.port.port} (${e.key})`, srcIp: p.ip, fromNs: p.ns, from: `${p.namespace}/${p.name}`, dst: e.service.clusterIP!, port: e.port.port, entry: e });
    if (e.port.nodePort !== undefined && e.service.type && gw && gwIp)
      for (const n of state.nodes)
        if (n.address) out.push({ name: `${gw.name} -> ${n.name} ${n.address.ip}:${e.port.nodePort} (${e.key})`, srcIp: gwIp, fromNs: gw.id, from: gwIp, dst: n.address.ip, port: e.port.nodePort, entry: e });
  }
  return out;
}

export interface PathOutcome {
  /** connected: "<endpoint pod> saw <source>"; otherwise "refused" or "timed out" */
  text: string;
}

const AFFINITY_TRIES = 6;
const stickyText = (n: number, endpoints: number) => `${n} connections, ${endpoints} endpoint${endpoints === 1 ? '' : 's'}`;

/** The simulator's answer for one case. With sessionAffinity ClientIP: how many endpoints AFFINITY_TRIES
 *  connections of one client (new source ports) reach — the kernel's recent list holds it to its first pick,
 *  whichever that was, so only the stickiness is compared. */
export function simulatedPath(state: ClusterState, c: PathCase): { outcome: PathOutcome; endpointNs?: string } {
  if (c.entry.service.affinity && c.dst === c.entry.service.clusterIP) {
    const rt = policyRuntime(state);
    const eps = new Set(Array.from({ length: AFFINITY_TRIES }, (_, i) => kubeProxyChoice(rt, { srcIp: c.srcIp, srcPort: 40000 + i, dstIp: c.dst, dstPort: c.port, protocol: 'TCP' })?.endpoint?.pod));
    return { outcome: { text: stickyText(AFFINITY_TRIES, eps.size) } };
  }
  const w = runWalk(state, { from: c.from, to: c.dst, protocol: 'tcp', port: c.port });
  const v = w.verdict;
  if (v.kind === 'delivered') {
    const last = w.hops[w.hops.length - 1]!;
    const ip = last.packet.find((h) => h.type === 'ipv4') as { src: string } | undefined;
    return { outcome: { text: `${v.at.replace(/^pod\//, '')} saw ${ip?.src ?? '?'}` }, endpointNs: v.at };
  }
  const refused = /refused|port unreachable/i.test(v.message ?? '');
  return { outcome: { text: refused ? 'refused' : 'timed out' } };
}

const LISTEN_WAIT_MS = 5_000;
// nc logs after accepting; at load ~10 (a CI run beside other work) 3 s once was not enough (a false
// "no endpoint listener saw it"). Only a miss waits the whole time.
const LOG_WAIT_MS = 10_000;

/** The kernel's answer: listeners in every endpoint pod of the Service port, then nc from the client,
 *  retried until the wanted endpoint (the simulator's) accepts or RETRIES tries are spent. */
export function kernelPath(state: ClusterState, m: LabMap, c: PathCase, wantNs?: string): PathOutcome {
  const dir = mkdtempSync(join(tmpdir(), 'cnilab-nc-'));
  const listeners: { ns: string; file: string; proc: ChildProcess }[] = [];
  try {
    for (const ep of c.entry.endpoints) {
      const id = `pod/${ep.pod}`;
      const ns = m.ns[id];
      if (!ns) continue;
      const file = join(dir, `${listeners.length}.log`);
      // our own children, ended below by their pid
      const proc = spawn('sh', ['-c', `exec ip netns exec "$0" timeout 60 nc -l -k -n -v -p "$1" 2>>"$2" >/dev/null`, ns, String(ep.port), file], { stdio: 'ignore' });
      listeners.push({ ns: id, file, proc });
    }
    // a fixed pause was a race on a loaded machine (nc not yet listening → 'refused'): wait until each
    // listener's socket is in LISTEN inside its namespace, for at most LISTEN_WAIT_MS
    for (const ep of c.entry.endpoints) {
      const ns = m.ns[`pod/${ep.pod}`];
      if (!ns) continue;
      for (let waited = 0; waited < LISTEN_WAIT_MS; waited += 50) {
        const ss = run('ip', ['netns', 'exec', ns, 'ss', '-Hltn', `sport = :${ep.port}`], { check: false, timeoutMs: 5_000 });
        if (ss.code === 0 && ss.stdout.trim() !== '') break;
        sleepMs(50);
      }
    }
    const client = m.ns[c.fromNs]!;
    const seenBy = () =>
      listeners.map((l) => {
        let text = '';
        try {
          text = readFileSync(l.file, 'utf8');
        } catch {
          /* not written yet */
        }
        return { id: l.ns, got: [...text.matchAll(/Connection received on (\S+) \d+/g)].map((x) => x[1]!) };
      });
    let last: PathOutcome = { text: 'timed out' };
    const sticky = c.entry.service.affinity !== undefined && c.dst === c.entry.service.clusterIP;
    const hitIds = new Set<string>();
    for (let i = 0; i < (sticky ? AFFINITY_TRIES : RETRIES); i++) {
      const before = seenBy().map((s) => s.got.length);
      const r = run('ip', ['netns', 'exec', client, 'nc', '-z', '-n', '-v', '-w', '2', c.dst, String(c.port)], { check: false, timeoutMs: 10_000 });
      const msg = r.stdout + r.stderr;
      if (r.code !== 0) return { text: /refused/i.test(msg) ? 'refused' : 'timed out' };
      // nc writes 'Connection received' after accepting; give a loaded machine time to get there
      let now = seenBy();
      let hit = now.find((s, k) => s.got.length > before[k]!);
      for (let waited = 0; !hit && waited < LOG_WAIT_MS; waited += 50) {
        sleepMs(50);
        now = seenBy();
        hit = now.find((s, k) => s.got.length > before[k]!);
      }
      if (!hit) return { text: 'connected, no endpoint listener saw it' };
      last = { text: `${hit.id.replace(/^pod\//, '')} saw ${hit.got[hit.got.length - 1]}` };
      hitIds.add(hit.id);
      if (!sticky && (!wantNs || hit.id === wantNs)) return last;
    }
    if (sticky) return { text: stickyText(AFFINITY_TRIES, hitIds.size) };
    return { text: `${last.text} (the kernel never picked the simulator's endpoint in ${RETRIES} tries)` };
  } finally {
    for (const l of listeners) if (l.proc.pid) process.kill(l.proc.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
