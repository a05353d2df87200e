// Diagnostic tools a student runs in the labs: traceroute (Linux traceroute 2.x and BusyBox),
// iputils ping, `ss -antp` (the CentOS 7 iproute2 layout seed 001 shows) and `kubectl get pods -o wide`.

import { ICMP_HLEN, IPV4_HLEN } from '../model/headers';
import { KUBECTL_TABWRITER, tabwrite } from './gotab';
import { formatFixed, formatGoG, padLeft, padRight } from './printf';

// ---------------------------------------------------------------------------------------------
// traceroute
// ---------------------------------------------------------------------------------------------

export interface TraceHop {
  /** TTL of the probes (1-based) */
  hop: number;
  /** address that answered; absent when nothing answered ("* * *") */
  addr?: string;
  /** one entry per probe, in ms; null = that probe timed out */
  rtts: (number | null)[];
  /** ICMP unreachable marker printed after each time, e.g. "!H", "!N", "!F-1450" */
  annotation?: string;
}

export interface TracerouteOptions {
  /** linux = traceroute 2.x (60-byte packets), busybox = BusyBox traceroute in pods (46-byte packets) */
  variant: 'linux' | 'busybox';
  packetSize?: number;
  /** -n: addresses only. Default false, like the seeds, which print "name (addr)". */
  numeric?: boolean;
  /** reverse-DNS names by address (CoreDNS PTR records such as
   *  "192-168-26-71.kubernetes.default.svc.cluster.local"); without one the address stands for the name */
  names?: Record<string, string>;
  maxHops?: number;
  /** probes per hop (-q), default 3 */
  probes?: number;
}

/** traceroute output. Both implementations print the same shapes (traceroute.c print_addr/print_probe,
 *  BusyBox traceroute.c): header "traceroute to D (D), 30 hops max, N byte packets", then per hop
 *  "%2d " and, per probe, " name (addr)" when the answering address is new, "  %.3f ms", or " *". */
export function traceroute(dstIp: string, hops: TraceHop[], opts: TracerouteOptions): string {
  const size = opts.packetSize ?? (opts.variant === 'busybox' ? 46 : 60);
  const probes = opts.probes ?? 3;
  let out = `traceroute to ${dstIp} (${dstIp}), ${opts.maxHops ?? 30} hops max, ${size} byte packets\n`;
  for (const h of hops) {
    let line = padLeft(String(h.hop), 2) + ' ';
    let printedAddr = false;
    for (let p = 0; p < probes; p++) {
      const rtt = h.rtts[p];
      if (h.addr === undefined || rtt === null || rtt === undefined) {
        line += ' *';
        continue;
      }
      if (!printedAddr) {
        line += opts.numeric ? ` ${h.addr}` : ` ${opts.names?.[h.addr] ?? h.addr} (${h.addr})`;
        printedAddr = true;
      }
      line += `  ${formatFixed(rtt, 3)} ms`;
      if (h.annotation) line += ` ${h.annotation}`;
    }
    out += line + '\n';
  }
  return out;
}

/** 32-bit FNV-1a over the UTF-8 bytes of s. */
function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  const byte = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) byte(c);
    else if (c < 0x800) {
      byte(0xc0 | (c >> 6));
      byte(0x80 | (c & 63));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 63));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    }
  }
  return h >>> 0;
}

/**
 * A deterministic round-trip time for probe `probe` (0-based) of hop `hopIndex` (1-based), in ms,
 * rounded to the microsecond:
 *
 *   base(h)  = 0.008                 for h = 1 (the local node answers from its own stack)
 *            = 0.150 × h             for h ≥ 2 (each further hop adds a wire and a forwarding step)
 *   jitter   = FNV-1a-32("<seedKey>#<h>#<probe>") / 2^32            ∈ [0, 1)
 *   warm-up  = 0.040 for probe 0, else 0   (the first probe pays for ARP/route-cache misses)
 *   rtt      = base(h) × (1 + 0.25 × jitter) + warm-up
 *
 * This gives the shape of the seeds (hop 1 ≈ "0.049 ms  0.009 ms  0.007 ms", later hops a few tenths
 * of a millisecond) without any randomness: the same seedKey always yields the same numbers.
 */
