// cnilab/v1 Topology: L2 segments (networks), routers joining them at L3, and nodes with their NICs.
// Interface order is ifindex order and node order is the order nodes come up, so both lists are
// kept exactly as written.

import { cidrContains, ipToNum, numToIp } from '../util/ipv4';
import type { NodeInterface, RouterInterface, Topology, TopologyNetwork, TopologyNode, TopologyRouter } from '../model/scenario';
import { copyRecord, finishRoot, readMeta, specOf, type Build, type Doc } from './build';
import type { Where } from './diag';
import type { Fields } from './fields';
import { nameField, ifaceNameProblem } from './names';
import { addrText, asNumberField, cidrField, ifaceAddrField, ipField, isReservedInNet, macField, type AddrWithPrefix } from './net';
import { joinPath } from './path';
import { routeLineProblems } from './routeLine';

export const DEFAULT_IFACE_MTU = 1500;
export const CLOCK = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

/** Addresses on networks, to find the same address twice on the wire. */
/** Addresses in use per L2 segment, keyed "network|address": the same address on two separate segments is
 *  legal (every Vagrant VM's NAT network hands out 10.0.2.15), twice on one segment it breaks ARP. */
type AddressBook = Map<string, { where: Where; owner: string }>;

export function readTopology(doc: Doc, b: Build): void {
  const meta = readMeta(doc, { namespaced: false, rule: 'free', what: 'Topology' });
  const spec = specOf(doc, true);
  const book: AddressBook = new Map();
  const networks = readNetworks(spec, b);
  const routers = readRouters(spec, b, book);
  const nodes = readNodes(spec, b, book);
  spec.done();
  finishRoot(doc, spec);
  const topology: Topology = { name: meta.name ?? '', networks, routers, nodes };
  b.out.topology = topology;
  b.hasTopology = true;
  if (meta.name !== undefined) b.ref('Topology', meta.name, doc.res);
}

function readNetworks(spec: Fields, b: Build): TopologyNetwork[] {
  const out: TopologyNetwork[] = [];
  const list = spec.maps('networks', true) ?? [];
  if (list.length === 0 && spec.has('networks')) spec.rep.error('E106', spec.where('networks'), 'spec.networks needs at least one network');
  for (const f of list) {
    const name = nameField(f, 'name', 'free', 'network');
    const c = cidrField(f, 'cidr', true);
    const gateway = ipField(f, 'gateway');
    const mtu = f.int('mtu', { min: 68, max: 65535 });
    f.done();
    if (name !== undefined) b.networkNames.add(name);
    if (name === undefined || c === undefined) continue;
    if (gateway !== undefined) {
      const g = ipToNum(gateway);
      if (!cidrContains(c.cidr, g)) {
        f.rep.error('E206', f.where('gateway'), `${f.at('gateway')}: ${gateway} is outside network ${name} (${c.text})`, `an address inside ${c.text}`);
      } else {
        const r = isReservedInNet(g, c.cidr);
        if (r) f.rep.error('E207', f.where('gateway'), `${f.at('gateway')}: ${gateway} is the ${r} address of ${c.text}`, `a host address inside ${c.text}`);
      }
    }
    if (!b.unique(`network/${name}`, f.where('name'), `network ${JSON.stringify(name)}`)) continue;
    const net: TopologyNetwork = { name, cidr: c.text };
    if (gateway !== undefined) net.gateway = gateway;
    if (mtu !== undefined) net.mtu = mtu;
    out.push(net);
    b.networks.set(name, { net, cidr: c.cidr });
  }
  return out;
}

