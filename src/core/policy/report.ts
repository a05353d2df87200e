// What the CLI and the app print about a cluster's policies: the reachability matrix of every pod
// pair, as JSON or as a grid, and `explain` for one pair — through kube-proxy's DNAT when the target
// is a Service address, with the source port the walk's client would use so that `explain` and
// `trace` land on the same endpoint.

import type { ClusterState } from '../model/cluster';
import { LabError } from '../model/errors';
import { clipMessage } from '../scenario/diag';
import { nsIdPod } from '../model/kernel';
import { ephemeralPort } from '../walk/flowhash';
import { policyRuntime } from './cluster';
import { podKey } from './compile';
import { kubeProxyChoice } from './kubeproxy';
import { explain, matrix, probeKey, type Probe } from './matrix';
import type { FlowProtocol, PolicyPod } from './types';

export type Matrix = Record<string, Record<string, Record<string, boolean>>>;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** "TCP/80", "udp/53", "SCTP/9", "ICMP" → a probe; undefined when malformed. */
export function parseProbe(s: string): Probe | undefined {
  const m = /^(tcp|udp|sctp|icmp)(?:\/(\d{1,5}))?$/i.exec(s.trim());
  if (!m) return undefined;
  const protocol = m[1].toUpperCase() as FlowProtocol;
  if (protocol === 'ICMP') return m[2] === undefined ? { protocol } : undefined;
  if (m[2] === undefined) return undefined;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { protocol, port } : undefined;
}

/** The cluster's pods (with a pod IP) sorted by "namespace/name". */
export function matrixPods(state: ClusterState): PolicyPod[] {
  return [...policyRuntime(state).world.pods].sort((a, b) => cmp(podKey(a), podKey(b)));
}

/**
 * The most ordered pairs (pods² × probes) a whole matrix is built for: a million is a 1,000-pod grid, about
 * 5 MB of text or 45 MB of JSON; 4,000 pods would be 16 million pairs and a gigabyte as objects. Past it
 * the matrix is refused before any pair is computed; `matrixRows` streams a matrix of any size row by row.
 * Listed with the scenario limits in core/scenario/README.md (Limits).
 */
export const MATRIX_LIMITS = { pairs: 1_000_000 } as const;

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Thrown (E123) when a matrix would hold more pairs than MATRIX_LIMITS allows. */
export class MatrixLimitError extends LabError {
  constructor(
    readonly pods: number,
    readonly probes: number,
  ) {
    const pairs = pods * pods * probes;
    super(
      'E123',
      `the matrix would hold ${grouped(pairs)} ordered pairs (${grouped(pods)} pods × ${grouped(pods)} × ${probes} probe${probes === 1 ? '' : 's'}), more than the limit of ${grouped(MATRIX_LIMITS.pairs)}`,
      undefined,
      `at most ${grouped(MATRIX_LIMITS.pairs)} ordered pairs`,
    );
    this.name = 'MatrixLimitError';
  }
}

/** Refuses (E123) a matrix over MATRIX_LIMITS before any of it is computed. */
export function checkMatrixSize(pods: number, probes: number): void {
  if (pods * pods * probes > MATRIX_LIMITS.pairs) throw new MatrixLimitError(pods, probes);
}

/** probe → client "ns/pod" → server "ns/pod" → can the client open a connection to the server's pod IP. */
export function clusterMatrix(state: ClusterState, probes: readonly Probe[]): Matrix {
  const pods = matrixPods(state);
  checkMatrixSize(pods.length, probes.length);
  return matrix(policyRuntime(state).compiled, pods, probes);
}

/**
 * The matrix as grids, one per probe, in the notation of the upstream netpol e2e tables:
 * "." connects, "X" is blocked; rows are clients, columns servers (numbered as the rows).
 */
export function matrixText(m: Matrix, note?: string): string {
  const out: string[] = [];
  for (const [probe, table] of Object.entries(m)) {
    const keys = Object.keys(table);
    const num = (i: number) => String(i + 1);
    const nw = String(keys.length).length;
    const kw = Math.max(0, ...keys.map((k) => k.length));
    const cw = Math.max(2, nw) + 1;
    if (out.length) out.push('');
    out.push(`${probe}: rows = client, columns = server; . connects, X blocked${note ? ` (${note})` : ''}`);
    out.push(`${' '.repeat(nw + 2 + kw)}${keys.map((_, i) => num(i).padStart(cw)).join('')}`);
    keys.forEach((client, ci) => {
      const row = keys.map((server) => (table[client][server] ? '.' : 'X').padStart(cw)).join('');
      out.push(`${num(ci).padStart(nw)}  ${client.padEnd(kw)}${row}`);
    });
    let allowed = 0;
    for (const c of keys) for (const s of keys) if (table[c][s]) allowed++;
    out.push(`${allowed} of ${keys.length * keys.length} ordered pairs connect`);
  }
  return out.join('\n') + '\n';
}

