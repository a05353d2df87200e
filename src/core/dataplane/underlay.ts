// The underlay before any CNI runs: each node's loopback and NICs with their connected routes and default
// route, the routers joining segments (with static routes to segments behind other routers), and an
// implicit gateway for a network whose `gateway` no modelled router owns ("the rest of the world").

import type { Link, NetNS, Route } from '../model/kernel';
import { nsIdNode, nsIdRouter, RTPROT } from '../model/kernel';
import type { Topology, TopologyNode } from '../model/scenario';
import { nicMac } from '../hash/names';
import { broadcastOf, canonicalCidr, cidrToString, numToIp, parseCidr, parseCidrLoose } from '../util/ipv4';
import { parseRouteLine, sortKernelOrder } from './fib';

export function loopback(): Link {
  return {
    ifindex: 1,
    name: 'lo',
    kind: 'loopback',
    mtu: 65536,
    addrs: [{ ip: '127.0.0.1', prefixLen: 8, scope: 'host' }],
    up: true,
    qdisc: 'noqueue',
  };
}

function brd(ip: string, prefixLen: number): string | undefined {
  if (prefixLen >= 31) return undefined;
  return numToIp(broadcastOf(parseCidr(`${ip}/${prefixLen}`)));
}

/** Connected route the kernel adds for an address: `CIDR dev IF proto kernel scope link src IP`. */
export function connectedRoute(ip: string, prefixLen: number, dev: string, extra: Partial<Route> = {}): Route {
  return {
    type: 'unicast',
    dst: canonicalCidr(`${ip}/${prefixLen}`),
    dev,
    proto: RTPROT.kernel,
    scope: 'link',
    src: ip,
    owner: 'kernel',
    ...extra,
  };
}

export function networkMtu(topo: Topology, network: string | undefined, nicMtu: number): number {
  const n = network ? topo.networks.find((x) => x.name === network) : undefined;
  return n?.mtu !== undefined ? Math.min(nicMtu, n.mtu) : nicMtu;
}

/** A node's namespace with only what the distribution set up (NICs, docker0, default route). */
export function baseNodeNs(topo: Topology, node: TopologyNode): NetNS {
  const links: Link[] = [loopback()];
  const routes: Route[] = [];
  let defaultDone = false;
  node.interfaces.forEach((iface, i) => {
    const c = parseCidrLoose(iface.ip)!;
    const ip = numToIp(c.ip);
    const bridgeLike = /^(docker|br-)/.test(iface.name);
    links.push({
      ifindex: i + 2,
      name: iface.name,
      kind: bridgeLike && !iface.network ? 'bridge' : 'ether',
      mtu: iface.mtu,
      mac: iface.mac ?? nicMac(node.name, iface.name),
      addrs: [{ ip, prefixLen: c.prefixLen, scope: 'global', brd: brd(ip, c.prefixLen) }],
      up: true,
      noCarrier: iface.linkdown,
      network: iface.network,
      qdisc: bridgeLike ? 'noqueue' : 'fq_codel',
    });
    routes.push(
      connectedRoute(ip, c.prefixLen, iface.name, {
        owner: 'topology',
        ...(iface.metric !== undefined ? { metric: iface.metric } : {}),
        ...(iface.linkdown ? { linkdown: true } : {}),
      }),
    );
    const net = iface.network ? topo.networks.find((n) => n.name === iface.network) : undefined;
    if (net?.gateway && !defaultDone) {
      defaultDone = true;
      routes.push({
        type: 'unicast',
        dst: '0.0.0.0/0',
        via: net.gateway,
        dev: iface.name,
        proto: iface.defaultRouteProto ? protoOf(iface.defaultRouteProto) : RTPROT.boot,
        scope: 'universe',
        owner: 'topology',
        ...(iface.metric !== undefined ? { metric: iface.metric } : {}),
      });
    }
  });
  for (const line of node.extraRoutes ?? []) routes.push(parseRouteLine(line, 'distro'));
  return {
    id: nsIdNode(node.name),
    kind: 'node',
    name: node.name,
    links,
    routes,
    neigh: [],
    fdb: [],
    forwarding: true,
  };
}

function protoOf(name: string): number {
  const map: Record<string, number> = { static: RTPROT.static, dhcp: RTPROT.dhcp, kernel: RTPROT.kernel, boot: RTPROT.boot };
  return map[name] ?? Number(name);
}

/** Routers: one NIC per interface (eth0, eth1, ... in order), connected routes, static routes to segments
 *  reachable through other routers (shortest path), forwarding on. */
