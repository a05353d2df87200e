// The CLI's commands: one table, used for dispatch, `--help` and the README's command table.
// Every command prints only its output on stdout; problems go to stderr with exit status 1.

import type { ClusterState } from '../core/model/cluster';
import type { Scenario } from '../core/model/scenario';
import { loadLab } from '../core/session/load';
import {
  bridgeFdb,
  getIPPool,
  getIPPoolWide,
  getNode,
  ipAddr,
  ipLink,
  ipLinkDetails,
  ipNeigh,
  ipRoute,
  ipamShow,
  ipamShowConfiguration,
  kubectlGetPodsWide,
  routeN,
} from '../core/render';
import { bgpEvents, sessionsOf } from '../core/bgp';
import { bgpConfigText, bgpPeerText, bgpStatus, eventsText, nodeWideText, ssText } from '../core/bgp/text';
import { readManifests } from '../core/session/manifests';
import { apply } from '../core/session/session';
import type { Action } from '../core/session/types';
import { readFileSync } from 'node:fs';
import { kubeProxyNatSave } from '../core/policy/iptablesSave';
import { ipamBlockRows, nodeNs, QueryError, targetNs } from '../core/query';
import { pcapOf, pingText, routeGetText, runWalk, tcpdumpText, tracerouteText, walkReport, type TraceArgs } from '../core/tools';
import { InputError, listPresets, readScenario } from './io';
import { writeFileSync } from 'node:fs';

import { UsageError, type CommandSpec, type Flags } from './spec';

export { UsageError, type CommandSpec, type Flags } from './spec';

const FILE_FLAGS = { preset: { type: 'string' as const } };
const TARGET_FLAGS = { node: { type: 'string' as const }, pod: { type: 'string' as const } };

/** Loads FILE / --preset into a cluster state, or throws with every error message (file:line field). */
export function load(positional: string[], flags: Flags): { scenario: Scenario; state: ClusterState } {
  const { text, name } = readScenario(positional[0], flags.preset as string | undefined);
  const r = loadLab(text, name);
  if (r.errors.length || !r.state || !r.scenario) {
    throw new InputError(r.errors.map((e) => e.message).join('\n') || `${name}: could not be loaded`);
  }
  return { scenario: r.scenario, state: r.state };
}

function str(flags: Flags, k: string): string | undefined {
  const v = flags[k];
  return typeof v === 'string' ? v : undefined;
}