function readRouters(spec: Fields, b: Build, book: AddressBook): TopologyRouter[] {
  const out: TopologyRouter[] = [];
  for (const f of spec.maps('routers') ?? []) {
    const name = nameField(f, 'name', 'free', 'router');
    const interfaces: RouterInterface[] = [];
    for (const inf of f.maps('interfaces', true) ?? []) {
      const network = inf.str('network', true, 'the network this interface is on');
      const addr = ifaceAddrField(inf, 'ip', true);
      inf.done();
      if (network === undefined || addr === undefined) continue;
      if (!checkNetworkRef(inf, network, b)) continue;
      checkAddrOnNetwork(inf, network, addr, b, 'E204', book, `router ${name ?? '?'}`);
      interfaces.push({ network, ip: addrText(addr) });
    }
    const bgpF = f.map('bgp');
    let bgp: TopologyRouter['bgp'];
    if (bgpF) {
      const asNumber = asNumberField(bgpF, 'asNumber');
      if (!bgpF.has('asNumber')) bgpF.missing('asNumber', 'the router AS number');
      bgpF.done();
      if (asNumber !== undefined) bgp = { asNumber };
    }
    f.done();
    if (name === undefined) continue;
    if (!b.unique(`host/${name}`, f.where('name'), `router ${JSON.stringify(name)} (routers and nodes share one namespace)`)) continue;
    const router: TopologyRouter = { name, interfaces };
    if (bgp) router.bgp = bgp;
    out.push(router);
    b.routers.set(name, router);
  }
  return out;
}

function readNodes(spec: Fields, b: Build, book: AddressBook): TopologyNode[] {
  const out: TopologyNode[] = [];
  const list = spec.maps('nodes', true) ?? [];
  if (list.length === 0 && spec.has('nodes')) spec.rep.error('E106', spec.where('nodes'), 'spec.nodes needs at least one node');
  for (const f of list) {
    const name = nameField(f, 'name', 'subdomain', 'node');
    const labels = f.strMap('labels') ?? {};
    const annotations = f.strMap('annotations') ?? {};
    const podCIDR = cidrField(f, 'podCIDR');
    const interfaces = readNodeInterfaces(f, b, book, name ?? '?');
    const extraRoutes = f.strList('extraRoutes');
    const startedAt = f.str('startedAt');
    if (startedAt !== undefined && !CLOCK.test(startedAt)) {
      f.rep.error('E119', f.where('startedAt'), `${f.at('startedAt')}: ${JSON.stringify(startedAt)} is not a time of day`, 'HH:MM:SS, 00:00:00 to 23:59:59');
    }
    if (extraRoutes) {
      const names = new Set(interfaces.map((i) => i.name));
      extraRoutes.forEach((line, i) => {
        for (const p of routeLineProblems(line, names)) {
          const path = joinPath(f.at('extraRoutes'), i);
          f.rep.error(p.code, { res: f.res, path }, `${path}: ${JSON.stringify(line)}: ${p.detail}`, p.code === 'E119' ? 'ip route syntax, e.g. "169.254.0.0/16 dev ens33 scope link metric 1000"' : undefined);
        }
      });
    }
    f.done();
    if (name === undefined) continue;
    if (!b.unique(`host/${name}`, f.where('name'), `node ${JSON.stringify(name)} (routers and nodes share one namespace)`)) continue;
    const node: TopologyNode = { name, labels: copyRecord(labels), annotations: copyRecord(annotations), interfaces };
    if (podCIDR) node.podCIDR = podCIDR.text;
    if (extraRoutes) node.extraRoutes = extraRoutes;
    if (startedAt !== undefined && CLOCK.test(startedAt)) node.startedAt = startedAt;
    out.push(node);
    b.nodes.set(name, { node, where: f.where(), podCIDRWhere: podCIDR ? f.where('podCIDR') : undefined });
  }
  return out;
}

