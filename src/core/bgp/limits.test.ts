import { describe, expect, it } from 'vitest';
import { buildCluster, ResolveError } from '../resolve';
import { generateCluster } from '../../../bench/generate';
import { BGP_LIMITS } from './config';

describe('BGP peering limit', () => {
  it('refuses BGPPeers past the limit before expanding them, on the BGPPeer asking for most', () => {
    expect(BGP_LIMITS.peerings).toBe(20_000);
    // 300 nodes, every node peering with every node: 300 × 300, each side counted
    const s = generateCluster({ nodes: 300, podsPerNode: 0, ipipMode: 'Always' });
    s.bgpConfigurations.push({ name: 'default', nodeToNodeMeshEnabled: false, asNumber: 64512 });
    s.bgpPeers.push({ name: 'everyone', nodeSelector: 'all()', peerSelector: 'all()' });
    s.bgpPeers.push({ name: 'tor', peerIP: '10.0.0.1', asNumber: 65001 });
    let err: unknown;
    try {
      buildCluster(s);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResolveError);
    const r = err as ResolveError;
    expect([r.code, r.ref, r.path]).toEqual(['E122', 'BGPPeer/everyone', 'spec.peerSelector']);
    expect(r.detail).toBe('the BGPPeers ask for 180,600 peerings (everyone: 180,000), more than the limit of 20,000');
  });

  it('builds route reflectors for a large cluster well inside it', () => {
    const s = generateCluster({ nodes: 300, podsPerNode: 0, ipipMode: 'Always' });
    s.bgpConfigurations.push({ name: 'default', nodeToNodeMeshEnabled: false, asNumber: 64512 });
    s.calicoNodes.push({ name: 'node-1', labels: { 'route-reflector': 'true' }, bgp: { ipv4Address: '10.0.0.10/16', routeReflectorClusterID: '244.0.0.1' } });
    s.bgpPeers.push({ name: 'peer-with-route-reflectors', nodeSelector: 'all()', peerSelector: "route-reflector == 'true'" });
    expect(buildCluster(s).nodes).toHaveLength(300);
  });
});