/** A pair `explain` cannot judge. The message quotes the user's --from/--to, so it is clipped like a file's errors. */
export class ExplainError extends Error {
  constructor(message: string) {
    super(clipMessage(message));
  }
}

const PODS_LISTED = 8;

/** The pods a --from could have named: the first few, then how many more (a big lab has 30,000). */
function podList(keys: string[]): string {
  if (keys.length === 0) return 'none';
  const more = keys.length - PODS_LISTED;
  return more > 0 ? `${keys.slice(0, PODS_LISTED).join(', ')} and ${more.toLocaleString('en-US')} more` : keys.join(', ');
}

/**
 * Why `from` (a pod "ns/name") can or cannot open a connection to `to` (a pod "ns/name", a pod IP,
 * or a Service clusterIP) for a probe. A Service target is DNATed as kube-proxy on the client's node
 * would for the walk's connection (its source port), and policy is explained for the chosen pod.
 */
export function explainText(state: ClusterState, from: string, to: string, probe: Probe): string {
  const rt = policyRuntime(state);
  const byKey = new Map(rt.world.pods.map((p) => [podKey(p), p]));
  const client = byKey.get(from);
  if (!client) throw new ExplainError(`--from must be a pod (namespace/name) with a pod IP; "${from}" is not one (pods: ${podList([...byKey.keys()])})`);
  const lines: string[] = [];
  let server = byKey.get(to) ?? rt.world.pods.find((p) => p.ip === to);
  let effective = probe;
  let hairpin = false;
  if (!server) {
    const svc = rt.serviceIps.get(to);
    if (!svc) throw new ExplainError(`--to must be a pod (namespace/name), a pod IP or a Service clusterIP; "${to}" is none of them`);
    if (probe.protocol === 'ICMP' || probe.port === undefined) {
      throw new ExplainError(`${to} is the clusterIP of Service ${podKey(svc)}: kube-proxy only has rules for its ports (${svc.ports.map((p) => `${p.protocol}/${p.port}`).join(', ')}), so ${probeKey(probe)} gets no DNAT and reaches no pod`);
    }
    const srcPort = ephemeralPort(nsIdPod(client.namespace, client.name), `${probe.protocol.toLowerCase()}/${to}/${probe.port}`);
    const choice = kubeProxyChoice(rt, { srcIp: client.ip, srcPort, dstIp: to, dstPort: probe.port, protocol: probe.protocol });
    if (!choice) {
      throw new ExplainError(`${to} is the clusterIP of Service ${podKey(svc)}, which has no port ${probeKey(probe)} (ports: ${svc.ports.map((p) => `${p.protocol}/${p.port}`).join(', ')}): no kube-proxy rule, the packet reaches no pod`);
    }
    if (!choice.endpoint) {
      return `${probeKey(probe)} from ${from} (${client.ip}) to Service ${choice.entry.key} ${to}:${probe.port}: REJECTED\nkube-proxy: Service ${choice.entry.key} has no endpoints (no ready pod matches its selector${typeof choice.entry.port.targetPort === 'string' ? ` with a ${choice.entry.port.protocol} port named "${choice.entry.port.targetPort}"` : ''}): no DNAT; filter FORWARD → KUBE-SERVICES on ${client.node} REJECTs it with ICMP port unreachable (${probe.protocol === 'TCP' ? 'connect: Connection refused' : 'port unreachable'})\n`;
    }
    const ep = choice.endpoint;
    server = byKey.get(ep.pod)!;
    effective = { protocol: probe.protocol, port: ep.port };
    hairpin = server === client;
    lines.push(
      `kube-proxy on ${client.node}: Service ${choice.entry.key} ${to}:${probe.port}/${probe.protocol} → ${ep.ip}:${ep.port} (endpoint ${choice.index + 1} of ${choice.entry.endpoints.length}: ${ep.pod}; client source port ${srcPort}, as the walk's ${probe.protocol} client picks it)`,
      ...(hairpin
        ? [
            `hairpin: the endpoint is the client itself; the packet left by its veth, and KUBE-MARK-MASQ makes ${client.node} masquerade it back through the same veth (source becomes the node's address; the reply returns as ${to}:${probe.port} → ${client.ip})`,
          ]
        : []),
      hairpin ? "policy sees the chosen pod, after DNAT and before the SNAT: the pod's own egress and ingress policy apply" : 'policy sees the chosen pod, after DNAT:',
    );
  }
  lines.push(explain(rt.compiled, client, server, effective, { hairpin }));
  return lines.join('\n') + '\n';
}
