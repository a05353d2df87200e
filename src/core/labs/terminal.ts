// The terminal commands a lab can show or check. A command line goes to core/terminal's runCommand (the
// app's terminal) first, with the step's `during:` traffic as the walk tcpdump prints; what core/terminal
// does not answer (it says "command not found" / "not simulated here"), and any command on an underlay
// router, falls back to the small local table below, which maps the few extra commands labs use to the
// same renderers (core/render, core/bgp text, core/tools). Pipes into `grep` are applied to the text, as
// the shell would. Move a command into core/terminal and its local entry becomes dead code.
//
// Supported (on a node unless said): ip route [show|list] · ip r · route -n · ip addr [show [dev] IF] ·
// ip link [show [dev] IF] · ip -d link [show [dev] IF] · ip neigh [show [dev IF]] · bridge fdb [show] [[dev] IF] ·
// calicoctl node status · calicoctl get ippool|bgpconfig|bgppeer|node [-o wide] ·
// calicoctl ipam show [--show-blocks|--show-configuration] · ss -antp (BIRD's ESTAB sockets) ·
// kubectl get pods -o wide · traceroute [-n] DST · busybox traceroute DST · ping [-c N] [-s N] [-M do|want|dont] DST ·
// tcpdump [-n] [-nn] [-e] [-v] -i IF [filter] (the capture of the step's `during:` traffic; the filter is not applied).
// Pods run the ip/route/ping/traceroute/tcpdump commands in their own namespace.

import type { ClusterState } from '../model/cluster';
import { nsIdNode, nsIdRouter, type NetNS } from '../model/kernel';
import { bgpConfigText, bgpPeerText, bgpStatus, nodeWideText, ssText } from '../bgp';
import { bridgeFdb, getIPPool, getIPPoolWide, getNode, ipAddr, ipamShow, ipamShowConfiguration, ipLink, ipLinkDetails, ipNeigh, ipRoute, kubectlGetPodsWide, routeN } from '../render';
import { ipamBlockRows, nodeNs, podNs, QueryError } from '../query';
import { pingText, runWalk, tcpdumpText, tracerouteText } from '../tools';
import { runCommand as terminalRun } from '../terminal';
import { grep, pipeline, PipeError } from '../terminal/pipes';
import type { CommandTarget, TrafficSpec } from './types';

export interface CommandResult {
  output: string;
  /** the command could not run here; output is empty */
  error?: string;
}

export const SUPPORTED_COMMANDS = [
  'ip route',
  'route -n',
  'ip addr',
  'ip link',
  'ip -d link',
  'ip neigh',
  'bridge fdb show',
  'calicoctl node status',
  'calicoctl get ippool|bgpconfig|bgppeer|node [-o wide]',
  'calicoctl ipam show',
  'ss -antp',
  'kubectl get pods -o wide',
  'traceroute DST',
  'busybox traceroute DST',
  'ping [-c N] [-s SIZE] [-M do|want|dont] DST',
  'tcpdump -i IF (with during:)',
];

class CommandError extends Error {}

/** Splits a command line into words (single and double quotes group). */
export function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

/** The namespace a command runs in: a pod, a node, or (by the same `node:` field) an underlay router. */
export function nsOf(state: ClusterState, t: CommandTarget): NetNS {
  if (t.pod) return podNs(state, t.pod);
  if (t.node) return state.netns[nsIdNode(t.node)] ?? state.netns[nsIdRouter(t.node)] ?? nodeNs(state, t.node);
  throw new QueryError('say where the command runs: node or pod');
}

function needNode(t: CommandTarget, what: string): string {
  if (!t.node) throw new CommandError(`${what} runs on a node (calico-node / BIRD are there), not in a pod`);
  return t.node;
}

/** `show [dev] IF` / `dev IF` / `IF` after an ip subcommand. */
function devArg(args: string[]): string | undefined {
  const rest = args.filter((a) => a !== 'show' && a !== 'list' && a !== 'ls');
  if (rest.length === 0) return undefined;
  if (rest[0] === 'dev' && rest[1]) return rest[1];
  if (rest.length === 1) return rest[0];
  throw new CommandError(`unsupported arguments: ${args.join(' ')}`);
}

function dest(a: string | undefined, cmd: string): string {
  if (!a) throw new CommandError(`${cmd}: name a destination`);
  return a;
}