export function routerNamespaces(topo: Topology): NetNS[] {
  const out: NetNS[] = [];
  for (const r of topo.routers) {
    const links: Link[] = [loopback()];
    const routes: Route[] = [];
    r.interfaces.forEach((ri, i) => {
      const c = parseCidrLoose(ri.ip)!;
      const ip = numToIp(c.ip);
      const name = `eth${i}`;
      links.push({
        ifindex: i + 2,
        name,
        kind: 'ether',
        mtu: networkMtu(topo, ri.network, 1500),
        mac: nicMac(`router:${r.name}`, name),
        addrs: [{ ip, prefixLen: c.prefixLen, scope: 'global', brd: brd(ip, c.prefixLen) }],
        up: true,
        network: ri.network,
        qdisc: 'fq_codel',
      });
      routes.push(connectedRoute(ip, c.prefixLen, name, { owner: 'topology' }));
    });
    out.push({ id: nsIdRouter(r.name), kind: 'router', name: r.name, links, routes, neigh: [], fdb: [], forwarding: true });
  }
  addInterRouterRoutes(topo, out);
  // A gateway nobody models is the way out of the lab.
  for (const net of topo.networks) {
    if (!net.gateway) continue;
    const owned =
      topo.routers.some((r) => r.interfaces.some((i) => i.network === net.name && i.ip.split('/')[0] === net.gateway)) ||
      topo.nodes.some((n) => n.interfaces.some((i) => i.network === net.name && i.ip.split('/')[0] === net.gateway));
    if (owned) continue;
    const c = parseCidr(net.cidr);
    const name = `${net.name}-gateway`;
    out.push({
      id: nsIdRouter(name),
      kind: 'router',
      name,
      links: [
        loopback(),
        {
          ifindex: 2,
          name: 'eth0',
          kind: 'ether',
          mtu: networkMtu(topo, net.name, 1500),
          mac: nicMac(`gateway:${net.name}`, 'eth0'),
          addrs: [{ ip: net.gateway, prefixLen: c.prefixLen, scope: 'global', brd: brd(net.gateway, c.prefixLen) }],
          up: true,
          network: net.name,
          qdisc: 'fq_codel',
        },
      ],
      routes: [connectedRoute(net.gateway, c.prefixLen, 'eth0', { owner: 'topology' })],
      neigh: [],
      fdb: [],
      forwarding: true,
      external: true,
    });
  }
  return out;
}

/**
 * The lab's model of a cloud load balancer: the first outside gateway holds every LoadBalancer
 * Service's status.loadBalancer.ingress address (as a /32 on its loopback, a VIP) and, through the
 * walk's dnat hook, forwards connections to nodeIP:nodePort. Without an outside gateway the addresses
 * are nowhere.
 */
export function holdLoadBalancerIps(routers: NetNS[], ips: readonly string[]): void {
  const gw = routers.find((r) => r.external);
  if (!gw || ips.length === 0) return;
  const lo = gw.links.find((l) => l.kind === 'loopback');
  if (!lo) return;
  lo.addrs = [...lo.addrs, ...ips.map((ip) => ({ ip, prefixLen: 32, scope: 'global' as const }))];
}

/** Static routes between routers: breadth-first over "router A and router B share a segment". */
function addInterRouterRoutes(topo: Topology, routers: NetNS[]): void {
  const byName = new Map(routers.map((r) => [r.name, r]));
  for (const r of topo.routers) {
    const ns = byName.get(r.name)!;
    const known = new Set(r.interfaces.map((i) => i.network));
    // frontier entries: [router, first-hop gateway ip, out dev]
    let frontier: { router: string; via: string; dev: string }[] = [];
    for (const other of topo.routers) {
      if (other.name === r.name) continue;
      for (const oi of other.interfaces) {
        const mine = r.interfaces.findIndex((i) => i.network === oi.network);
        if (mine >= 0) frontier.push({ router: other.name, via: oi.ip.split('/')[0], dev: `eth${mine}` });
      }
    }
    const seen = new Set([r.name]);
    while (frontier.length) {
      const next: typeof frontier = [];
      for (const f of frontier) {
        if (seen.has(f.router)) continue;
        seen.add(f.router);
        const other = topo.routers.find((x) => x.name === f.router)!;
        for (const oi of other.interfaces) {
          if (known.has(oi.network)) continue;
          known.add(oi.network);
          const net = topo.networks.find((n) => n.name === oi.network);
          if (!net) continue;
          ns.routes.push({
            type: 'unicast',
            dst: cidrToString(parseCidr(net.cidr)),
            via: f.via,
            dev: f.dev,
            proto: RTPROT.static,
            scope: 'universe',
            owner: 'topology',
          });
        }
        for (const o2 of topo.routers) {
          if (seen.has(o2.name)) continue;
          if (o2.interfaces.some((i) => other.interfaces.some((j) => j.network === i.network))) {
            next.push({ router: o2.name, via: f.via, dev: f.dev });
          }
        }
      }
      frontier = next;
    }
  }
}

/** Adds the routes a BGP-speaking router learned (`proto bird`, from core/bgp) to its table, in kernel order. */
export function installBgpRoutes(netns: Record<string, NetNS>, routes: Map<string, Route[]>): void {
  for (const [id, learned] of routes) {
    const ns = netns[id];
    if (ns && learned.length) ns.routes = sortKernelOrder([...ns.routes, ...learned]);
  }
}
