// The one terminal, as a pure function: a command line typed on a node, in a pod or on an underlay router
// → the text the real tool prints (C locale), from the same core renderers the CLI uses. The app's terminal
// panel and the guided labs (`show:` and `output` checks) both run their lines here. One table
// (TERMINAL_COMMANDS) maps each command to its renderer and to the CLI subcommand that prints the same
// thing; dispatch, `help` and the README's table all read it.

import type { ClusterState } from '../model/cluster';
import type { NetNS } from '../model/kernel';
import { nsIdNode, nsIdPod, nsIdRouter } from '../model/kernel';
import type { WalkResult } from '../model/packet';
import { bridgeFdb, getIPPool, getIPPoolWide, getNode, ipAddr, ipLink, ipLinkDetails, ipNeigh, ipRoute, ipamShow, ipamShowConfiguration, nodeStatus, routeN } from '../render';
import { getEndpointSlices, getServices } from './services';
import { DigUsageError, digShort } from './dns';
import { sessionsOf } from '../bgp';
import { bgpConfigText, bgpPeerText, nodeWideText, ssText } from '../bgp/text';
import { ipamBlockRows, parseEndpoint, QueryError } from '../query';
import { pingText, routeGetText, tcpdumpText, tracerouteText } from '../tools';
import { kubeProxyFilterSave, kubeProxyNatSave } from '../policy/iptablesSave';
import { grep, pipeline, PipeError } from './pipes';
import type { Scenario } from '../model/scenario';
import type { Action, Diff } from '../session/types';
import { parseCommand } from './shell';
import { isWriteCommand, runWrite } from './write';
import { commit, docsOf } from './apiserver';
import { describePods, getConfigMap, getDaemonSets, getFelixConfiguration, getPods, KubeUsageError, spellKubectl } from './kube';
import { nodeFiles } from '../components/files';

/** Where a line runs. A router is an underlay box of the scenario (`routers:`): it has routing tables and
 * interfaces, no calico-node, kubectl or pod network of its own. */
export type TerminalTarget = { node: string } | { pod: string } | { router: string };

export type TargetKind = 'node' | 'pod' | 'router';

export interface TerminalContext {
  /** the packet walk tcpdump prints: the app's last packet, or a lab step's `during:` traffic */
  lastWalk?: WalkResult;
  /**
   * Set when a missing walk is the caller's mistake rather than the learner's (a lab command without
   * `during:`): tcpdump then refuses with this hint instead of printing "no packet yet".
   */
  walkHint?: string;
  /** the lab's file area: `cat > f <<EOF` writes it, `calicoctl apply -f f` reads it */
  files?: Readonly<Record<string, string>>;
  /** standard input when the line has no here-document of its own (the CLI's `sh` passes its stdin) */
  stdin?: string;
  /** the path MTUs this cluster's kernels learned from Frag needed so far (the route cache keeps them about
   *  ten minutes): a terminal that keeps one map across commands makes a second `ping -M do` fail locally */
  pmtu?: Map<string, number>;
}

/** A command that changed the cluster: the new scenario and state (rebuilt from the old one) and the diff. */
export interface TerminalWrite {
  scenario: Scenario;
  state: ClusterState;
  diff: Diff;
  /** the command as typed (first line): the undo label */
  label: string;
  source: 'terminal';
  /** the session actions the command made (a store replays them through its own session) */
  actions: Action[];
}

export interface CommandResult {
  out: string;
  /** shell exit status: 0 ok, 1 the tool failed, 2 usage, 127 not found */
  exit: number;
  /**
   * The line never reached a tool: unknown target, command not found or not simulated, bad arguments, a
   * pipe into something other than grep. `out` then holds the complaint. A tool that ran and failed (ping
   * with 100% loss, a tcpdump device that does not exist) is not refused: its text is its answer.
   */
  refused?: true;
  /** present when the command changed the cluster; the caller installs it through its edit path */
  write?: TerminalWrite;
  /** the file area after the command, when it wrote a file */
  files?: Record<string, string>;
}

