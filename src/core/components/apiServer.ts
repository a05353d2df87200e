// Where the API server is, and whether a calico-node can reach it from the address it autodetected.
//
// The lab has no control-plane processes of its own: the API server is taken to listen on the InternalIP of the
// first node labelled as control plane (else the first node), the address the kubelet reports — the address on
// the interface the default route leaves by, as `kubernetes-internal-ip` reads it.
//
// Reaching it: Felix and calico-node's start-up talk to the API server through the node's own routing, whatever
// address autodetection chose (seed 004's nodes peer on one network and reach the API server on another). The
// node reaches it when one of its NICs that is up sits on the API server's network or on a network joined to it
// by routers that are up; the API server's own node always does (loopback).

import type { Fault, Scenario, TopologyNode } from '../model/scenario';
import { CONTROL_PLANE_LABELS } from '../scenario/schedule';
import { defaultRouteInterface } from '../autodetect';

export interface ApiServerEndpoint {
  node: string;
  ip: string;
  network: string;
}

/** The node's InternalIP as the kubelet reports it: the default-route interface's address, else the first
 *  address on a network. */
export function internalIP(scenario: Scenario, node: TopologyNode): { ip: string; network?: string } | undefined {
  const gateways = new Map(scenario.topology.networks.map((n) => [n.name, n.gateway]));
  const nic = defaultRouteInterface(node, (n) => gateways.get(n)) ?? node.interfaces.find((i) => i.network !== undefined) ?? node.interfaces[0];
  if (!nic) return undefined;
  return { ip: nic.ip.split('/')[0], ...(nic.network !== undefined ? { network: nic.network } : {}) };
}

export function apiServerEndpoint(scenario: Scenario): ApiServerEndpoint | undefined {
  const nodes = scenario.topology.nodes;
  const host = nodes.find((n) => CONTROL_PLANE_LABELS.some((l) => l in n.labels)) ?? nodes[0];
  if (!host) return undefined;
  const ip = internalIP(scenario, host);
  if (!ip || ip.network === undefined) return undefined;
  return { node: host.name, ip: ip.ip, network: ip.network };
}

/** Networks joined to `from` through routers that are not down (breadth first over the underlay). */
function joinedNetworks(scenario: Scenario, from: string, faults: readonly Fault[]): Set<string> {
  const down = new Set(faults.filter((f) => f.type === 'routerDown' && f.router).map((f) => f.router!));
  const routers = scenario.topology.routers.filter((r) => !down.has(r.name));
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    const net = queue.shift()!;
    for (const r of routers) {
      if (!r.interfaces.some((i) => i.network === net)) continue;
      for (const i of r.interfaces) {
        if (!seen.has(i.network)) {
          seen.add(i.network);
          queue.push(i.network);
        }
      }
    }
  }
  return seen;
}

/** Can `node` reach the API server over the underlay? */
export function nodeReachesApiServer(scenario: Scenario, node: string): boolean {
  return apiServerReach(scenario)(node);
}

/** `nodeReachesApiServer` for many nodes of one scenario: the endpoint and each network's reach are worked
 *  out once, not per node (a 1,000-node picture asks for every node). */
export function apiServerReach(scenario: Scenario): (node: string) => boolean {
  const api = apiServerEndpoint(scenario);
  if (!api) return () => true; // no node with an underlay address: nothing to judge by
  const faults = scenario.faults;
  const apiDown = faults.some((f) => f.type === 'nodeDown' && f.node === api.node);
  const nodes = new Map(scenario.topology.nodes.map((n) => [n.name, n]));
  const reaches = new Map<string, boolean>();
  const networkReaches = (net: string) => {
    let r = reaches.get(net);
    if (r === undefined) reaches.set(net, (r = joinedNetworks(scenario, net, faults).has(api.network)));
    return r;
  };
  return (node) => {
    if (api.node === node) return true;
    if (apiDown) return false;
    const nics = nodes.get(node)?.interfaces ?? [];
    return nics.some((nic) => nic.network !== undefined && !faults.some((f) => f.type === 'linkDown' && f.node === node && f.iface === nic.name) && networkReaches(nic.network));
  };
}