function runOne(state: ClusterState, t: CommandTarget, argv: string[], during: TrafficSpec | undefined): string {
  const [cmd, ...args] = argv;
  const from = t.pod ?? t.node ?? '';
  switch (cmd) {
    case 'ip': {
      const opts = args.filter((a) => a.startsWith('-'));
      const rest = args.filter((a) => !a.startsWith('-'));
      const [obj, ...more] = rest;
      const ns = nsOf(state, t);
      const details = opts.includes('-d') || opts.includes('-details');
      const unknown = opts.filter((o) => o !== '-d' && o !== '-details' && o !== '-4');
      if (unknown.length) throw new CommandError(`ip ${unknown.join(' ')} is not simulated`);
      if (obj && 'route'.startsWith(obj) && obj.length >= 1 && obj !== 'rule') {
        const sub = more.filter((a) => a !== 'show' && a !== 'list');
        if (sub.length) throw new CommandError(`ip route ${more.join(' ')} is not simulated (try ip route | grep ...)`);
        return ipRoute(ns);
      }
      if (obj && 'address'.startsWith(obj)) {
        const dev = devArg(more);
        return ipAddr(ns, dev ? { dev } : {});
      }
      if (obj && 'link'.startsWith(obj) && obj.length >= 1) {
        const dev = devArg(more);
        if (dev && !ns.links.some((l) => l.name === dev)) throw new CommandError(`Device "${dev}" does not exist.`);
        return details ? ipLinkDetails(ns, dev ? { dev } : {}) : ipLink(ns, dev ? { dev } : {});
      }
      if (obj && ('neighbour'.startsWith(obj) || obj === 'neighbor')) {
        const dev = devArg(more);
        return ipNeigh(ns, dev ? { dev } : {});
      }
      throw new CommandError(`ip ${rest.join(' ')} is not simulated`);
    }
    case 'route':
      if (args.join(' ') !== '-n') throw new CommandError('only `route -n` is simulated');
      return routeN(nsOf(state, t));
    case 'bridge': {
      if (args[0] !== 'fdb') throw new CommandError(`bridge ${args.join(' ')} is not simulated`);
      const dev = devArg(args.slice(1));
      return bridgeFdb(nsOf(state, t), dev ? { dev } : {});
    }
    case 'calicoctl':
      return calicoctl(state, t, args);
    case 'ss':
      if (!/^-[antp]+$/.test(args.join(''))) throw new CommandError('only `ss -antp` is simulated');
      return ssText(state, needNode(t, 'ss -antp'));
    case 'kubectl': {
      const a = args.join(' ');
      if (!/^get pods? (-o wide|-owide)( -A| --all-namespaces)?$/.test(a) && !/^get pods? (-A |--all-namespaces )?(-o wide|-owide)$/.test(a)) throw new CommandError(`kubectl ${a} is not simulated (kubectl get pods -o wide is)`);
      return kubectlGetPodsWide(state.pods.map((p) => ({ name: p.name, ip: p.ip, node: p.node })));
    }
    case 'busybox':
      if (args[0] !== 'traceroute') throw new CommandError(`busybox ${args[0] ?? ''} is not simulated`);
      return tracerouteText(state, from, dest(args.filter((a) => !a.startsWith('-'))[1], 'traceroute'), 'busybox');
    case 'traceroute': {
      const bad = args.filter((a) => a.startsWith('-') && a !== '-n');
      if (bad.length) throw new CommandError(`traceroute ${bad.join(' ')} is not simulated`);
      return tracerouteText(state, from, dest(args.filter((a) => !a.startsWith('-'))[0], 'traceroute'), 'linux');
    }
    case 'ping': {
      let count = 3;
      let size: number | undefined;
      let pmtudisc: 'do' | 'want' | 'dont' | undefined;
      let to: string | undefined;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const num = (v: string | undefined, max: number) => {
          if (!v || !/^\d+$/.test(v) || Number(v) > max) throw new CommandError(`ping ${a}: bad value ${JSON.stringify(v ?? '')}`);
          return Number(v);
        };
        if (a === '-c') count = Math.max(1, num(args[++i], 100));
        else if (a === '-s') size = num(args[++i], 65507);
        else if (a === '-M') {
          const v = args[++i];
          if (v !== 'do' && v !== 'want' && v !== 'dont') throw new CommandError('ping -M takes do, want or dont');
          pmtudisc = v;
        } else if (a.startsWith('-')) throw new CommandError(`ping ${a} is not simulated`);
        else to = a;
      }
      return pingText(state, from, dest(to, 'ping'), { count, ...(size !== undefined ? { size } : {}), ...(pmtudisc ? { pmtudisc } : {}) });
    }
    case 'tcpdump': {
      let dev: string | undefined;
      let e = false;
      let v = false;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '-i') dev = args[++i];
        else if (/^-[nevl]+$/.test(a)) {
          if (a.includes('e')) e = true;
          if (a.includes('v')) v = true;
        } else if (a.startsWith('-')) throw new CommandError(`tcpdump ${a} is not simulated`);
        // anything else is the capture filter: the capture already holds only the `during` traffic
      }
      if (!dev) throw new CommandError('tcpdump needs -i IF');
      if (!during) throw new CommandError('tcpdump needs traffic to capture: add `during: {from, to}` to this command');
      const ns = nsOf(state, t);
      if (!ns.links.some((l) => l.name === dev)) throw new CommandError(`tcpdump: ${dev}: No such device exists`);
      const r = runWalk(state, { from: during.from, to: during.to, protocol: during.protocol ?? 'icmp', ...(during.port !== undefined ? { port: during.port } : {}), ...(during.size !== undefined ? { size: during.size } : {}), reply: true });
      return tcpdumpText(state, r, ns.id, dev, { e, v });
    }
    default:
      throw new CommandError(`\`${cmd ?? ''}\` is not simulated (supported: ${SUPPORTED_COMMANDS.join(', ')})`);
  }
}