interface Env {
  state: ClusterState;
  target: TerminalTarget;
  ns: NetNS;
  /** the endpoint as the walk functions take it: node name, namespace/pod, or router name */
  self: string;
  kind: TargetKind;
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
  /**
   * Where the tool exists. calicoctl, kubectl and ss (BIRD's sockets) are node tools; a walk cannot start
   * on a router, so ping and traceroute run on nodes and in pods; what reads one namespace runs anywhere.
   */
  where: readonly TargetKind[];
  summary: string;
  /** argv after the command's own words */
  run(env: Env, args: string[]): CommandResult;
}

const ok = (out: string): CommandResult => ({ out, exit: 0 });
const fail = (out: string, exit = 1): CommandResult => ({ out: out.endsWith('\n') ? out : out + '\n', exit });
const refuse = (out: string, exit: number): CommandResult => ({ ...fail(out, exit), refused: true });

const ANYWHERE: readonly TargetKind[] = ['node', 'pod', 'router'];
const HOSTS: readonly TargetKind[] = ['node', 'pod'];
const NODE: readonly TargetKind[] = ['node'];

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
    where: ANYWHERE,
    summary: 'the main routing table (net-tools)',
    run: (env) => ok(routeN(env.ns)),
  },
  {
    usage: 'ip route get ADDRESS',
    renderer: 'ipRouteGet (core/tools routeGetText)',
    cli: 'route-get FILE --node N --to IP',
    where: ANYWHERE,
    summary: 'the route the kernel picks for one address',
    run: (env, args) => {
      if (!args[0]) return refuse('Usage: ip route get ADDRESS', 255);
      const out = routeGetText(env.ns, args[0]);
      return out.startsWith('RTNETLINK') || out.startsWith('Error') ? fail(out, out.startsWith('Error') ? 1 : 2) : ok(out);
    },
  },
  {
    usage: 'ip route',
    aliases: ['ip route show'],
    renderer: 'ipRoute',
    cli: 'routes FILE --node N --format ip-route',
    where: ANYWHERE,
    summary: 'the main routing table (iproute2; ip r, ip ro … as iproute2 abbreviates)',
    run: (env) => ok(ipRoute(env.ns)),
  },
  {
    usage: 'ip addr [show [dev] IFACE]',
    renderer: 'ipAddr',
    cli: 'addr FILE --node N',
    where: ANYWHERE,
    summary: 'links, MTUs, MACs and addresses',
    run: (env, args) => ok(ipAddr(env.ns, devOf(env, args))),
  },
  {
    usage: 'ip link [show [dev] IFACE]',
    renderer: 'ipLink',
    cli: 'link FILE --node N --no-details',
    where: ANYWHERE,
    summary: 'links: flags, MTU, state, MAC',
    run: (env, args) => ok(ipLink(env.ns, devOf(env, args))),
  },
  {
    usage: 'ip -d link [show [dev] IFACE]',
    renderer: 'ipLinkDetails',
    cli: 'link FILE --node N',
    where: ANYWHERE,
    summary: 'device details: vxlan id/port/local, ipip, veth peers',
    run: (env, args) => ok(ipLinkDetails(env.ns, devOf(env, args))),
  },
  {
    usage: 'ip neigh [show [dev IFACE]]',
    renderer: 'ipNeigh',
    cli: 'neigh FILE --node N',
    where: ANYWHERE,
    summary: 'the neighbour (ARP) table',
    run: (env, args) => ok(ipNeigh(env.ns, devOf(env, args))),
  },
  {
    usage: 'bridge fdb show [[dev] IFACE]',
    aliases: ['bridge fdb'],
    renderer: 'bridgeFdb',
    cli: 'fdb FILE --node N',
    where: ANYWHERE,
    summary: 'forwarding database: VXLAN VTEP MAC → node IP',
    run: (env, args) => ok(bridgeFdb(env.ns, devOf(env, args))),
  },
  {
    usage: 'ping [-c COUNT] [-s SIZE] [-M do|want|dont] DEST',
    options: true,
    renderer: 'pingLines (core/tools pingText)',
    cli: 'ping FILE --from A --to B [--count N] [--size N] [--pmtudisc M]',
    where: HOSTS,
    summary: 'iputils ping (3 echo requests unless -c)',
    run: (env, args) => {
      const { flags, pos } = opts(args, ['-c', '-s', '-M', '-W', '-i', '-t']);
      const to = destination(env, pos[0], 'ping');
      const count = intOpt(flags.get('-c'), 'count of packets to transmit', 1, 100) ?? 3;
      const size = intOpt(flags.get('-s'), 'packet size', 0, 65507) ?? 56;
      const m = flags.get('-M');
      if (m !== undefined && m !== 'do' && m !== 'want' && m !== 'dont') throw new UsageError(`ping: invalid -M argument: ${m === true ? '' : m}`);
      const out = pingText(env.state, env.self, to, { count, size, ...(m ? { pmtudisc: m } : {}), ...(env.ctx.pmtu ? { pmtu: env.ctx.pmtu } : {}) });
      return { out, exit: /, 0 received/.test(out) ? 1 : 0 };
    },
  },
  {
    usage: 'traceroute -n DEST',
    options: true,
    renderer: 'traceroute (core/tools tracerouteText)',
    cli: 'traceroute FILE --from A --to B',
    where: HOSTS,
    summary: 'Linux traceroute, UDP probes, numeric',
    run: (env, args) => {
      const { pos } = opts(args, ['-m', '-q', '-w', '-p']);
      const to = destination(env, pos[0], 'traceroute');
      return ok(tracerouteText(env.state, env.self, to, 'linux'));
    },
  },
  {
    // a BusyBox image (the usual debug pod) has its own traceroute: 46-byte probes, names where it has them
    usage: 'busybox traceroute DEST',
    renderer: 'traceroute (core/tools tracerouteText, busybox)',
    cli: 'traceroute FILE --from A --to B --variant busybox',
    where: HOSTS,
    summary: "BusyBox's traceroute, as in a busybox pod",
    run: (env, args) => {
      const { pos } = opts(args, ['-m', '-q', '-w', '-p']);
      const to = destination(env, pos[0], 'traceroute');
      return ok(tracerouteText(env.state, env.self, to, 'busybox'));
    },
  },
  {
    usage: 'dig [+search] +short NAME',
    options: true,
    renderer: 'digShort (core/terminal/dns)',
    cli: "sh FILE --pod NS/POD -- 'dig +short NAME'",
    where: HOSTS,
    summary: "CoreDNS's A records: a Service's clusterIP, a headless Service's ready pod IPs, A-B-C-D.NS.pod names (cluster.local; +search walks a pod's search list)",
    run: (env, args) => ok(digShort(env.state, args, env.kind === 'pod' ? env.self.slice(0, env.self.indexOf('/')) : undefined)),
  },
  {
    usage: 'tcpdump -n -i IFACE [-e] [-v]',
    options: true,
    renderer: 'createTcpdump (core/tools tcpdumpText)',
    cli: 'tcpdump FILE --from A --to B --iface NODE:IF [-e] [-v]',
    where: ANYWHERE,
    summary: 'what tcpdump prints on IFACE for the last packet sent (request and reply)',
    run: (env, args) => {
      // a capture filter (host X and port Y) is accepted and not applied: the walk is the only traffic
      const { flags } = opts(args, ['-i', '-c', '-s', '-w']);
      const iface = flags.get('-i');
      if (iface === undefined || iface === true) return refuse('tcpdump: this lab captures on one interface: tcpdump -n -i IFACE', 1);
      if (!env.ns.links.some((l) => l.name === iface)) return fail(`tcpdump: ${iface}: No such device exists\n(SIOCGIFHWADDR: No such device)`, 1);
      if (!env.ctx.lastWalk && env.ctx.walkHint) return refuse(env.ctx.walkHint, 1);
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
    where: NODE,
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
    where: NODE,
    summary: 'the IP pools with their encapsulation modes',
    run: (env) => ok(getIPPoolWide(env.state.scenario.ippools)),
  },
  {
    usage: 'calicoctl get ippool',
    aliases: ['calicoctl get ippools'],
    renderer: 'getIPPool',
    cli: 'pools FILE --narrow',
    where: NODE,
    summary: 'the IP pools: name, CIDR, node selector',
    run: (env) => ok(getIPPool(env.state.scenario.ippools)),
  },
  {
    usage: 'calicoctl ipam show [--show-blocks]',
    renderer: 'ipamShow',
    cli: 'ipam FILE [--show-blocks]',
    where: NODE,
    summary: 'IPAM usage per pool (and per block)',
    run: (env, args) => {
      const bad = args.filter((a) => a !== '--show-blocks');
      if (bad.length) throw new UsageError(`calicoctl ipam show: unknown option ${bad[0]}`);
      return ok(ipamShow(env.state.ipam.pools, ipamBlockRows(env.state), args.includes('--show-blocks')));
    },
  },
  {
    usage: 'calicoctl ipam show --show-configuration',
    renderer: 'ipamShowConfiguration',
    cli: 'ipam FILE --show-configuration',
    where: NODE,
    summary: 'IPAMConfig: strict affinity, max blocks per host',
    run: (env) => ok(ipamShowConfiguration(env.state.scenario.ipamConfig)),
  },
  {
    usage: 'calicoctl get bgpconfig',
    aliases: ['calicoctl get bgpconfigs', 'calicoctl get bgpconfiguration', 'calicoctl get bgpconfigurations'],
    renderer: 'getBGPConfig (core/bgp bgpConfigText)',
    cli: 'bgpconfig FILE',
    where: NODE,
    summary: 'BGPConfiguration: node-to-node mesh on/off, AS number',
    run: (env) => ok(bgpConfigText(env.state)),
  },
  {
    usage: 'calicoctl get bgppeer',
    aliases: ['calicoctl get bgppeers'],
    renderer: 'getBGPPeer (core/bgp bgpPeerText)',
    cli: 'bgppeers FILE',
    where: NODE,
    summary: 'BGPPeer resources: who peers with whom',
    run: (env) => ok(bgpPeerText(env.state)),
  },
  {
    usage: 'calicoctl get node -o wide',
    aliases: ['calicoctl get nodes -o wide', 'calicoctl get node -owide', 'calicoctl get nodes -owide'],
    renderer: 'getNodeWide (core/bgp nodeWideText)',
    cli: 'nodes FILE',
    where: NODE,
    summary: 'Calico nodes: AS number and the autodetected IPv4 address',
    run: (env) => ok(nodeWideText(env.state)),
  },
  {
    usage: 'calicoctl get node',
    aliases: ['calicoctl get nodes'],
    renderer: 'getNode',
    cli: 'nodes FILE --narrow',
    where: NODE,
    summary: 'Calico nodes: names only',
    run: (env) => ok(getNode(env.state.nodes.map((n) => ({ name: n.name, inheritedAsn: 64512 })))),
  },
  {
    usage: 'ss -antp',
    aliases: ['ss -tanp', 'ss -antp4', 'ss -tnp'],
    renderer: 'ssBird (core/bgp ssText)',
    cli: 'ss FILE --node N',
    where: NODE,
    summary: "BIRD's BGP sockets (pipe into grep ESTAB / grep bird as usual)",
    run: (env) => ok(ssText(env.state, 'node' in env.target ? env.target.node : '')),
  },
  {
    usage: 'iptables-save -t nat',
    renderer: 'kubeProxyNatSave (core/policy)',
    cli: 'iptables-save FILE --node N',
    where: NODE,
    summary: "kube-proxy's nat chains for the lab's Services (KUBE-SERVICES, KUBE-SVC-*, KUBE-SEP-*, KUBE-POSTROUTING)",
    run: (env, args) => (args.length === 0 ? ok(kubeProxyNatSave(env.state, 'node' in env.target ? env.target.node : undefined)) : refuse(`iptables-save: unexpected argument ${args[0]}`, 2)),
  },
  {
    usage: 'iptables-save -t filter',
    renderer: 'kubeProxyFilterSave (core/policy)',
    cli: "sh FILE --node N -- 'iptables-save -t filter'",
    where: NODE,
    summary: "kube-proxy's filter chains: REJECT for Services without endpoints, DROP for externalTrafficPolicy Local without a local one (Felix's cali-* chains are not listed)",
    run: (env, args) => (args.length === 0 ? ok(kubeProxyFilterSave(env.state, 'node' in env.target ? env.target.node : undefined)) : refuse(`iptables-save: unexpected argument ${args[0]}`, 2)),
  },
  {
    usage: 'kubectl get pods [-A | -n NAMESPACE] [-o wide]',
    aliases: ['kubectl get pod', 'kubectl get po'],
    renderer: 'kubectlGetPodsWide (core/terminal/kube getPods)',
    cli: "sh FILE --node N -- 'kubectl get pods -A -o wide' (pods FILE: the scenario's pods only)",
    where: NODE,
    summary: "pods, their IPs and nodes, the install's own (calico-node, kube-proxy, …) with their readiness; the default namespace unless -n or -A, in the API server's order",
    run: (env, args) => ok(getPods(env.state, args)),
  },
  {
    usage: 'kubectl describe pod [NAME] [-n NAMESPACE]',
    aliases: ['kubectl describe pods', 'kubectl describe po'],
    renderer: 'describePods (core/terminal/kube)',
    cli: "sh FILE --node N -- 'kubectl describe pod NAME -n NAMESPACE'",
    where: NODE,
    summary: "a pod's containers, readiness probe and conditions, and its events (calico-node's failed readiness probes)",
    run: (env, args) => answer(describePods(env.state, args)),
  },
  {
    usage: 'kubectl get ds [NAME] [-n NAMESPACE | -A] [-o yaml]',
    aliases: ['kubectl get daemonset', 'kubectl get daemonsets', 'kubectl get daemonset.apps'],
    renderer: 'getDaemonSets (core/components calicoNodeDaemonSet)',
    cli: "sh FILE --node N -- 'kubectl -n kube-system get ds calico-node -o yaml'",
    where: NODE,
    summary: "the install's DaemonSets (calico-node or kube-flannel-ds, kube-proxy); -o yaml: calico-node's manifest with its env",
    run: (env, args) => answer(getDaemonSets(env.state, args)),
  },
  {
    usage: 'kubectl get cm NAME -n NAMESPACE -o yaml',
    aliases: ['kubectl get configmap', 'kubectl get configmaps'],
    renderer: 'getConfigMap (core/components kubeFlannelConfigMap)',
    cli: "sh FILE --node N -- 'kubectl -n kube-flannel get cm kube-flannel-cfg -o yaml'",
    where: NODE,
    summary: "flannel's kube-flannel-cfg ConfigMap: net-conf.json and cni-conf.json",
    run: (env, args) => answer(getConfigMap(env.state, args)),
  },
  {
    usage: 'calicoctl get felixconfiguration [NAME] [-o yaml]',
    aliases: ['calicoctl get felixconfigurations', 'calicoctl get felixconfig', 'calicoctl get felixconfigs'],
    renderer: 'getFelixConfiguration (core/components felixConfiguration)',
    cli: "sh FILE --node N -- 'calicoctl get felixconfiguration -o yaml'",
    where: NODE,
    summary: 'FelixConfiguration: the default one calico-node creates at first start',
    run: (_env, args) => answer(getFelixConfiguration(args)),
  },
  {
    usage: 'cat FILE',
    renderer: 'nodeFiles (core/components)',
    cli: "sh FILE --node N -- 'cat /etc/cni/net.d/10-calico.conflist'",
    where: NODE,
    summary: "the install's files on the node: /etc/cni/net.d/10-calico.conflist or 10-flannel.conflist, /run/flannel/subnet.env (other names: the lab's file area)",
    run: (env, args) => {
      const files = nodeFiles(env.state, env.self);
      let out = '';
      for (const f of args) {
        if (files[f] === undefined) return fail(`${out}cat: ${f}: No such file or directory`, 1);
        out += files[f];
      }
      return ok(out);
    },
  },
  {
    usage: 'kubectl get services [-A | -n NAMESPACE] [-o wide]',
    aliases: ['kubectl get service', 'kubectl get svc'],
    renderer: 'kubectlGetServices (core/terminal/services)',
    cli: "sh FILE --node N -- 'kubectl get svc'",
    where: NODE,
    summary: 'Services: type, clusterIP (None when headless), load-balancer address, port:nodePort',
    run: (env, args) => ok(getServices(env.state, args)),
  },
  {
    usage: 'kubectl get endpointslices [-A | -n NAMESPACE]',
    aliases: ['kubectl get endpointslice'],
    renderer: 'kubectlGetEndpointSlices (core/terminal/services)',
    cli: "sh FILE --node N -- 'kubectl get endpointslices'",
    where: NODE,
    summary: "EndpointSlices: each Service's ready pod addresses and target ports, what kube-proxy builds its chains from",
    run: (env, args) => ok(getEndpointSlices(env.state, args)),
  },
];

