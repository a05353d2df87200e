// The underlay the API server cannot print: each node's NICs (from its `ip` output when given, else one
// `eth0` holding the address the API knows), the L2 segments those addresses' prefixes imply, each
// segment's gateway, and a router where nodes sit in different subnets. Every guess becomes a note.

import { canonicalCidr, cidrContains, cidrToString, ipToNum, numToIp, parseCidr, parseCidrLoose, broadcastOf } from '../util/ipv4';
import type { NodeFact } from './collect';
import type { NodeFile } from './nodeFile';
import type { Obj } from './read';
import type { ImportNote } from './types';

/** Devices the CNI or kube-proxy make: the lab builds its own, so a node file's copies are not NICs. */
const CNI_DEVICE = /^(lo|tunl0|vxlan\.calico|vxlan-v6\.calico|wireguard\.cali|flannel\.\d+|flannel-wg|cni0|cali[0-9a-f]+|veth[0-9a-f]+|kube-ipvs0|nodelocaldns|kube-bridge|dummy0)$/;

interface Nic {
  name: string;
  ip: string; // ip/prefix
  mtu?: number;
  mac?: string;
  metric?: number;
  defaultRouteProto?: string;
  linkdown?: boolean;
}

export interface Underlay {
  topology: Obj;
  /** node → the address Calico / flanneld use, ip/prefix */
  primary: Map<string, string>;
  /** node → name of the NIC holding each address */
  nicOf: (node: string, ip: string) => string | undefined;
}

const SEGMENT_PREFIX_GUESS = 24;
/** above this many nodes without ip output, one note speaks for all of them */
const BLIND_NOTES_MAX = 3;

