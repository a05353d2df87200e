// The app's terminal, as a pure function: a command line typed on a node or in a pod → the text the real
// tool prints (C locale), from the same core renderers the CLI uses. One table (TERMINAL_COMMANDS) maps
// each command to its renderer and to the CLI subcommand that prints the same thing; dispatch, `help` and
// the README's table all read it.

import type { ClusterState } from '../model/cluster';
import type { NetNS } from '../model/kernel';
import { nsIdNode, nsIdPod } from '../model/kernel';
import type { WalkResult } from '../model/packet';
import { bridgeFdb, getIPPoolWide, ipAddr, ipLinkDetails, ipNeigh, ipRoute, ipamShow, kubectlGetPodsWide, nodeStatus, routeN } from '../render';
import { bgpConfigText, bgpPeerText, nodeWideText, sessionsOf, ssText } from '../bgp';
import { ipamBlockRows, parseEndpoint, QueryError } from '../query';
import { pingText, routeGetText, tcpdumpText, tracerouteText } from '../tools';
import { grep, pipeline, PipeError } from './pipes';

export type TerminalTarget = { node: string } | { pod: string };

export interface TerminalContext {
  /** the last packet walk the app ran (tcpdump prints its frames) */
  lastWalk?: WalkResult;
}

export interface CommandResult {
  out: string;
  /** shell exit status: 0 ok, 1 the tool failed, 2 usage, 127 not found */
  exit: number;
}

interface Env {
  state: ClusterState;
  target: TerminalTarget;
  ns: NetNS;
  /** the endpoint as the walk functions take it: node name or namespace/pod */
  self: string;
  onNode: boolean;
  ctx: TerminalContext;
}

export interface TerminalCommand {
  /** how it is typed (the canonical spelling) */
  usage: string;
  /** other spellings accepted, as argv prefixes */
  aliases?: string[];
  /** core renderer that prints the output */
  renderer: string;
  /** CLI subcommand printing the same text (`npm run cli -- …`) */
  cli: string;
  /** the tool takes options anywhere after its name (ping, traceroute, tcpdump): only the name is matched */
  options?: boolean;
  /** only on nodes (pods have no calicoctl/kubectl/bridge) */
  nodeOnly?: boolean;
  summary: string;
  /** argv after the command's own words */
  run(env: Env, args: string[]): CommandResult;
}

const ok = (out: string): CommandResult => ({ out, exit: 0 });
const fail = (out: string, exit = 1): CommandResult => ({ out: out.endsWith('\n') ? out : out + '\n', exit });

/** -x VALUE / -xVALUE options of the classic tools, plus positional words. */
function opts(args: string[], withValue: string[]): { flags: Map<string, string | true>; pos: string[] } {
  const flags = new Map<string, string | true>();
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('-') && a.length > 1) {
      const name = a.slice(0, 2);
      if (withValue.includes(name)) {
        const v = a.length > 2 ? a.slice(2) : args[++i];
        if (v === undefined) throw new UsageError(`option requires an argument -- '${name.slice(1)}'`);
        flags.set(name, v);
      } else for (const c of a.slice(1)) flags.set(`-${c}`, true);
    } else pos.push(a);
  }
  return { flags, pos };
}

class UsageError extends Error {}

function intOpt(v: string | true | undefined, what: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (v === true || !/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`invalid ${what}: '${v === true ? '' : v}'`);
  return Number(v);
}

/** `[show] [dev] IFACE` after ip addr/link/neigh and bridge fdb: the device to show, checked to exist. */
function devOf(env: Env, args: string[]): { dev?: string } {
  const rest = args.filter((a) => a !== 'show' && a !== 'list' && a !== 'dev');
  if (!rest.length) return {};
  if (rest.length > 1) throw new UsageError(`Error: either "dev" is duplicate, or "${rest[1]}" is a garbage.`);
  if (!env.ns.links.some((l) => l.name === rest[0])) throw new UsageError(`Device "${rest[0]}" does not exist.`);
  return { dev: rest[0] };
}

/** a destination as typed: an IP, a node name or namespace/pod */
function destination(env: Env, s: string | undefined, tool: string): string {
  if (!s) throw new UsageError(`${tool}: usage error: Destination address required`);
  try {
    parseEndpoint(env.state, s);
  } catch {
    throw new UsageError(`${tool}: ${s}: Name or service not known`);
  }
  return s;
}

