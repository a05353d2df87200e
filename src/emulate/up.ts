// `emulate up` / `emulate down`: the scenario built out of real namespaces, veths, bridges, VXLAN devices and
// BIRD. Addresses, MACs and MTUs are taken from the simulator's resolved state (they are inputs, as a real
// cluster's are); the CNI's routes, neighbours and FDB entries are derived here from the scenario as the
// daemons derive them (BIRD for Calico's BGP routes, Felix's rules for VXLAN, flanneld's for its backends), so
// that `verify` compares two independent answers. Underlay routes the distribution adds (default route,
// extraRoutes) are copied from the scenario's topology: they are not what the simulator is judged on.

import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterState, NodeInfo } from '../core/model/cluster';
import type { Link, NetNS } from '../core/model/kernel';
import { formatRoute } from '../core/model/routeLine';
import { birdConfig, cidrContains, poolOf, routerBirdConfig } from './bird';
import { labDir, labId, PREFIX, planNames, readMap, saveMap, type LabMap } from './plan';
import { EmulateError, haveCommand, ipn, nsExec, run, sleepMs, sysctl } from './run';
import { checkedServicePorts, iptablesTools, loadKubeProxy } from './services';

export class SkipError extends Error {}

const log = (quiet: boolean, s: string) => {
  if (!quiet) process.stderr.write(`emulate: ${s}\n`);
};

function netOf(cidr: string): string {
  const [a, l] = cidr.split('/');
  const n = a!.split('.').reduce((x, o) => x * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(l));
  const base = Math.floor(n / size) * size;
  return [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.');
}

function firstHost(cidr: string): string {
  const net = netOf(cidr).split('.').map(Number);
  net[3]! += 1;
  return net.join('.');
}

function onLink(ns: NetNS, ip: string): boolean {
  return ns.links.some((l) => l.addrs.some((a) => a.prefixLen < 32 && cidrContains(`${a.ip}/${a.prefixLen}`, `${ip}/32`)));
}

function addAddrs(ns: string, link: Link, metric?: number): void {
  for (const a of link.addrs) {
    const args = ['addr', 'add', `${a.ip}/${a.prefixLen}`];
    if (a.brd) args.push('brd', a.brd);
    args.push('dev', link.name);
    if (metric) args.push('metric', String(metric));
    ipn(ns, args);
  }
}

function setLink(ns: string, link: Link): void {
  const args = ['link', 'set', 'dev', link.name, 'mtu', String(link.mtu)];
  if (link.mac) args.push('address', link.mac);
  ipn(ns, args);
}

/** Does this kernel build IPIP devices? (the module is not always there: then those parts are skipped) */
export function hasIpip(fabric: string): boolean {
  const ok = ipn(fabric, ['link', 'add', `${PREFIX}ipip`, 'type', 'ipip'], false).code === 0;
  if (ok) ipn(fabric, ['link', 'del', `${PREFIX}ipip`], false);
  return ok;
}

export function preflight(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces)';
  if (!haveCommand('ip')) return 'needs iproute2 (ip)';
  if (run('ip', ['netns', 'list'], { check: false }).code !== 0) return '`ip netns` does not work here';
  return undefined;
}

export function needsIpip(state: ClusterState): boolean {
  return state.scenario.cluster.cni === 'calico' && state.scenario.ippools.some((p) => p.ipipMode !== 'Never');
}

export function up(state: ClusterState, source: string, opts: { quiet?: boolean } = {}): LabMap {
  const quiet = opts.quiet ?? false;
  const pre = preflight();
  if (pre) throw new EmulateError(pre);
  down(source, true);
  const m = planNames(state, source);
  saveMap(m);
  const dir = labDir(m.lab);
  try {
    build(state, m, dir, quiet);
  } catch (e) {
    down(source, true);
    throw e;
  }
  return m;
}