export function deriveUnderlay(nodes: NodeFact[], files: Map<string, NodeFile>, podNets: string[], peers: { ip: string; asNumber?: number }[], note: (n: ImportNote) => void): Underlay {
  const primary = new Map<string, string>();
  const nics = new Map<string, Nic[]>();
  const extra = new Map<string, string[]>();
  const defaults: { node: string; via: string; dev: string }[] = [];
  // nodes without ip output: one note each, or one for all of them in a big cluster
  const blind: { node: string; message: string; guessed: boolean }[] = [];
  const inPodNet = (dst: string) => {
    const c = parseCidrLoose(dst.includes('/') ? dst : `${dst}/32`);
    return !!c && podNets.some((p) => cidrContains(parseCidr(canonicalCidr(p)), c.ip));
  };

  for (const n of nodes) {
    const known = n.calico?.ip ?? n.flannelPublicIP ?? n.addresses[0];
    const file = files.get(n.name);
    if (file) {
      const list: Nic[] = [];
      for (const l of file.links) {
        if (CNI_DEVICE.test(l.name) || l.addrs.length === 0) continue;
        list.push({ name: l.name, ip: l.addrs[0], ...(l.mtu !== undefined ? { mtu: l.mtu } : {}), ...(l.mac ? { mac: l.mac } : {}), ...(l.noCarrier ? { linkdown: true } : {}) });
        if (l.addrs.length > 1) note({ code: 'W901', node: n.name, message: `${n.name}: ${l.name} has ${l.addrs.length} addresses; the lab keeps the first, ${l.addrs[0]}` });
      }
      const names = new Set(list.map((x) => x.name));
      for (const r of file.routes) {
        if (!r.dev || !names.has(r.dev)) continue;
        const nic = list.find((x) => x.name === r.dev)!;
        if (r.dst === 'default') {
          if (r.via) defaults.push({ node: n.name, via: r.via, dev: r.dev });
          if (r.metric !== undefined) nic.metric = r.metric;
          if (r.proto && r.proto !== 'boot') nic.defaultRouteProto = r.proto;
        } else if (r.proto === 'kernel') {
          if (r.linkdown) nic.linkdown = true;
          if (r.metric !== undefined && nic.metric === undefined) nic.metric = r.metric;
        } else if (!r.proto || r.proto === 'static' || r.proto === 'boot' || r.proto === 'dhcp') {
          if (inPodNet(r.dst) || r.text.startsWith('blackhole')) continue;
          const l = extra.get(n.name) ?? [];
          l.push(r.text.replace(/\s+linkdown$/, ''));
          extra.set(n.name, l);
        }
      }
      if (list.length === 0) note({ code: 'W902', node: n.name, message: `${file.file}: no NIC with an IPv4 address (only CNI devices); ${n.name} gets one eth0` });
      else nics.set(n.name, list);
    }
    if (!nics.has(n.name)) {
      if (!known) continue;
      const len = n.calico?.ip === known && n.calico.prefixLen !== undefined ? n.calico.prefixLen : undefined;
      const list: Nic[] = [{ name: 'eth0', ip: `${known}/${len ?? SEGMENT_PREFIX_GUESS}` }];
      const others = n.addresses.filter((a) => a !== known);
      others.forEach((a, i) => list.push({ name: `eth${i + 1}`, ip: `${a}/${SEGMENT_PREFIX_GUESS}` }));
      nics.set(n.name, list);
      const what = [`one NIC eth0 with ${list[0].ip}`, ...others.map((a, i) => `eth${i + 1} with ${a}/${SEGMENT_PREFIX_GUESS}`)].join(', ');
      blind.push({ node: n.name, message: `${n.name}: NIC names, MTU (1500) and any docker0 unknown; assumed ${what}${len === undefined ? ` (prefix /${SEGMENT_PREFIX_GUESS} guessed)` : ''}`, guessed: len === undefined });
    }
    const mine = nics.get(n.name)!;
    const holder = known ? mine.find((x) => x.ip.split('/')[0] === known) : undefined;
    if (known && !holder) note({ code: 'W902', node: n.name, message: `${n.name}: the API's address ${known} is on none of the node's NICs in ${file?.file ?? 'its ip output'}` });
    if (holder) primary.set(n.name, holder.ip);
  }

  if (blind.length > BLIND_NOTES_MAX) {
    const names = blind.map((b) => b.node);
    const guessed = blind.filter((b) => b.guessed).length;
    note({ code: 'W901', message: `${blind.length} nodes without ip output (${names.slice(0, 3).join(', ')}, …): NIC names, MTU (1500) and any docker0 unknown; each assumed one NIC eth0 with the address the API holds${guessed ? ` (prefix /${SEGMENT_PREFIX_GUESS} guessed on ${guessed})` : ''}` });
  } else for (const b of blind) note({ code: 'W901', node: b.node, message: b.message });

  // An address on several nodes (docker0's 172.17.0.1) is host-local, not a segment.
  const owners = new Map<string, Set<string>>();
  for (const [node, list] of nics) for (const x of list) owners.set(x.ip.split('/')[0], (owners.get(x.ip.split('/')[0]) ?? new Set()).add(node));
  const subnets: string[] = [];
  const netOf = new Map<string, string>(); // "node/nic" → subnet
  // A shared address with the node's default route on it (every Vagrant VM's NAT NIC) is a private network of
  // that node's own, behind its gateway: keyed "cidr@node" so that each node gets one.
  const privateName = new Map<string, string>();
  for (const [node, list] of nics) {
    for (const x of list) {
      const shared = (owners.get(x.ip.split('/')[0])?.size ?? 0) > 1;
      const ownDefault = defaults.some((d) => d.node === node && d.dev === x.name);
      if (shared && !ownDefault) continue;
      const p = parseCidrLoose(x.ip)!;
      if (p.prefixLen >= 31) continue;
      const cidr = cidrToString({ base: (p.ip & (p.prefixLen === 0 ? 0 : ~0 << (32 - p.prefixLen))) >>> 0, prefixLen: p.prefixLen });
      const s = shared ? `${cidr}@${node}` : cidr;
      if (shared) privateName.set(s, `${x.name}-${node}`);
      if (!subnets.includes(s)) subnets.push(s);
      netOf.set(`${node}/${x.name}`, s);
    }
  }
  const cidrOf = (key: string) => key.split('@')[0];
  const shared = subnets.filter((s) => !privateName.has(s));
  const netName = new Map(subnets.map((s) => [s, privateName.get(s) ?? (shared.length === 1 ? 'lan' : `net-${s.split('/')[0]}`)] as const));
  if (privateName.size) note({ code: 'W901', message: `${[...new Set([...privateName.keys()].map(cidrOf))].join(', ')} on several nodes at one address, with their default route: each node's own private network (a NAT, as Vagrant and VirtualBox give)` });

  // Gateways: what the nodes' default routes say, else a guess on the segments holding the nodes' addresses.
  const gateway = new Map<string, string>();
  for (const d of defaults) {
    const s = netOf.get(`${d.node}/${d.dev}`);
    if (s && !gateway.has(s) && cidrContains(parseCidr(cidrOf(s)), ipToNum(d.via))) gateway.set(s, d.via);
  }
  const taken = new Set(owners.keys());
  const guessed: string[] = [];
  if (defaults.length === 0) {
    for (const [node, addr] of primary) {
      const s = netOf.get(`${node}/${nics.get(node)!.find((x) => x.ip === addr)!.name}`);
      if (!s || gateway.has(s)) continue;
      const c = parseCidr(s);
      let g = c.base + 1;
      if (taken.has(numToIp(g))) g = broadcastOf(c) - 1;
      gateway.set(s, numToIp(g));
      guessed.push(`${numToIp(g)} on ${s}`);
    }
    if (guessed.length) note({ code: 'W901', message: `default gateway unknown (no node's ip route): guessed ${guessed.join(', ')}` });
  }

  // A router joins the segments when some two nodes share none (they reach each other only through it).
  const segsOf = (node: string) => new Set((nics.get(node) ?? []).map((x) => netOf.get(`${node}/${x.name}`)).filter((s): s is string => !!s));
  const names = [...nics.keys()];
  let apart = false;
  for (let i = 0; i < names.length && !apart; i++) {
    const a = segsOf(names[i]);
    for (let j = i + 1; j < names.length && !apart; j++) if (![...segsOf(names[j])].some((s) => a.has(s))) apart = true;
  }
  const routers: Obj[] = [];
  if (apart) {
    const ifs = shared.filter((s) => gateway.has(s)).map((s) => ({ network: netName.get(s)!, ip: `${gateway.get(s)}/${s.split('/')[1]}` }));
    const peer = peers.find((p) => ifs.some((i) => i.ip.split('/')[0] === p.ip));
    routers.push({ name: 'gateway', interfaces: ifs, ...(peer?.asNumber !== undefined ? { bgp: { asNumber: peer.asNumber } } : {}) });
    note({ code: 'W901', message: `nodes sit in ${shared.length} subnets: a router "gateway" joins them at ${ifs.map((i) => i.ip).join(', ')}${guessed.length ? ' (addresses guessed)' : ' (the nodes\' default gateways)'}` });
  }
  // BGP peers that are not nodes: a BGP-speaking router on the segment holding the peer's address.
  const nodeIps = new Set(owners.keys());
  const routerIps = new Set(routers.flatMap((r) => (r.interfaces as { ip: string }[]).map((i) => i.ip.split('/')[0])));
  for (const p of peers) {
    if (nodeIps.has(p.ip) || routerIps.has(p.ip)) continue;
    const s = shared.find((x) => cidrContains(parseCidr(x), ipToNum(p.ip)));
    if (!s) {
      note({ code: 'W902', message: `BGP peer ${p.ip} is on no segment the nodes are on: its session stays down in the lab` });
      continue;
    }
    routers.push({ name: `peer-${p.ip}`, interfaces: [{ network: netName.get(s)!, ip: `${p.ip}/${s.split('/')[1]}` }], ...(p.asNumber !== undefined ? { bgp: { asNumber: p.asNumber } } : {}) });
    routerIps.add(p.ip);
    note({ code: 'W901', message: `BGP peer ${p.ip} is not a node: modelled as a router "peer-${p.ip}" on ${s}${p.asNumber !== undefined ? ` (AS ${p.asNumber})` : ''}` });
  }

  const topoNodes = nodes.filter((n) => nics.has(n.name)).map((n) => {
    const out: Obj = { name: n.name };
    if (Object.keys(n.labels).length) out.labels = n.labels;
    if (Object.keys(n.annotations).length) out.annotations = n.annotations;
    if (n.podCIDR) out.podCIDR = canonicalCidr(n.podCIDR);
    out.interfaces = nics.get(n.name)!.map((x) => {
      const s = netOf.get(`${n.name}/${x.name}`);
      return { name: x.name, ...(s ? { network: netName.get(s) } : {}), ip: x.ip, ...(x.mtu !== undefined ? { mtu: x.mtu } : {}), ...(x.mac ? { mac: x.mac } : {}), ...(x.metric !== undefined ? { metric: x.metric } : {}), ...(x.defaultRouteProto ? { defaultRouteProto: x.defaultRouteProto } : {}), ...(x.linkdown ? { linkdown: true } : {}) };
    });
    const ex = extra.get(n.name);
    if (ex?.length) out.extraRoutes = ex;
    return out;
  });
  const topology: Obj = {
    networks: subnets.map((s) => ({ name: netName.get(s)!, cidr: cidrOf(s), ...(gateway.has(s) ? { gateway: gateway.get(s) } : {}) })),
    ...(routers.length ? { routers } : {}),
    nodes: topoNodes,
  };
  return {
    topology,
    primary,
    nicOf: (node, ip) => nics.get(node)?.find((x) => x.ip.split('/')[0] === ip)?.name,
  };
}