function oneOf<T extends string>(flags: Flags, k: string, allowed: readonly T[], dflt: T): T {
  const v = (str(flags, k) ?? dflt).toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${k} must be one of ${allowed.join(', ')} (got "${v}")`);
  return v as T;
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
/** A walk as JSON, as before hops carried message ids (hop.msg is for the app's other languages). */
const walkJson = (v: unknown) => JSON.stringify(v, (k, x: unknown) => (k === 'msg' ? undefined : x), 2) + '\n';

export const COMMANDS: CommandSpec[] = [
  {
    name: 'presets',
    args: '',
    summary: 'List the built-in labs (use one with --preset NAME wherever FILE goes)',
    flags: {},
    run: () =>
      listPresets()
        .map((p) => `${p.name}\n    ${p.summary}\n`)
        .join(''),
  },
  {
    name: 'validate',
    args: 'FILE',
    summary: 'Parse and check a scenario; print warnings; exit 1 with file:line field errors',
    flags: { ...FILE_FLAGS },
    run: ({ positional, flags }) => {
      const { text, name } = readScenario(positional[0], str(flags, 'preset'));
      const r = loadLab(text, name);
      if (r.errors.length) throw new InputError(r.errors.map((e) => e.message).join('\n'));
      const lines = r.warnings.map((w) => `warning: ${w.loc ? `${w.loc.file}:${w.loc.line}${w.loc.path ? ` ${w.loc.path}` : ''}: ` : ''}${w.code} ${w.message}`);
      const s = r.state!;
      lines.push(`${name}: ok (${s.nodes.length} nodes, ${s.pods.length} pods, ${r.scenario!.cluster.cni})`);
      return lines.join('\n') + '\n';
    },
  },
  {
    name: 'routes',
    args: 'FILE --node N | --pod NS/POD',
    summary: "A node's or pod's main routing table as `route -n` (default), `ip route` or JSON",
    flags: { ...FILE_FLAGS, ...TARGET_FLAGS, format: { type: 'string' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const ns = targetNs(state, { node: str(flags, 'node'), pod: str(flags, 'pod') });
      const format = oneOf(flags, 'format', ['route-n', 'ip-route', 'json'] as const, 'route-n');
      if (format === 'json') return json(ns.routes);
      return format === 'ip-route' ? ipRoute(ns) : routeN(ns);
    },
  },
  {
    name: 'route-get',
    args: 'FILE --node N | --pod NS/POD --to IP',
    summary: '`ip route get IP`: the route the kernel picks and the source address it would use',
    flags: { ...FILE_FLAGS, ...TARGET_FLAGS, to: { type: 'string' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const to = str(flags, 'to');
      if (!to) throw new UsageError('route-get needs --to IP');
      return routeGetText(targetNs(state, { node: str(flags, 'node'), pod: str(flags, 'pod') }), to);
    },
  },
  {
    name: 'addr',
    args: 'FILE --node N | --pod NS/POD',
    summary: '`ip addr`: links, MTUs, MACs and addresses',
    flags: { ...FILE_FLAGS, ...TARGET_FLAGS },
    run: ({ positional, flags }) => ipAddr(targetNs(load(positional, flags).state, { node: str(flags, 'node'), pod: str(flags, 'pod') })),
  },
  {
    name: 'link',
    args: 'FILE --node N | --pod NS/POD [--no-details]',
    summary: '`ip -d link`: device details (vxlan id/port/local, ipip, veth peers); `ip link` with --no-details',
    flags: { ...FILE_FLAGS, ...TARGET_FLAGS, 'no-details': { type: 'boolean' } },
    run: ({ positional, flags }) => {
      const ns = targetNs(load(positional, flags).state, { node: str(flags, 'node'), pod: str(flags, 'pod') });
      return flags['no-details'] === true ? ipLink(ns) : ipLinkDetails(ns);
    },
  },
  {
    name: 'neigh',
    args: 'FILE --node N',
    summary: '`ip neigh`: the neighbour table (VXLAN VTEPs are PERMANENT entries)',
    flags: { ...FILE_FLAGS, ...TARGET_FLAGS },
    run: ({ positional, flags }) => ipNeigh(targetNs(load(positional, flags).state, { node: str(flags, 'node'), pod: str(flags, 'pod') })),
  },
  {
    name: 'fdb',
    args: 'FILE --node N',
    summary: '`bridge fdb show`: VXLAN forwarding entries (remote VTEP MAC → node IP)',
    flags: { ...FILE_FLAGS, ...TARGET_FLAGS },
    run: ({ positional, flags }) => bridgeFdb(targetNs(load(positional, flags).state, { node: str(flags, 'node'), pod: str(flags, 'pod') })),
  },
  {
    name: 'pools',
    args: 'FILE [--narrow]',
    summary: '`calicoctl get ippool -o wide`; without `-o wide` with --narrow',
    flags: { ...FILE_FLAGS, format: { type: 'string' }, narrow: { type: 'boolean' } },
    run: ({ positional, flags }) => {
      const { scenario } = load(positional, flags);
      if (oneOf(flags, 'format', ['text', 'json'] as const, 'text') === 'json') return json(scenario.ippools);
      return flags.narrow === true ? getIPPool(scenario.ippools) : getIPPoolWide(scenario.ippools);
    },
  },
  {
    name: 'ipam',
    args: 'FILE [--show-blocks | --show-configuration]',
    summary: '`calicoctl ipam show` (IPS IN USE counts tunnel addresses too)',
    flags: { ...FILE_FLAGS, 'show-blocks': { type: 'boolean' }, 'show-configuration': { type: 'boolean' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      if (flags['show-configuration'] === true) return ipamShowConfiguration(state.scenario.ipamConfig);
      return ipamShow(state.ipam.pools, ipamBlockRows(state), flags['show-blocks'] === true);
    },
  },
  {
    name: 'pods',
    args: 'FILE [-A | -n NAMESPACE]',
    summary: '`kubectl get pods -o wide`: all pods in scenario order (the named form); -A adds the NAMESPACE column, -n shows one namespace',
    flags: { ...FILE_FLAGS, 'all-namespaces': { type: 'boolean', short: 'A' }, namespace: { type: 'string', short: 'n' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const ns = typeof flags.namespace === 'string' ? flags.namespace : undefined;
      const pods = state.pods.filter((p) => ns === undefined || p.namespace === ns);
      if (ns !== undefined && !pods.length) return `No resources found in ${ns} namespace.\n`;
      return kubectlGetPodsWide(
        pods.map((p) => ({ namespace: p.namespace, name: p.name, ip: p.ip, node: p.node })),
        { allNamespaces: flags['all-namespaces'] === true },
      );
    },
  },
  {
    name: 'bgp',
    args: 'FILE --node N [--format text|json]',
    summary: '`calicoctl node status` on a node: its BGP sessions as BIRD reports them',
    flags: { ...FILE_FLAGS, node: { type: 'string' }, format: { type: 'string' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const node = str(flags, 'node');
      if (!node) throw new UsageError('bgp needs --node NAME');
      nodeNs(state, node);
      if (oneOf(flags, 'format', ['text', 'json'] as const, 'text') === 'json') return json(sessionsOf(state, node));
      return bgpStatus(state, node);
    },
  },
  {
    name: 'events',
    args: 'FILE [--apply CHANGE.yaml]... [--limit N]',
    summary: 'BGP messages (OPEN/KEEPALIVE/UPDATE/WITHDRAW) and the FIB changes they cause: converging from scratch, or after applying CHANGE.yaml like `calicoctl apply -f`',
    flags: { ...FILE_FLAGS, apply: { type: 'string', multiple: true }, limit: { type: 'string' } },
    run: ({ positional, flags }) => {
      const { text, name } = readScenario(positional[0], str(flags, 'preset'));
      const before = loadLab(text, name);
      if (!before.state) throw new InputError(before.errors.map((e) => e.message).join('\n'));
      const limit = intFlag(flags, 'limit', 1, 1_000_000) ?? 2000;
      const changes = (flags.apply as string[] | undefined) ?? [];
      if (!changes.length) return eventsText(bgpEvents(undefined, before.state), { limit });
      // Each file is a session manifest action: replaced by kind and name (and namespace), as `calicoctl apply -f`
      // / `kubectl apply -f` do, validated like a load, errors located in the file they are in.
      const actions: Action[] = changes.map((f) => {
        try {
          return { kind: 'manifests', text: { text: readFileSync(f, 'utf8'), file: f, line: 1, path: '' }, label: `apply -f ${f}`, source: 'import' };
        } catch (e) {
          throw new InputError(`cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      });
      const o = apply({ file: name, docs: readManifests({ text, file: name, line: 1, path: '' }).docs, state: before.state }, actions);
      if (!o.ok) throw new InputError(o.errors.map((e) => e.message).join('\n'));
      const after = o.session;
      return eventsText(bgpEvents(before.state, after.state), { limit });
    },
  },
  {
    name: 'bgpconfig',
    args: 'FILE',
    summary: '`calicoctl get bgpconfig`',
    flags: { ...FILE_FLAGS },
    run: ({ positional, flags }) => bgpConfigText(load(positional, flags).state),
  },
  {
    name: 'bgppeers',
    args: 'FILE',
    summary: '`calicoctl get bgppeer`',
    flags: { ...FILE_FLAGS },
    run: ({ positional, flags }) => bgpPeerText(load(positional, flags).state),
  },
  {
    name: 'nodes',
    args: 'FILE [--narrow]',
    summary: '`calicoctl get node -o wide` (ASN, autodetected IPv4 address with its prefix); names only with --narrow',
    flags: { ...FILE_FLAGS, narrow: { type: 'boolean' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      return flags.narrow === true ? getNode(state.nodes.map((n) => ({ name: n.name, inheritedAsn: 64512 }))) : nodeWideText(state);
    },
  },
  {
    name: 'iptables-save',
    args: 'FILE --node N',
    summary: "`iptables-save -t nat` on a node: kube-proxy's chains for the lab's Services (KUBE-SVC-*/KUBE-SEP-* named as kube-proxy hashes them)",
    flags: { ...FILE_FLAGS, node: { type: 'string' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const node = str(flags, 'node');
      if (!node) throw new UsageError('iptables-save needs --node NAME');
      nodeNs(state, node);
      return kubeProxyNatSave(state, node);
    },
  },
  {
    name: 'ss',
    args: 'FILE --node N',
    summary: "`ss -antp | grep ESTAB | grep bird`: which side of each BGP session holds port 179",
    flags: { ...FILE_FLAGS, node: { type: 'string' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const node = str(flags, 'node');
      if (!node) throw new UsageError('ss needs --node NAME');
      nodeNs(state, node);
      return ssText(state, node);
    },
  },
];

const WALK_FLAGS = {
  ...FILE_FLAGS,
  from: { type: 'string' as const },
  to: { type: 'string' as const },
  protocol: { type: 'string' as const },
  port: { type: 'string' as const },
  size: { type: 'string' as const },
  pmtudisc: { type: 'string' as const },
  reply: { type: 'boolean' as const },
};

function intFlag(flags: Flags, k: string, min: number, max: number): number | undefined {
  const v = str(flags, k);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${k} must be a whole number from ${min} to ${max} (got "${v}")`);
  return Number(v);
}

function traceArgs(flags: Flags): TraceArgs {
  const from = str(flags, 'from');
  const to = str(flags, 'to');
  if (!from || !to) throw new UsageError('name both ends: --from NS/POD|NODE --to NS/POD|NODE|IP');
  const protocol = oneOf(flags, 'protocol', ['icmp', 'tcp', 'udp'] as const, 'icmp');
  const port = intFlag(flags, 'port', 1, 65535);
  if (protocol !== 'icmp' && port === undefined) throw new UsageError(`--protocol ${protocol} needs --port`);
  return {
    from,
    to,
    protocol,
    ...(port !== undefined ? { port } : {}),
    ...(str(flags, 'size') !== undefined ? { size: intFlag(flags, 'size', 0, 65507)! } : {}),
    ...(str(flags, 'pmtudisc') ? { pmtudisc: oneOf(flags, 'pmtudisc', ['do', 'want', 'dont'] as const, 'do') } : {}),
    reply: flags.reply === true,
  };
}

/** --iface NODE:IF (node names may contain dots and colons never; the interface is after the last colon). */
function ifaceFlag(state: ClusterState, flags: Flags): { nsId: string; dev: string } | undefined {
  const v = str(flags, 'iface');
  if (!v) return undefined;
  const i = v.lastIndexOf(':');
  if (i <= 0) throw new UsageError(`--iface takes NODE:IF (got "${v}")`);
  const ns = v.slice(0, i).includes('/') ? targetNs(state, { pod: v.slice(0, i) }) : nodeNs(state, v.slice(0, i));
  const dev = v.slice(i + 1);
  if (!ns.links.some((l) => l.name === dev)) throw new QueryError(`${ns.name} has no interface "${dev}" (it has ${ns.links.map((l) => l.name).join(', ')})`);
  return { nsId: ns.id, dev };
}

COMMANDS.push(
  {
    name: 'trace',
    args: 'FILE --from A --to B [--protocol icmp|tcp|udp] [--port P] [--size N] [--pmtudisc do|want|dont] [--reply] [--format text|json]',
    summary: 'Walk one packet hop by hop (route matched, encap/decap, wire, verdict); --reply walks the answer too',
    flags: { ...WALK_FLAGS, format: { type: 'string' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const r = runWalk(state, traceArgs(flags));
      return oneOf(flags, 'format', ['text', 'json'] as const, 'text') === 'json' ? walkJson(r) : walkReport(r);
    },
  },
  {
    name: 'traceroute',
    args: 'FILE --from A --to B [--variant linux|busybox]',
    summary: 'Linux `traceroute -n` (UDP probes, TTL 1, 2, ...); BusyBox\'s with --variant busybox',
    flags: { ...FILE_FLAGS, from: { type: 'string' }, to: { type: 'string' }, variant: { type: 'string' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const from = str(flags, 'from');
      const to = str(flags, 'to');
      if (!from || !to) throw new UsageError('name both ends: --from NS/POD|NODE --to NS/POD|NODE|IP');
      return tracerouteText(state, from, to, oneOf(flags, 'variant', ['linux', 'busybox'] as const, 'linux'));
    },
  },
  {
    name: 'ping',
    args: 'FILE --from A --to B [--count N] [--size N] [--pmtudisc do|want|dont]',
    summary: 'iputils `ping -c N [-s SIZE] [-M do|want|dont]`: replies with TTLs, or the error the kernel reports',
    flags: { ...FILE_FLAGS, from: { type: 'string' }, to: { type: 'string' }, count: { type: 'string' }, size: { type: 'string' }, pmtudisc: { type: 'string' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const from = str(flags, 'from');
      const to = str(flags, 'to');
      if (!from || !to) throw new UsageError('name both ends: --from NS/POD|NODE --to NS/POD|NODE|IP');
      return pingText(state, from, to, {
        count: intFlag(flags, 'count', 1, 100) ?? 3,
        size: intFlag(flags, 'size', 0, 65507) ?? 56,
        ...(str(flags, 'pmtudisc') ? { pmtudisc: oneOf(flags, 'pmtudisc', ['do', 'want', 'dont'] as const, 'want') } : {}),
      });
    },
  },
  {
    name: 'tcpdump',
    args: 'FILE --from A --to B --iface NODE:IF [-e] [-v] [walk flags]',
    summary: 'What `tcpdump -n -i IF` prints on that interface for the walk and its reply (parsed from the bytes)',
    flags: { ...WALK_FLAGS, iface: { type: 'string' }, e: { type: 'boolean', short: 'e' } as never, v: { type: 'boolean', short: 'v' } as never },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const iface = ifaceFlag(state, flags);
      if (!iface) throw new UsageError('tcpdump needs --iface NODE:IF');
      const r = runWalk(state, { ...traceArgs(flags), reply: flags.reply !== false });
      return tcpdumpText(state, r, iface.nsId, iface.dev, { e: flags.e === true, v: flags.v === true });
    },
  },
  {
    name: 'pcap',
    args: 'FILE --from A --to B [--iface NODE:IF] -o OUT.pcap [walk flags]',
    summary: "Write the walk's frames (request and reply; one interface's with --iface) as a libpcap file",
    flags: { ...WALK_FLAGS, iface: { type: 'string' }, o: { type: 'string', short: 'o' } as never, output: { type: 'string' } },
    run: ({ positional, flags }) => {
      const { state } = load(positional, flags);
      const out = str(flags, 'o') ?? str(flags, 'output');
      if (!out) throw new UsageError('pcap needs -o OUT.pcap');
      const r = runWalk(state, { ...traceArgs(flags), reply: flags.reply !== false });
      const bytes = pcapOf(r, ifaceFlag(state, flags), state.scenario.cluster.clockStart);
      writeFileSync(out, bytes);
      return '';
    },
  },
);

export function isUserError(e: unknown): boolean {
  return e instanceof InputError || e instanceof UsageError || e instanceof QueryError;
}

import { policyCommands } from './policy';
COMMANDS.push(...policyCommands);

import { labCommands } from './lab';
COMMANDS.push(...labCommands);

import { shCommands } from './sh';
COMMANDS.push(...shCommands);

import { IMPORT_COMMAND } from './import';
COMMANDS.push(IMPORT_COMMAND);