function build(state: ClusterState, m: LabMap, dir: string, quiet: boolean): void {
  const sc = state.scenario;
  const calico = sc.cluster.cni === 'calico';
  const useBird = calico && sc.cluster.calico.networkingBackend === 'bird';
  if (useBird && !haveCommand('bird')) throw new EmulateError('Calico with the bird backend needs BIRD 2 (Debian package bird2)');

  run('ip', ['netns', 'add', m.fabric]);
  ipn(m.fabric, ['link', 'set', 'lo', 'up']);
  if (needsIpip(state) && !hasIpip(m.fabric)) throw new SkipError('skipped: no ipip module (an IP pool uses ipipMode Always/CrossSubnet)');
  const bridges = new Map<string, string>();
  sc.topology.networks.forEach((n, i) => {
    const br = `${PREFIX}b${i}`;
    ipn(m.fabric, ['link', 'add', br, 'type', 'bridge']);
    ipn(m.fabric, ['link', 'set', br, 'up']);
    bridges.set(n.name, br);
  });
  log(quiet, `fabric ${m.fabric}: ${bridges.size} segment bridge(s)`);

  const all = Object.values(state.netns);
  for (const ns of all) {
    const name = m.ns[ns.id];
    if (!name) continue;
    run('ip', ['netns', 'add', name]);
    ipn(name, ['link', 'set', 'lo', 'up']);
    // The simulator has no clock for ICMP rate limiting (icmp_ratelimit's per-destination token bucket); off
    // here, so a looping traceroute answers every probe on both sides and the checks do not depend on timing.
    sysctl(name, 'net.ipv4.icmp_ratelimit', 0);
  }
  saveMap(m);

  // Node and router NICs, docker0/cni0 and the VXLAN devices (veths to pods come with the pods).
  let k = 0;
  for (const ns of all.filter((x) => x.kind !== 'pod')) {
    const name = m.ns[ns.id]!;
    const topoNode = sc.topology.nodes.find((n) => n.name === ns.name && ns.kind === 'node');
    sysctl(name, 'net.ipv4.ip_forward', ns.forwarding || ns.kind === 'node' ? 1 : 0);
    k++;
    let j = 0;
    for (const l of ns.links) {
      j++;
      const metric = topoNode?.interfaces.find((i) => i.name === l.name)?.metric;
      if (l.kind === 'ether' && l.network && bridges.has(l.network)) {
        const fab = `${PREFIX}${k}x${j}`;
        ipn(m.fabric, ['link', 'add', fab, 'type', 'veth', 'peer', 'name', l.name, 'netns', name]);
        ipn(m.fabric, ['link', 'set', fab, 'master', bridges.get(l.network)!, 'up']);
        setLink(name, l);
        ipn(name, ['link', 'set', l.name, 'up']);
        addAddrs(name, l, metric);
      } else if (l.kind === 'ether' || l.kind === 'bridge') {
        ipn(name, ['link', 'add', l.name, 'type', 'bridge']);
        setLink(name, l);
        ipn(name, ['link', 'set', l.name, 'up']);
        // A bridge has carrier only with a port up; docker0 with containers (or a network-less NIC) needs one.
        const hasPods = state.pods.some((p) => p.node === ns.name) && l.name === 'cni0';
        if (!l.noCarrier && !hasPods) {
          ipn(name, ['link', 'add', `${PREFIX}c${j}a`, 'type', 'veth', 'peer', 'name', `${PREFIX}c${j}b`]);
          ipn(name, ['link', 'set', `${PREFIX}c${j}a`, 'master', l.name, 'up']);
          ipn(name, ['link', 'set', `${PREFIX}c${j}b`, 'up']);
        }
        addAddrs(name, l, metric);
      }
    }
    for (const l of ns.links.filter((x) => x.kind === 'vxlan' && x.vxlan)) {
      const v = l.vxlan!;
      ipn(name, ['link', 'add', l.name, 'type', 'vxlan', 'id', String(v.vni), 'local', v.local, 'dev', v.dev, 'dstport', String(v.port), ...(v.learning ? [] : ['nolearning'])]);
      setLink(name, l);
      ipn(name, ['link', 'set', l.name, 'up']);
      addAddrs(name, l);
    }
    // The distribution's routes (default route, extraRoutes): the underlay, not the CNI.
    for (const r of ns.routes.filter((x) => (x.owner === 'topology' || x.owner === 'distro') && x.proto !== 2)) {
      const spec = formatRoute(r).replace(/\blinkdown\b/, '').trim().split(/\s+/);
      ipn(name, ['route', 'add', ...spec]);
    }
  }

  wirePods(state, m);
  if (calico) calicoRoutes(state, m, dir, useBird, quiet);
  else flannelRoutes(state, m);
  // kube-proxy (iptables mode): each node's nat table as the simulator's iptables-save prints it
  const tools = iptablesTools();
  if (checkedServicePorts(state).length > 0) {
    if (tools) {
      loadKubeProxy(state, m, tools);
      m.kubeProxy = true;
      log(quiet, `kube-proxy: nat rules loaded in ${state.nodes.length} node namespace(s) (${tools.restore})`);
    } else m.skipped.push('kube-proxy rules: no iptables-restore on this host');
  }
  saveMap(m);
}

