import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab, rebuild } from '../core/session/load';
import { parseScenario, scenarioToYaml } from '../core/scenario';
import { routeN } from '../core/render';
import { sessionsOf } from '../core/bgp';
import { addNode, addPod, flannelMode, meshEnabled, reflectorsOf, removeNode, removePod, setAutodetection, setBlockSize, setEncap, setFlannelMode, setRouteReflectors } from './edits';

const load = (name: string) => loadLab(readFileSync(`presets/${name}.yaml`, 'utf8'), name);

describe('scenario edits', () => {
  it('IPIP Never turns tunl0 routes into NIC routes, without mutating the input', () => {
    const { scenario, state } = load('seed000-ipip');
    const before = JSON.stringify(scenario);
    const next = setEncap('ipip', 'Never').apply(scenario!);
    expect(JSON.stringify(scenario)).toBe(before);
    expect(next.ippools[0].ipipMode).toBe('Never');
    const r = rebuild(next, state);
    expect(routeN(r.state!.netns['node/node-1'])).toContain('172.20.247.0    192.168.2.26    255.255.255.192 UG    0      0        0 ens33');
    expect(routeN(r.state!.netns['node/node-1'])).not.toContain('tunl0');
    // pods keep their addresses across the edit
    expect(r.state!.pods.map((p) => p.ip)).toEqual(state!.pods.map((p) => p.ip));
  });

  it('IPIP and VXLAN are mutually exclusive', () => {
    const { scenario } = load('seed000-ipip');
    const v = setEncap('vxlan', 'Always').apply(scenario!);
    expect([v.ippools[0].ipipMode, v.ippools[0].vxlanMode]).toEqual(['Never', 'Always']);
    const i = setEncap('ipip', 'CrossSubnet').apply(v);
    expect([i.ippools[0].ipipMode, i.ippools[0].vxlanMode]).toEqual(['CrossSubnet', 'Never']);
    expect(setEncap('vxlan', 'Never').apply(i).ippools[0].ipipMode).toBe('CrossSubnet');
  });

  it('edits survive a YAML round trip (the exported file says what the lab shows)', () => {
    const { scenario } = load('seed000-ipip');
    let s = setEncap('vxlan', 'CrossSubnet').apply(scenario!);
    s = setBlockSize(28).apply(s);
    s = setAutodetection('interface=ens33').apply(s);
    s = setRouteReflectors(['node-2']).apply(s);
    const back = parseScenario(scenarioToYaml(s), 'x.yaml').scenario!;
    expect(back.ippools[0]).toMatchObject({ vxlanMode: 'CrossSubnet', ipipMode: 'Never', blockSize: 28 });
    expect(back.cluster.calico.ipAutodetectionMethod).toBe('interface=ens33');
    expect(reflectorsOf(back)).toEqual(['node-2']);
    expect(meshEnabled(back)).toBe(false);
  });

  it('route reflectors as seed 001: mesh off, label, cluster ID, BGPPeer → node specific sessions', () => {
    const { scenario, state } = load('seed001-ipip');
    const s = setRouteReflectors(['k8s-node2']).apply(scenario!);
    expect(s.bgpConfigurations.find((c) => c.name === 'default')!.nodeToNodeMeshEnabled).toBe(false);
    expect(s.topology.nodes.find((n) => n.name === 'k8s-node2')!.labels['route-reflector']).toBe('true');
    expect(s.calicoNodes.find((n) => n.name === 'k8s-node2')!.bgp!.routeReflectorClusterID).toBe('244.0.0.1');
    expect(s.bgpPeers).toEqual([{ name: 'peer-with-route-reflectors', nodeSelector: 'all()', peerSelector: "route-reflector == 'true'" }]);
    const st = rebuild(s, state).state!;
    const master = sessionsOf(st, 'k8s-master');
    expect(master.map((x) => [x.peerAddress, x.peerType, x.info])).toEqual([['192.168.179.104', 'node specific', 'Established']]);
    // and back to the mesh
    const off = setRouteReflectors([]).apply(s);
    expect(meshEnabled(off)).toBe(true);
    expect(off.bgpPeers).toEqual([]);
    expect(reflectorsOf(off)).toEqual([]);
    expect(off.topology.nodes.some((n) => 'route-reflector' in n.labels)).toBe(false);
    expect(sessionsOf(rebuild(off, st).state!, 'k8s-master').every((x) => x.peerType === 'node-to-node mesh')).toBe(true);
  });

  it('flannel backends', () => {
    const { scenario } = load('seed002-flannel-vxlan');
    expect(flannelMode(scenario!)).toBe('vxlan');
    const dr = setFlannelMode('directrouting').apply(scenario!);
    expect(dr.cluster.flannel.netConf.Backend).toMatchObject({ Type: 'vxlan', DirectRouting: true });
    const hg = setFlannelMode('host-gw').apply(dr);
    expect(hg.cluster.flannel.netConf.Backend).toEqual({ Type: 'host-gw' });
    expect(flannelMode(setFlannelMode('vxlan').apply(hg))).toBe('vxlan');
  });

  it('adds and removes nodes and pods', () => {
    const { scenario, state } = load('seed000-ipip');
    const s1 = addNode().apply(scenario!);
    const added = s1.topology.nodes[s1.topology.nodes.length - 1];
    expect(added.name).toBe('node-4');
    expect(added.interfaces.find((i) => i.network === 'lan')!.ip).toBe('192.168.2.27/24');
    const st1 = rebuild(s1, state).state!;
    expect(st1.nodes.map((n) => n.name)).toContain('node-4');
    const s2 = addPod('node-4').apply(s1);
    const st2 = rebuild(s2, st1).state!;
    expect(st2.pods.find((p) => p.name === 'pod-1')!.node).toBe('node-4');
    const s3 = removeNode('node-4').apply(s2);
    expect(s3.pods.some((p) => p.name === 'pod-1')).toBe(false);
    expect(rebuild(s3, st2).state!.nodes).toHaveLength(4);
    // deleting a Deployment's pod detaches the Deployment: its other pods stay where they run
    const victim = state!.pods[0];
    const s4 = removePod(victim.namespace, victim.name, (ns, n) => state!.pods.find((p) => p.namespace === ns && p.name === n)?.node).apply(scenario!);
    const st4 = rebuild(s4, state).state!;
    expect(st4.pods).toHaveLength(state!.pods.length - 1);
    expect(st4.pods.map((p) => p.ip)).toEqual(state!.pods.slice(1).map((p) => p.ip));
    expect(s4.deployments.map((d) => d.name)).toEqual(['api']);
    expect(() => removeNode('nope').apply(scenario!)).toThrow();
  });
});
