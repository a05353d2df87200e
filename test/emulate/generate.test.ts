// The scenarios `verify` draws for CI: the same seed gives the same files, every one loads without an error,
// none asks for what this host cannot build (IPIP), and routers speak BGP only where the draw allows it.

import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/core/session/load';
import { generateScenario, generateScenarios } from '../../src/emulate/generate';

describe('generated scenarios', () => {
  const set = generateScenarios(1, 40);

  it('are fixed by their seed', () => {
    expect(generateScenario(7)).toEqual(generateScenario(7));
    expect(generateScenario(7).text).not.toBe(generateScenario(8).text);
  });

  it('all load, with 2 to 4 nodes and a pod per node plus one', () => {
    for (const g of set) {
      const r = loadLab(g.text, `${g.name}.yaml`);
      expect(r.errors, g.name).toEqual([]);
      const st = r.state!;
      expect(st.nodes.length, g.name).toBeGreaterThanOrEqual(2);
      expect(st.nodes.length, g.name).toBeLessThanOrEqual(4);
      expect(st.pods.length, g.name).toBe(st.nodes.length + 1);
    }
  });

  it('never use IPIP; a router speaks BGP only in a Calico BIRD cluster of several racks, every rack peering with its own router', () => {
    for (const g of set) {
      const st = loadLab(g.text, `${g.name}.yaml`).state!;
      expect(st.scenario.ippools.every((p) => p.ipipMode === 'Never'), g.name).toBe(true);
      const bgpRouters = st.scenario.topology.routers.filter((r) => r.bgp);
      if (!bgpRouters.length) continue;
      expect(g.name).toContain('calico-bird');
      expect(st.scenario.topology.networks.filter((n) => n.name.startsWith('rack-')).length, g.name).toBeGreaterThan(1);
      // each node's BGPPeer targets an address of a router on the node's own rack
      for (const n of st.nodes) {
        const rack = st.scenario.topology.nodes.find((t) => t.name === n.name)!.interfaces[0]!.network;
        const local = bgpRouters.flatMap((r) => r.interfaces.filter((i) => i.network === rack).map((i) => i.ip.split('/')[0]));
        const peers = st.bgp.sessions.filter((x) => x.node === n.name && x.peerType !== 'node-to-node mesh' && bgpRouters.some((r) => r.name === x.peerName));
        expect(peers.map((x) => x.peerAddress), `${g.name} ${n.name}`).toEqual(local);
      }
    }
  });

  it('cover Calico with BIRD and with Felix VXLAN, Flannel, several racks, a small core MTU and a reflector', () => {
    const names = set.map((g) => g.name).join(' ');
    for (const part of ['calico-bird', 'calico-vxlan', 'flannel', '3rack', 'core1300', '-rr']) expect(names).toContain(part);
    for (const part of ['bgprouter-ebgp', 'bgprouter-ibgp', '-keepnh', '-asperrack']) expect(names).toContain(part);
  });
});