export const TERMINAL_COMMANDS: readonly TerminalCommand[] = [
  {
    usage: 'route -n',
    renderer: 'routeN',
    cli: 'routes FILE --node N [--pod NS/POD]',
    summary: 'the main routing table (net-tools)',
    run: (env) => ok(routeN(env.ns)),
  },
  {
    usage: 'ip route get ADDRESS',
    aliases: ['ip r get', 'ip ro get'],
    renderer: 'ipRouteGet (core/tools routeGetText)',
    cli: 'route-get FILE --node N --to IP',
    summary: 'the route the kernel picks for one address',
    run: (env, args) => {
      if (!args[0]) return fail('Usage: ip route get ADDRESS', 255);
      const out = routeGetText(env.ns, args[0]);
      return out.startsWith('RTNETLINK') || out.startsWith('Error') ? fail(out, out.startsWith('Error') ? 1 : 2) : ok(out);
    },
  },
  {
    usage: 'ip route',
    aliases: ['ip r', 'ip ro', 'ip route show', 'ip route list', 'ip r s'],
    renderer: 'ipRoute',
    cli: 'routes FILE --node N --format ip-route',
    summary: 'the main routing table (iproute2)',
    run: (env) => ok(ipRoute(env.ns)),
  },
  {
    usage: 'ip addr [show [dev] IFACE]',
    aliases: ['ip a', 'ip addr show', 'ip address', 'ip address show', 'ip a s'],
    renderer: 'ipAddr',
    cli: 'addr FILE --node N',
    summary: 'links, MTUs, MACs and addresses',
    run: (env, args) => ok(ipAddr(env.ns, devOf(env, args))),
  },
  {
    usage: 'ip -d link [show [dev] IFACE]',
    aliases: ['ip -d link show', 'ip -details link', 'ip -d l', 'ip -d link list'],
    renderer: 'ipLinkDetails',
    cli: 'link FILE --node N',
    summary: 'device details: vxlan id/port/local, ipip, veth peers',
    run: (env, args) => ok(ipLinkDetails(env.ns, devOf(env, args))),
  },
  {
    usage: 'ip neigh [show [dev IFACE]]',
    aliases: ['ip n', 'ip neigh show', 'ip neighbour', 'ip neighbor'],
    renderer: 'ipNeigh',
    cli: 'neigh FILE --node N',
    summary: 'the neighbour (ARP) table',
    run: (env, args) => ok(ipNeigh(env.ns, devOf(env, args))),
  },
  {
    usage: 'bridge fdb show [[dev] IFACE]',
    aliases: ['bridge fdb'],
    renderer: 'bridgeFdb',
    cli: 'fdb FILE --node N',
    summary: 'forwarding database: VXLAN VTEP MAC → node IP',
    run: (env, args) => ok(bridgeFdb(env.ns, devOf(env, args))),
  },
  {
    usage: 'ping [-c COUNT] [-s SIZE] [-M do|want|dont] DEST',
    options: true,
    renderer: 'pingLines (core/tools pingText)',
    cli: 'ping FILE --from A --to B [--count N] [--size N] [--pmtudisc M]',
    summary: 'iputils ping (3 echo requests unless -c)',
    run: (env, args) => {
      const { flags, pos } = opts(args, ['-c', '-s', '-M', '-W', '-i', '-t']);
      const to = destination(env, pos[0], 'ping');
      const count = intOpt(flags.get('-c'), 'count of packets to transmit', 1, 100) ?? 3;
      const size = intOpt(flags.get('-s'), 'packet size', 0, 65507) ?? 56;
      const m = flags.get('-M');
      if (m !== undefined && m !== 'do' && m !== 'want' && m !== 'dont') throw new UsageError(`ping: invalid -M argument: ${m === true ? '' : m}`);
      const out = pingText(env.state, env.self, to, { count, size, ...(m ? { pmtudisc: m } : {}) });
      return { out, exit: /, 0 received/.test(out) ? 1 : 0 };
    },
  },
  {
    usage: 'traceroute -n DEST',
    options: true,
    renderer: 'traceroute (core/tools tracerouteText)',
    cli: 'traceroute FILE --from A --to B',
    summary: 'Linux traceroute, UDP probes, numeric',
    run: (env, args) => {
      const { pos } = opts(args, ['-m', '-q', '-w', '-p']);
      const to = destination(env, pos[0], 'traceroute');
      return ok(tracerouteText(env.state, env.self, to, 'linux'));
    },
  },
  {
    usage: 'tcpdump -n -i IFACE [-e] [-v]',
    options: true,
    renderer: 'createTcpdump (core/tools tcpdumpText)',
    cli: 'tcpdump FILE --from A --to B --iface NODE:IF [-e] [-v]',
    summary: "what tcpdump prints on IFACE for the app's last packet (request and reply)",
    run: (env, args) => {
      const { flags } = opts(args, ['-i', '-c', '-s', '-w']);
      const iface = flags.get('-i');
      if (iface === undefined || iface === true) return fail('tcpdump: this lab captures on one interface: tcpdump -n -i IFACE', 1);
      if (!env.ns.links.some((l) => l.name === iface)) return fail(`tcpdump: ${iface}: No such device exists\n(SIOCGIFHWADDR: No such device)`, 1);
      const head = `tcpdump: verbose output suppressed, use -v or -vv for full protocol decode\nlistening on ${iface}, link-type ${env.ns.links.find((l) => l.name === iface)!.kind === 'ipip' ? 'RAW (Raw IP)' : 'EN10MB (Ethernet)'}, capture size 262144 bytes\n`;
      if (!env.ctx.lastWalk) return ok(`${head}(no packet yet: send one from the Send a packet panel, then run tcpdump again)\n`);
      const lines = tcpdumpText(env.state, env.ctx.lastWalk, env.ns.id, iface, { e: flags.get('-e') === true, v: flags.get('-v') === true });
      const n = lines ? lines.split('\n').length - 1 : 0;
      return ok(`${flags.get('-v') === true ? head.split('\n').slice(1).join('\n') : head}${lines}${n} packet${n === 1 ? '' : 's'} captured\n`);
    },
  },
  {
    usage: 'calicoctl node status',
    renderer: 'nodeStatus',
    cli: 'bgp FILE --node N',
    nodeOnly: true,
    summary: "this node's BGP sessions as BIRD reports them",
    run: (env) => {
      const node = 'node' in env.target ? env.target.node : '';
      const calico = env.state.scenario.cluster.cni === 'calico';
      return ok(nodeStatus(calico ? sessionsOf(env.state, node) : [], { running: calico && env.state.bgp.running, calicoRunning: calico, clockStart: env.state.scenario.cluster.clockStart }));
    },
  },
  {
    usage: 'calicoctl get ippool -o wide',
    aliases: ['calicoctl get ippools -o wide', 'calicoctl get ippool -owide', 'calicoctl get ippool --output=wide'],
    renderer: 'getIPPoolWide',
    cli: 'pools FILE',
    nodeOnly: true,
    summary: 'the IP pools with their encapsulation modes',
    run: (env) => ok(getIPPoolWide(env.state.scenario.ippools)),
  },
  {
    usage: 'calicoctl ipam show [--show-blocks]',
    renderer: 'ipamShow',
    cli: 'ipam FILE [--show-blocks]',
    nodeOnly: true,
    summary: 'IPAM usage per pool (and per block)',
    run: (env, args) => ok(ipamShow(env.state.ipam.pools, ipamBlockRows(env.state), args.includes('--show-blocks'))),
  },
  {
    usage: 'calicoctl get bgpconfig',
    aliases: ['calicoctl get bgpconfiguration', 'calicoctl get bgpconfigurations'],
    renderer: 'getBGPConfig (core/bgp bgpConfigText)',
    cli: 'bgpconfig FILE',
    nodeOnly: true,
    summary: 'BGPConfiguration: node-to-node mesh on/off, AS number',
    run: (env) => ok(bgpConfigText(env.state)),
  },
  {
    usage: 'calicoctl get bgppeer',
    aliases: ['calicoctl get bgppeers'],
    renderer: 'getBGPPeer (core/bgp bgpPeerText)',
    cli: 'bgppeers FILE',
    nodeOnly: true,
    summary: 'BGPPeer resources: who peers with whom',
    run: (env) => ok(bgpPeerText(env.state)),
  },
  {
    usage: 'calicoctl get node -o wide',
    aliases: ['calicoctl get nodes -o wide', 'calicoctl get node -owide', 'calicoctl get nodes -owide'],
    renderer: 'getNodeWide (core/bgp nodeWideText)',
    cli: 'nodes FILE',
    nodeOnly: true,
    summary: "Calico nodes: AS number and the autodetected IPv4 address",
    run: (env) => ok(nodeWideText(env.state)),
  },
  {
    usage: 'ss -antp',
    aliases: ['ss -tanp', 'ss -antp4', 'ss -tnp'],
    renderer: 'ssBird (core/bgp ssText)',
    cli: 'ss FILE --node N',
    nodeOnly: true,
    summary: "BIRD's BGP sockets (pipe into grep ESTAB / grep bird as usual)",
    run: (env) => ok(ssText(env.state, 'node' in env.target ? env.target.node : '')),
  },
  {
    usage: 'kubectl get pods -o wide',
    aliases: ['kubectl get pod -o wide', 'kubectl get po -o wide', 'kubectl get pods -owide', 'kubectl get pods -A -o wide', 'kubectl get pods -o wide -A'],
    renderer: 'kubectlGetPodsWide',
    cli: 'pods FILE',
    nodeOnly: true,
    summary: 'pods, their IPs and nodes',
    run: (env) => ok(kubectlGetPodsWide(env.state.pods.map((p) => ({ name: p.name, ip: p.ip, node: p.node })))),
  },
];