const answer = (r: { out: string; exit: number }): CommandResult => (r.exit === 0 ? ok(r.out) : fail(r.out, r.exit));

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

/**
 * iproute2 takes any prefix of an object or verb (`ip r`, `ip a s`, `ip -det l`), resolving a prefix to the
 * first object of its own list that it begins. The line is spelled out in full here so that the table needs
 * one spelling per command. An option this terminal does not model leaves the line as typed, so it is
 * reported as not simulated rather than answered without it.
 */
function spellIp(argv: string[]): string[] {
  if (argv[0] !== 'ip') return argv;
  const flags: string[] = [];
  let i = 1;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    const o = argv[i];
    if (o.length >= 2 && '-details'.startsWith(o)) flags.push('-d');
    else if (o !== '-4') return argv; // -4: every address here is IPv4 already
  }
  const obj = argv[i];
  if (!obj) return argv;
  // iproute2's order matters: "a" is address (not addrlabel), "n" neighbor, "r" route (not rule)
  const full = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link'].find((o) => o.startsWith(obj));
  const canon = full && ({ address: 'addr', route: 'route', neighbor: 'neigh', neighbour: 'neigh', link: 'link' } as Record<string, string>)[full];
  if (!canon) return argv;
  const rest = argv.slice(i + 1);
  if (rest[0] && ['show', 'list', 'lst'].some((v) => v.startsWith(rest[0]))) rest[0] = 'show';
  return ['ip', ...flags, canon, ...rest];
}