export function rttFor(hopIndex: number, probe: number, seedKey: string): number {
  const base = hopIndex <= 1 ? 0.008 : 0.15 * hopIndex;
  const jitter = fnv1a32(`${seedKey}#${hopIndex}#${probe}`) / 4294967296;
  const rtt = base * (1 + 0.25 * jitter) + (probe === 0 ? 0.04 : 0);
  return Math.round(rtt * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// ping (iputils ping/ping_common.c, ping/ping.c)
// ---------------------------------------------------------------------------------------------

export type PingEvent =
  /** an echo reply: "64 bytes from D: icmp_seq=1 ttl=63 time=4.57 ms" */
  | { kind: 'reply'; seq: number; ttl: number; timeMs: number }
  /** an ICMP error about our packet: "From 192.168.2.21 icmp_seq=1 Frag needed and DF set (mtu = 1450)" */
  | { kind: 'icmp-error'; seq: number; from: string; text: string }
  /** the sender's own PMTU check refused to send: "ping: local error: message too long, mtu=1450" */
  | { kind: 'local-error'; seq: number; mtu: number }
  /** sendmsg failed ("No buffer space available" when the veth drops an oversized frame) */
  | { kind: 'send-error'; seq: number; message: string }
  /** sent, nothing came back */
  | { kind: 'lost'; seq: number };

/** Texts of ping's pr_icmph for the errors the labs produce. */
export const PING_ICMP_TEXT = {
  fragNeeded: (mtu: number) => `Frag needed and DF set (mtu = ${mtu})`,
  hostUnreachable: 'Destination Host Unreachable',
  netUnreachable: 'Destination Net Unreachable',
  portUnreachable: 'Destination Port Unreachable',
  ttlExceeded: 'Time to live exceeded',
  adminProhibited: 'Packet filtered',
} as const;

export interface PingOptions {
  /** -s: ICMP payload bytes, default 56 */
  size?: number;
  /** print the "--- D ping statistics ---" block (ping exited); default true */
  summary?: boolean;
  /** packets sent; default the number of distinct icmp_seq values in events */
  transmitted?: number;
  /** the "time Nms" of the summary; default (transmitted − 1) × 1000 (one probe per second) */
  elapsedMs?: number;
}

/** ping's reply time: triptime in µs printed with 3, 2, 1 or 0 decimals depending on its size. */
export function pingTime(timeMs: number): string {
  const t = Math.round(timeMs * 1000);
  if (t >= 100000 - 50) return String(Math.floor((t + 500) / 1000));
  if (t >= 10000 - 5) return `${Math.floor((t + 50) / 1000)}.${Math.floor(((t + 50) % 1000) / 100)}`;
  if (t >= 1000) return `${Math.floor((t + 5) / 1000)}.${String(Math.floor(((t + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `${Math.floor(t / 1000)}.${String(t % 1000).padStart(3, '0')}`;
}

const usec = (v: bigint) => `${v / 1000n}.${String(v % 1000n).padStart(3, '0')}`;

/** iputils `ping DST`: header, one line per event, and the statistics block. */
export function pingLines(dst: string, events: PingEvent[], opts: PingOptions = {}): string {
  const size = opts.size ?? 56;
  let out = `PING ${dst} (${dst}) ${size}(${size + IPV4_HLEN + ICMP_HLEN}) bytes of data.\n`;
  const trips: bigint[] = [];
  let errors = 0;
  for (const e of events) {
    switch (e.kind) {
      case 'reply':
        out += `${size + ICMP_HLEN} bytes from ${dst}: icmp_seq=${e.seq} ttl=${e.ttl} time=${pingTime(e.timeMs)} ms\n`;
        trips.push(BigInt(Math.round(e.timeMs * 1000)));
        break;
      case 'icmp-error':
        out += `From ${e.from} icmp_seq=${e.seq} ${e.text}\n`;
        errors++;
        break;
      case 'local-error':
        out += `ping: local error: message too long, mtu=${e.mtu}\n`;
        errors++;
        break;
      case 'send-error':
        out += `ping: sendmsg: ${e.message}\n`;
        break;
      case 'lost':
        break;
    }
  }
  if (opts.summary === false) return out;

  const transmitted = opts.transmitted ?? new Set(events.map((e) => e.seq)).size;
  const received = trips.length;
  out += `\n--- ${dst} ping statistics ---\n`;
  out += `${transmitted} packets transmitted, ${received} received`;
  if (errors) out += `, +${errors} errors`;
  if (transmitted) {
    const loss = formatGoG(Math.fround(((transmitted - received) * 100.0) / transmitted), 6);
    out += `, ${loss}% packet loss, time ${opts.elapsedMs ?? Math.max(0, transmitted - 1) * 1000}ms`;
  }
  out += '\n';
  if (received) {
    // finish(): integer µs arithmetic, mdev = sqrt((tsum2 − tsum²/n)/n) truncated
    const n = BigInt(received);
    const tsum = trips.reduce((a, b) => a + b, 0n);
    const tsum2 = trips.reduce((a, b) => a + b * b, 0n);
    const tmin = trips.reduce((a, b) => (b < a ? b : a));
    const tmax = trips.reduce((a, b) => (b > a ? b : a));
    const tmavg = tsum / n;
    const tmvar = tsum < 2147483647n ? (tsum2 - (tsum * tsum) / n) / n : tsum2 / n - tmavg * tmavg;
    const tmdev = BigInt(Math.floor(Math.sqrt(Number(tmvar < 0n ? -tmvar : tmvar))));
    out += `rtt min/avg/max/mdev = ${usec(tmin)}/${usec(tmavg)}/${usec(tmax)}/${usec(tmdev)} ms`;
  }
  return out + '\n';
}

// ---------------------------------------------------------------------------------------------
// ss -antp | grep ESTAB | grep bird
// ---------------------------------------------------------------------------------------------

export interface SsEntry {
  local: string;
  localPort: number;
  peer: string;
  peerPort: number;
  pid: number;
  fd: number;
}

export interface SsOptions {
  state?: string; // default ESTAB
  process?: string; // default bird
  recvQ?: number;
  sendQ?: number;
}

/** Socket lines in the layout of the iproute2 3.x ss that seed 001 ran (CentOS 7), piped (80
 *  columns, misc/ss.c main): state "%-10s ", queues "%-6d %-6d ", then each endpoint "%*s:%-*s " with
 *  addr_width 7 and serv_width 18 (the 80-column split, with 13 columns moved from the address to the
 *  port) — a dotted IPv4 address has at least 7 characters, so it comes out left-aligned — and
 *  " users:((…))". Matches seed 001 byte for byte. */
export function ssBird(entries: SsEntry[], opts: SsOptions = {}): string {
  const state = opts.state ?? 'ESTAB';
  const proc = opts.process ?? 'bird';
  const endpoint = (addr: string, port: number) => `${padLeft(addr, 7)}:${padRight(String(port), 18)} `;
  return entries
    .map(
      (e) =>
        `${padRight(state, 10)} ${padRight(String(opts.recvQ ?? 0), 6)} ${padRight(String(opts.sendQ ?? 0), 6)} ` +
        endpoint(e.local, e.localPort) +
        endpoint(e.peer, e.peerPort) +
        ` users:(("${proc}",pid=${e.pid},fd=${e.fd}))\n`,
    )
    .join('');
}

// ---------------------------------------------------------------------------------------------
// kubectl get pods -o wide
// ---------------------------------------------------------------------------------------------

export interface PodRow {
  name: string;
  /** shown as the first column with `-A` (kubectl's NAMESPACE) */
  namespace?: string;
  ip?: string;
  node?: string;
  ready?: string; // default "1/1"
  status?: string; // default "Running"
  restarts?: number | string; // default 0
  age?: string; // default "5m"
}

export interface GetPodsOptions {
  /** `-A`: every namespace, with kubectl's NAMESPACE column first */
  allNamespaces?: boolean;
  /** `-o wide` (default) adds IP, NODE and the two scheduling columns; without it kubectl prints five columns */
  wide?: boolean;
}

/** `kubectl get pods [-A] [-o wide]`: kubectl's tabwriter (minwidth 6, padding 3), last column unpadded,
 *  missing values and the two scheduling-gate columns as "<none>". The caller picks the pods (one namespace,
 *  or all of them with allNamespaces). */
export function kubectlGetPodsWide(pods: PodRow[], opts: GetPodsOptions = {}): string {
  const wide = opts.wide ?? true;
  const ns = opts.allNamespaces ? ['NAMESPACE'] : [];
  const header = [...ns, 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', ...(wide ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : [])];
  const rows = pods.map((p) => [
    ...(opts.allNamespaces ? [p.namespace ?? 'default'] : []),
    p.name,
    p.ready ?? '1/1',
    p.status ?? 'Running',
    String(p.restarts ?? 0),
    p.age ?? '5m',
    ...(wide ? [p.ip ?? '<none>', p.node ?? '<none>', '<none>', '<none>'] : []),
  ]);
  return tabwrite([header, ...rows], KUBECTL_TABWRITER);
}