function calicoctl(state: ClusterState, t: CommandTarget, args: string[]): string {
  const a = args.join(' ').replace(/-owide/g, '-o wide');
  if (state.scenario.cluster.cni !== 'calico') throw new CommandError('calicoctl: this cluster runs Flannel (no Calico resources)');
  if (a === 'node status') return bgpStatus(state, needNode(t, 'calicoctl node status'));
  const get = /^get (\S+)( -o wide)?$/.exec(a);
  if (get) {
    const kind = get[1].toLowerCase();
    const wide = !!get[2];
    if (['ippool', 'ippools', 'ipp', 'ippl', 'pool', 'pools'].includes(kind)) return wide ? getIPPoolWide(state.scenario.ippools) : getIPPool(state.scenario.ippools);
    if (['bgpconfig', 'bgpconfigs', 'bgpconfiguration', 'bgpconfigurations'].includes(kind)) return bgpConfigText(state);
    if (['bgppeer', 'bgppeers', 'bgpp'].includes(kind)) return bgpPeerText(state);
    if (['node', 'nodes', 'no'].includes(kind)) return wide ? nodeWideText(state) : getNode(state.nodes.map((n) => ({ name: n.name, inheritedAsn: 64512 })));
    throw new CommandError(`calicoctl get ${get[1]} is not simulated`);
  }
  if (a === 'ipam show') return ipamShow(state.ipam.pools, ipamBlockRows(state), false);
  if (a === 'ipam show --show-blocks') return ipamShow(state.ipam.pools, ipamBlockRows(state), true);
  if (a === 'ipam show --show-configuration') return ipamShowConfiguration(state.scenario.ipamConfig);
  throw new CommandError(`calicoctl ${a} is not simulated`);
}

/** core/terminal's answer, or undefined when it does not know the command (or the target is a router). */
function viaTerminal(state: ClusterState, t: CommandTarget, line: string, during: TrafficSpec | undefined): string | undefined {
  const argv = words(line);
  const target = t.pod ? { pod: t.pod } : t.node && state.netns[nsIdNode(t.node)] ? { node: t.node } : undefined;
  if (!target) return undefined;
  if (argv[0] === 'tcpdump' && !during) throw new CommandError('tcpdump needs traffic to capture: add `during: {from, to}` to this command');
  const ctx = during ? { lastWalk: runWalk(state, { from: during.from, to: during.to, protocol: during.protocol ?? 'icmp', ...(during.port !== undefined ? { port: during.port } : {}), ...(during.size !== undefined ? { size: during.size } : {}), reply: true }) } : {};
  const r = terminalRun(state, target, line, ctx);
  if (r.exit === 127 && /command not found/.test(r.out)) return undefined;
  if (r.exit === 2 && /not simulated here/.test(r.out)) return undefined;
  if (r.exit === 127 || (r.exit === 1 && /^no such (node|pod)/.test(r.out))) throw new CommandError(r.out.trim());
  return r.out;
}

/** Runs one command line (with `| grep ...` stages) on a node, in a pod or on a router. Never throws. */
export function runCommand(state: ClusterState, target: CommandTarget, line: string, during?: TrafficSpec): CommandResult {
  try {
    const [first, ...filters] = pipeline(line);
    let out = viaTerminal(state, target, first, during) ?? runOne(state, target, words(first), during);
    for (const f of filters) {
      const [cmd, ...args] = words(f);
      if (cmd !== 'grep') throw new CommandError(`| ${cmd ?? ''}: only grep can follow a pipe here`);
      try {
        out = grep(out, args);
      } catch (e) {
        if (e instanceof PipeError) throw new CommandError(e.message);
        throw e;
      }
    }
    return { output: out };
  } catch (e) {
    if (e instanceof CommandError || e instanceof QueryError) return { output: '', error: e.message };
    if (e instanceof Error && /^no node /.test(e.message)) return { output: '', error: e.message };
    throw e;
  }
}