function wirePods(state: ClusterState, m: LabMap): void {
  const calico = state.scenario.cluster.cni === 'calico';
  for (const p of state.pods) {
    const node = m.ns[`node/${p.node}`];
    const pod = m.ns[p.ns];
    if (!node || !pod) continue;
    const podNs = state.netns[p.ns]!;
    const nodeNs = state.netns[`node/${p.node}`]!;
    const eth0 = podNs.links.find((l) => l.name === 'eth0')!;
    const host = nodeNs.links.find((l) => l.name === p.hostVeth);
    ipn(node, ['link', 'add', p.hostVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', pod]);
    setLink(pod, eth0);
    if (host) setLink(node, host);
    ipn(pod, ['link', 'set', 'eth0', 'up']);
    addAddrs(pod, eth0);
    if (calico) {
      // Calico's CNI plugin: a /32 on eth0, a link route to the fake gateway and the default route through it;
      // the host end answers ARP for it by proxy, and Felix routes the pod's /32 to the cali device.
      ipn(pod, ['route', 'add', '169.254.1.1', 'dev', 'eth0', 'scope', 'link']);
      ipn(pod, ['route', 'add', 'default', 'via', '169.254.1.1', 'dev', 'eth0']);
      sysctl(node, `net.ipv4.conf.${p.hostVeth}.proxy_arp`, 1);
      sysctl(node, `net.ipv4.neigh.${p.hostVeth}.proxy_delay`, 0);
      sysctl(node, `net.ipv4.conf.${p.hostVeth}.forwarding`, 1);
      ipn(node, ['link', 'set', p.hostVeth, 'up']);
      ipn(node, ['route', 'add', `${p.ip}/32`, 'dev', p.hostVeth, 'scope', 'link']);
    } else {
      // The bridge plugin as flannel's CNI delegates to it: port on cni0, default route via the bridge's
      // address (isDefaultGateway) and the flannel Network via the same gateway (flannel's ipam routes).
      const info = state.nodes.find((n) => n.name === p.node)!;
      const gw = firstHost(info.podCIDR!);
      ipn(node, ['link', 'set', p.hostVeth, 'master', 'cni0', 'up']);
      // flannel's cni-conf.json delegates with "hairpinMode": true: a pod reaching itself through its Service
      // is routed back out of the port it came in by
      nsExec(node, ['bridge', 'link', 'set', 'dev', p.hostVeth, 'hairpin', 'on']);
      ipn(pod, ['route', 'add', 'default', 'via', gw, 'dev', 'eth0']);
      ipn(pod, ['route', 'add', state.scenario.cluster.flannel.netConf.Network, 'via', gw, 'dev', 'eth0']);
    }
  }
}

function vtepEntries(ns: string, dev: string, peerIp: string, gw: string, mac: string): void {
  ipn(ns, ['neigh', 'replace', gw, 'dev', dev, 'lladdr', mac, 'nud', 'permanent']);
  nsExec(ns, ['bridge', 'fdb', 'append', mac, 'dev', dev, 'dst', peerIp, 'self', 'permanent']);
}

function calicoRoutes(state: ClusterState, m: LabMap, dir: string, useBird: boolean, quiet: boolean): void {
  // Felix's VXLAN manager: a route per remote block of a VXLAN pool, through the remote VTEP (onlink), or
  // straight to the node in the same subnet under CrossSubnet; neighbour + FDB entry per remote VTEP.
  for (const me of state.nodes) {
    const ns = m.ns[me.ns]!;
    const myNs = state.netns[me.ns]!;
    const hasVtep = myNs.links.some((l) => l.name === 'vxlan.calico');
    for (const b of me.blocks) {
      const pool = poolOf(state, b);
      if (pool && pool.vxlanMode !== 'Never') ipn(ns, ['route', 'add', 'blackhole', b, 'proto', '80']);
    }
    if (!hasVtep) continue;
    for (const o of state.nodes) {
      // Felix routes to a node only once it knows that node's VTEP (its VXLAN tunnel address and MAC).
      const vtep = o.vxlanTunnelAddr;
      if (o === me || !o.address || !vtep || !o.vtepMac) continue;
      let entries = false;
      const viaVtep = (b: string) => {
        // Felix's VXLAN route table leaves the protocol at the default (boot), which `ip route` does not print
        ipn(ns, ['route', 'add', b, 'via', vtep, 'dev', 'vxlan.calico', 'onlink']);
        entries = true;
      };
      for (const b of o.blocks) {
        const pool = poolOf(state, b);
        if (!pool || pool.vxlanMode === 'Never') continue;
        const direct = pool.vxlanMode === 'CrossSubnet' && me.address && sameSubnet(me, o);
        if (direct) ipn(ns, ['route', 'add', b, 'via', o.address.ip, 'dev', me.address!.iface, 'proto', '80', 'onlink']);
        else viaVtep(b);
      }
      // a VTEP address outside the node's own blocks is routed straight onto the device (it IS the VTEP)
      if (!o.blocks.some((b) => cidrContains(b, `${vtep}/32`))) {
        ipn(ns, ['route', 'add', vtep, 'dev', 'vxlan.calico', 'scope', 'link']);
        entries = true;
      }
      if (entries) vtepEntries(ns, 'vxlan.calico', o.address.ip, vtep, o.vtepMac);
    }
  }
  if (!useBird) return;
  // BGP-speaking routers first, so the nodes' sessions to them come up with the mesh. They listen without
  // speaking until every session is up and the tables are still: see routerBirdConfig.
  const routers: { name: string; ns: string; ctl: string; file: string }[] = [];
  for (const r of state.scenario.topology.routers) {
    const ns = m.ns[`router/${r.name}`];
    const conf = routerBirdConfig(state, r.name, join(dir, `bird-router-${r.name}.log`), false);
    if (!ns || !conf) continue;
    const file = join(dir, `bird-router-${r.name}.conf`);
    const pid = join(dir, `bird-router-${r.name}.pid`);
    const ctl = join(dir, `bird-router-${r.name}.ctl`);
    writeFileSync(file, conf);
    nsExec(ns, ['bird', '-c', file, '-s', ctl, '-P', pid]);
    m.birdPids.push(pid);
    saveMap(m);
    routers.push({ name: r.name, ns, ctl, file });
  }
  const speakers = state.nodes.filter((n) => n.address);
  for (const me of speakers) {
    const ns = m.ns[me.ns]!;
    const conf = join(dir, `bird-${me.name}.conf`);
    const pid = join(dir, `bird-${me.name}.pid`);
    writeFileSync(conf, birdConfig(state, me, join(dir, `bird-${me.name}.log`)));
    nsExec(ns, ['bird', '-c', conf, '-s', join(dir, `bird-${me.name}.ctl`), '-P', pid]);
    m.birdPids.push(pid);
    saveMap(m);
  }
  log(quiet, `BIRD started on ${speakers.length} node(s)${routers.length ? ` and ${routers.length} router(s)` : ''}; waiting for the sessions and the kernel routes`);
  waitForBird(state, m, dir, speakers, routers);
  if (!routers.length) return;
  for (const r of routers) {
    writeFileSync(r.file, routerBirdConfig(state, r.name, join(dir, `bird-router-${r.name}.log`), true)!);
    nsExec(r.ns, ['birdc', '-s', r.ctl, 'configure']);
  }
  log(quiet, `router(s) now export their routes; waiting for the tables to settle`);
  sleepMs(1000);
  waitForBird(state, m, dir, speakers, routers);
}

function sameSubnet(a: NodeInfo, b: NodeInfo): boolean {
  return !!a.address && !!b.address && cidrContains(`${a.address.ip}/${a.address.prefixLen}`, `${b.address.ip}/32`);
}

/** Waits until every BGP protocol is Established (or 20 s pass) and the kernel tables stop changing. */
function waitForBird(state: ClusterState, m: LabMap, dir: string, speakers: NodeInfo[], routers: { ns: string; ctl: string }[] = []): void {
  const all = [...speakers.map((n) => ({ ns: m.ns[n.ns]!, ctl: join(dir, `bird-${n.name}.ctl`) })), ...routers];
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const pending = all.some((b) => {
      const out = nsExec(b.ns, ['birdc', '-s', b.ctl, 'show', 'protocols'], { check: false }).stdout;
      return out.split('\n').some((l) => /\sBGP\s/.test(l) && !/Established/.test(l));
    });
    if (!pending) break;
    sleepMs(500);
  }
  let last = '';
  for (let i = 0; i < 10; i++) {
    const snap = all.map((b) => ipn(b.ns, ['route'], false).stdout).join('|');
    if (snap === last) break;
    last = snap;
    sleepMs(700);
  }
}

function flannelRoutes(state: ClusterState, m: LabMap): void {
  const be = state.scenario.cluster.flannel.netConf.Backend;
  for (const me of state.nodes) {
    const ns = m.ns[me.ns]!;
    const myNs = state.netns[me.ns]!;
    for (const o of state.nodes) {
      if (o === me || !o.podCIDR || !o.address) continue;
      // flanneld: host-gw always routes to the node; vxlan with DirectRouting does so when the node is on a
      // directly connected network (no gateway needed), otherwise through flannel.1 with ARP + FDB entries.
      const direct = be.Type === 'host-gw' || (be.DirectRouting && onLink(myNs, o.address.ip));
      if (direct) {
        ipn(ns, ['route', 'replace', o.podCIDR, 'via', o.address.ip, 'dev', me.address!.iface]);
      } else if (o.vtepMac) {
        const gw = netOf(o.podCIDR);
        vtepEntries(ns, 'flannel.1', o.address.ip, gw, o.vtepMac);
        ipn(ns, ['route', 'replace', o.podCIDR, 'via', gw, 'dev', 'flannel.1', 'onlink']);
      }
    }
  }
}

/** Removes what `up` made for this scenario: BIRD processes it started (by pid file) and every `cnilab-<lab>-`
 *  namespace (their links, bridges and routes go with them). The root namespace is never touched. */
export function down(source: string, quiet = false): number {
  const lab = labId(source);
  const m = readMap(lab);
  for (const pidFile of m?.birdPids ?? []) {
    try {
      const pid = Number(run('cat', [pidFile], { check: false }).stdout.trim());
      if (pid > 1) process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  const mine = `${PREFIX}${lab}-`;
  const listed = run('ip', ['netns', 'list'], { check: false }).stdout.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(mine));
  for (const n of listed) run('ip', ['netns', 'del', n], { check: false });
  const dir = join(labDir(lab));
  try {
    for (const f of readdirSync(dir)) rmSync(join(dir, f), { force: true });
    rmSync(dir, { recursive: true, force: true });
  } catch {
    /* nothing to remove */
  }
  if (!quiet) process.stderr.write(`emulate: removed ${listed.length} namespace(s) of lab ${lab}\n`);
  return listed.length;
}