/** Splits a command line into words (single and double quotes group; no expansion). */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else cur += ch;
  }
  if (has || cur) out.push(cur);
  return out;
}

/** Words of a usage/alias that must match literally (up to the first placeholder or [option]). */
function fixedWords(spelling: string): string[] {
  const w: string[] = [];
  for (const t of spelling.split(/\s+/)) {
    if (/^[A-Z[]/.test(t)) break;
    w.push(t);
  }
  return w;
}

/** The command table entry a line runs and its remaining arguments (the longest spelling wins). */
export function findCommand(argv: string[]): { cmd: TerminalCommand; args: string[] } | undefined {
  let best: { cmd: TerminalCommand; args: string[]; n: number } | undefined;
  for (const cmd of TERMINAL_COMMANDS) {
    for (const sp of [cmd.usage, ...(cmd.aliases ?? [])]) {
      const words = cmd.options ? [sp.split(' ')[0]] : fixedWords(sp);
      // ping/traceroute/tcpdump take options anywhere: their fixed part is the tool name
      const fixed = words.length && words.every((w, i) => argv[i] === w) ? words : undefined;
      if (fixed && (!best || fixed.length > best.n)) best = { cmd, args: argv.slice(fixed.length), n: fixed.length };
    }
  }
  if (!best) return undefined;
  // commands without arguments take none (so "ip route get X" is never read as "ip route")
  const takesArgs = best.cmd.options || /[A-Z[]/.test(best.cmd.usage);
  if (!takesArgs && best.args.length) return undefined;
  return { cmd: best.cmd, args: best.args };
}

function helpText(onNode: boolean): string {
  const rows = TERMINAL_COMMANDS.filter((c) => onNode || !c.nodeOnly);
  const w = Math.max(...rows.map((c) => c.usage.length));
  return rows.map((c) => `${c.usage.padEnd(w)}  ${c.summary}\n`).join('') + `${'clear'.padEnd(w)}  clear the screen\n`;
}

/** The prompt the terminal shows for a target. */
export function promptFor(target: TerminalTarget): string {
  return 'node' in target ? `[root@${target.node} ~]# ` : `/ # `;
}

/** Runs a command line; `cmd | grep … | grep …` filters the output as the shell would (see pipes.ts). */
export function runCommand(state: ClusterState, target: TerminalTarget, line: string, ctx: TerminalContext = {}): CommandResult {
  const [first, ...stages] = pipeline(line);
  const r = runOne(state, target, first, ctx);
  if (!stages.length || r.exit !== 0) return r;
  let out = r.out;
  for (const stage of stages) {
    const [cmd, ...args] = tokenize(stage);
    if (cmd !== 'grep') return fail(`${cmd ?? ''}: only grep can follow a pipe here`, 2);
    try {
      out = grep(out, args);
    } catch (e) {
      if (e instanceof PipeError) return fail(e.message, 2);
      throw e;
    }
  }
  // grep exits 1 when nothing matched
  return { out, exit: out ? 0 : 1 };
}

function runOne(state: ClusterState, target: TerminalTarget, line: string, ctx: TerminalContext): CommandResult {
  const argv = tokenize(line.trim());
  if (!argv.length) return ok('');
  const onNode = 'node' in target;
  let ns: NetNS | undefined;
  let self: string;
  if ('node' in target) {
    ns = state.netns[nsIdNode(target.node)];
    self = target.node;
  } else {
    const i = target.pod.indexOf('/');
    ns = i < 0 ? undefined : state.netns[nsIdPod(target.pod.slice(0, i), target.pod.slice(i + 1))];
    self = target.pod;
  }
  if (!ns) return fail(`no such ${onNode ? 'node' : 'pod'}: ${'node' in target ? target.node : target.pod}`, 1);
  if (argv[0] === 'help') return ok(helpText(onNode));
  const found = findCommand(argv);
  const shell = onNode ? 'bash' : 'sh';
  if (!found) {
    const known = TERMINAL_COMMANDS.some((c) => fixedWords(c.usage)[0] === argv[0]);
    if (known) return fail(`${argv.join(' ')}: not simulated here; type help for the commands this lab answers`, 2);
    return fail(`${shell}: ${argv[0]}: command not found`, 127);
  }
  if (found.cmd.nodeOnly && !onNode) return fail(`${shell}: ${argv[0]}: not found`, 127);
  try {
    return found.cmd.run({ state, target, ns, self, onNode, ctx }, found.args);
  } catch (e) {
    if (e instanceof UsageError || e instanceof QueryError) return fail(e.message, 2);
    throw e;
  }
}