/** The command table entry a line runs and its remaining arguments (the longest spelling wins). */
export function findCommand(typed: string[]): { cmd: TerminalCommand; args: string[] } | undefined {
  const argv = spellKubectl(spellIp(typed));
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

function helpText(kind: TargetKind): string {
  const rows = TERMINAL_COMMANDS.filter((c) => c.where.includes(kind));
  const w = Math.max(...rows.map((c) => c.usage.length));
  return rows.map((c) => `${c.usage.padEnd(w)}  ${c.summary}\n`).join('') + `${'clear'.padEnd(w)}  clear the screen\n`;
}

/** The prompt the terminal shows for a target. */
export function promptFor(target: TerminalTarget): string {
  if ('pod' in target) return '/ # ';
  return `[root@${'node' in target ? target.node : target.router} ~]# `;
}

/**
 * Runs a command line; `cmd | grep … | grep …` filters the output as the shell would (see pipes.ts). The text
 * may carry a here-document (`calicoctl apply -f - <<EOF` and the lines up to EOF) and end in `> FILE`.
 */
export function runCommand(state: ClusterState, target: TerminalTarget, text: string, ctx: TerminalContext = {}): CommandResult {
  const { cmd } = parseCommand(text.split('\n'));
  const r = runPiped(state, target, cmd.line, { ...ctx, ...(cmd.heredoc !== undefined ? { stdin: cmd.heredoc } : {}) });
  if (!cmd.redirect || r.exit !== 0) return r;
  const files = { ...(r.files ?? ctx.files ?? {}) };
  files[cmd.redirect.file] = (cmd.redirect.append ? (files[cmd.redirect.file] ?? '') : '') + r.out;
  return { ...r, out: '', files };
}

function runPiped(state: ClusterState, target: TerminalTarget, line: string, ctx: TerminalContext): CommandResult {
  const [first, ...stages] = pipeline(line);
  const r = runOne(state, target, first, ctx);
  if (!stages.length || r.refused) return r;
  let out = r.out;
  for (const stage of stages) {
    const [cmd, ...args] = tokenize(stage);
    if (cmd !== 'grep') return refuse(`${cmd ?? ''}: only grep can follow a pipe here`, 2);
    try {
      out = grep(out, args);
    } catch (e) {
      if (e instanceof PipeError) return refuse(e.message, 2);
      throw e;
    }
  }
  // grep exits 1 when nothing matched
  return { ...r, out, exit: out ? 0 : 1 };
}

/** A write command: its actions go through the session's one edit path (admitted and rebuilt, or refused). */
function runWriteCommand(state: ClusterState, argv: string[], ctx: TerminalContext): CommandResult {
  const label = argv.join(' ');
  const w = runWrite(
    {
      docs: docsOf(state.scenario),
      scenario: state.scenario,
      state,
      files: ctx.files ?? {},
      ...(ctx.stdin !== undefined ? { stdin: ctx.stdin } : {}),
      commit: (actions) => commit(state, actions.map((a) => ({ ...a, label, source: 'terminal' as const }))),
    },
    argv,
  )!;
  const out: CommandResult = { out: w.out, exit: w.exit, ...(w.files ? { files: w.files } : {}) };
  if (!w.outcome) return out;
  const o = w.outcome;
  return { ...out, write: { scenario: o.session.scenario, state: o.session.state, diff: o.diff, label, source: 'terminal', actions: (w.actions ?? []).map((a) => ({ ...a, label, source: 'terminal' as const })) } };
}

/** The namespace a target names, how the walk functions name it, and what kind of machine it is. */
function locate(state: ClusterState, target: TerminalTarget): { ns?: NetNS; self: string; kind: TargetKind } {
  if ('node' in target) return { ns: state.netns[nsIdNode(target.node)], self: target.node, kind: 'node' };
  if ('router' in target) return { ns: state.netns[nsIdRouter(target.router)], self: target.router, kind: 'router' };
  const i = target.pod.indexOf('/');
  return { ns: i < 0 ? undefined : state.netns[nsIdPod(target.pod.slice(0, i), target.pod.slice(i + 1))], self: target.pod, kind: 'pod' };
}

function runOne(state: ClusterState, target: TerminalTarget, line: string, ctx: TerminalContext): CommandResult {
  const argv = tokenize(line.trim());
  if (!argv.length) return ok('');
  const { ns, self, kind } = locate(state, target);
  if (!ns) return refuse(`no such ${kind}: ${self}`, 1);
  if (argv[0] === 'help') return ok(helpText(kind));
  // pods run BusyBox's sh, whose "not found" is shorter than bash's
  const notFound = kind === 'pod' ? `sh: ${argv[0]}: not found` : `bash: ${argv[0]}: command not found`;
  // the install's own files (the CNI config, flanneld's subnet.env) are read on the node; other names are the
  // lab's file area, which `cat` in the write commands reads
  const systemFile = kind === 'node' && argv[0] === 'cat' && argv.length > 1 && argv.slice(1).every((f) => f in nodeFiles(state, self));
  if (isWriteCommand(argv) && !systemFile) {
    // calicoctl and kubectl live on the nodes; cat and ls work wherever there is a shell
    if (kind !== 'node' && (argv[0] === 'calicoctl' || argv[0] === 'kubectl')) return refuse(notFound, 127);
    if (kind === 'router') return refuse(notFound, 127);
    return runWriteCommand(state, argv, ctx);
  }
  const found = findCommand(argv);
  if (!found) {
    const known = TERMINAL_COMMANDS.some((c) => fixedWords(c.usage)[0] === argv[0]);
    if (known) return refuse(`${argv.join(' ')}: not simulated here; type help for the commands this terminal answers`, 2);
    return refuse(notFound, 127);
  }
  if (!found.cmd.where.includes(kind)) return refuse(notFound, 127);
  try {
    return found.cmd.run({ state, target, ns, self, kind, ctx }, found.args);
  } catch (e) {
    if (e instanceof UsageError || e instanceof QueryError || e instanceof KubeUsageError || e instanceof DigUsageError) return refuse(e.message, 2);
    throw e;
  }
}