function readNodeInterfaces(f: Fields, b: Build, book: AddressBook, nodeName: string): NodeInterface[] {
  const out: NodeInterface[] = [];
  const seen = new Map<string, number>();
  const list = f.maps('interfaces', true) ?? [];
  for (const inf of list) {
    const name = inf.str('name', true, 'the interface name, e.g. eth0');
    const network = inf.str('network');
    const addr = ifaceAddrField(inf, 'ip', true);
    const mtu = inf.int('mtu', { min: 68, max: 65535 });
    const mac = macField(inf, 'mac');
    const metric = inf.int('metric', { min: 0, max: 4294967295 });
    const proto = inf.str('defaultRouteProto');
    const linkdown = inf.bool('linkdown');
    inf.done();
    if (proto !== undefined && !/^([a-z][a-z0-9._-]*|\d{1,3})$/.test(proto)) {
      inf.rep.error('E119', inf.where('defaultRouteProto'), `${inf.at('defaultRouteProto')}: ${JSON.stringify(proto)} is not a route protocol`, 'an iproute2 protocol name (static, dhcp, kernel, boot) or a number');
    }
    if (name === undefined) continue;
    const why = ifaceNameProblem(name);
    if (why) {
      inf.rep.error('E111', inf.where('name'), `${inf.at('name')}: ${why}`, 'at most 15 bytes, no "/", ":" or whitespace');
      continue;
    }
    if (seen.has(name)) {
      inf.rep.error('E110', inf.where('name'), `interface ${JSON.stringify(name)} is declared twice on node ${JSON.stringify(nodeName)} (first at interfaces[${seen.get(name)}])`, 'unique interface names per node');
      continue;
    }
    seen.set(name, out.length);
    if (addr === undefined) continue;
    if (network !== undefined) {
      if (!checkNetworkRef(inf, network, b)) continue;
      checkAddrOnNetwork(inf, network, addr, b, 'E203', book, `node ${nodeName}`);
    }
    const iface: NodeInterface = { name, ip: addrText(addr), mtu: mtu ?? DEFAULT_IFACE_MTU };
    if (network !== undefined) iface.network = network;
    if (mac !== undefined) iface.mac = mac;
    if (metric !== undefined) iface.metric = metric;
    if (proto !== undefined) iface.defaultRouteProto = proto;
    if (linkdown !== undefined) iface.linkdown = linkdown;
    out.push(iface);
  }
  return out;
}

function checkNetworkRef(inf: Fields, network: string, b: Build): boolean {
  if (b.networkNames.has(network)) return true;
  inf.rep.error('E202', inf.where('network'), `${inf.at('network')}: network ${JSON.stringify(network)} is not declared in spec.networks`, [...b.networkNames].join(', ') || '(none declared)');
  return false;
}

function checkAddrOnNetwork(inf: Fields, network: string, addr: AddrWithPrefix, b: Build, outsideCode: 'E203' | 'E204', book: AddressBook, owner: string): void {
  const n = b.networks.get(network);
  if (!n) return;
  const text = addrText(addr);
  if (!cidrContains(n.cidr, addr.ip)) {
    inf.rep.error(outsideCode, inf.where('ip'), `${inf.at('ip')}: ${text} is outside network ${network} (${n.net.cidr})`, `an address inside ${n.net.cidr}`);
    return;
  }
  const reserved = isReservedInNet(addr.ip, n.cidr);
  if (reserved) {
    inf.rep.error('E207', inf.where('ip'), `${inf.at('ip')}: ${numToIp(addr.ip)} is the ${reserved} address of ${n.net.cidr}`, `a host address inside ${n.net.cidr}`);
    return;
  }
  if (addr.prefixLen !== n.cidr.prefixLen) {
    inf.rep.warn('W107', inf.where('ip'), `${inf.at('ip')}: ${text} has prefix /${addr.prefixLen} but network ${network} is ${n.net.cidr}`);
  }
  const key = `${network}|${addr.ip}`;
  const first = book.get(key);
  if (first) {
    const line = inf.rep.loc(first.where).line;
    inf.rep.error('E205', inf.where('ip'), `${inf.at('ip')}: ${numToIp(addr.ip)} is already used by ${first.owner} (line ${line})`, 'one interface per address on each network');
    return;
  }
  book.set(key, { where: inf.where('ip'), owner });
}
