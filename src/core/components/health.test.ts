// calico-node's readiness. Expected texts: seed 003 prints the Felix one verbatim; the BIRD one is
// node/pkg/health's format ("calico/node is not ready: BIRD is not ready: " + "BGP not established with " and the
// not-Established peers joined by ","), which gym-first-found's symptom also quotes.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { birdReadiness, calicoNodeReadiness } from './health';
import { systemPods } from './pods';
import { loadLab } from '../session/load';

const SEED003_FELIX = 'calico/node is not ready: felix is not ready: Get http://localhost:9099/readiness: dial tcp [::1]:9099: connect: connection refused';

describe('BIRD readiness', () => {
  const up = (address: string) => ({ address, info: 'Established' });
  const down = (address: string, info = 'Connect') => ({ address, info });

  it('is ready with no peers at all (mesh off, no BGPPeer)', () => {
    expect(birdReadiness([])).toEqual({ ready: true });
    expect(birdReadiness([], 'starting')).toEqual({ ready: true });
  });

  it('after start-up, one Established peer is enough', () => {
    expect(birdReadiness([up('10.0.0.2'), down('10.0.0.3')])).toEqual({ ready: true });
  });

  it('names every peer when none is Established', () => {
    expect(birdReadiness([down('10.0.0.2', 'Active'), down('10.0.0.3', 'Idle')])).toEqual({
      ready: false,
      message: 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.2,10.0.0.3',
    });
  });

  it('while starting, every peer must be Established and only the others are named', () => {
    expect(birdReadiness([up('10.0.0.2'), down('10.0.0.3')], 'starting')).toEqual({
      ready: false,
      message: 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.3',
    });
  });
});

describe('calico-node readiness', () => {
  it('reports Felix first when it cannot reach the datastore (seed 003)', () => {
    expect(calicoNodeReadiness({ backend: 'bird', felixConnected: false, peers: [{ address: '10.0.0.2', info: 'Connect' }] })).toEqual({ ready: false, message: SEED003_FELIX });
  });

  it('skips BIRD for the vxlan and none backends (their manifests drop -bird-ready)', () => {
    expect(calicoNodeReadiness({ backend: 'vxlan', felixConnected: true, peers: [{ address: '10.0.0.2', info: 'Connect' }] })).toEqual({ ready: true });
  });
});

describe('the install on gym-first-found (eth1 on per-node storage networks)', () => {
  const lab = readFileSync(new URL('../../../labs/gym-first-found.yaml', import.meta.url), 'utf8');
  const scenario = lab
    .slice(lab.indexOf('scenario: |') + 'scenario: |'.length, lab.indexOf('\n  steps:'))
    .split('\n')
    .map((l) => l.slice(6))
    .join('\n');
  const state = loadLab(scenario, 'gym.yaml').state!;
  const calicoNode = (node: string) => systemPods(state).find((p) => p.component === 'calico-node' && p.node === node)!;

  it('node-1 (the API server is its own) fails on BGP: its only peer is the unreachable storage address', () => {
    expect(calicoNode('node-1')).toMatchObject({ ready: false, status: 'Running', probe: 'calico/node is not ready: BIRD is not ready: BGP not established with 172.30.2.12' });
  });

  it('node-2 fails on BGP too; its Felix reaches the API server over eth0, whatever address BIRD uses', () => {
    expect(calicoNode('node-2')).toMatchObject({ ready: false, status: 'Running', probe: 'calico/node is not ready: BIRD is not ready: BGP not established with 172.30.1.11' });
  });

  it('a node whose NICs are all down cannot reach the API server: Felix is not ready', () => {
    const cut = `${scenario}\n---\napiVersion: cnilab/v1\nkind: Fault\nmetadata: {name: cut}\nspec: {type: linkDown, node: node-2, iface: eth0}\n---\napiVersion: cnilab/v1\nkind: Fault\nmetadata: {name: cut2}\nspec: {type: linkDown, node: node-2, iface: eth1}\n`;
    const s = loadLab(cut, 'cut.yaml').state!;
    expect(systemPods(s).find((p) => p.component === 'calico-node' && p.node === 'node-2')).toMatchObject({ ready: false, probe: SEED003_FELIX });
  });

  it('kube-proxy is ready everywhere, with the node InternalIP (the LAN address, where the default route is)', () => {
    const proxies = systemPods(state).filter((p) => p.component === 'kube-proxy');
    expect(proxies.map((p) => [p.node, p.ip, p.ready, p.hostNetwork])).toEqual([
      ['node-1', '192.168.10.11', true, true],
      ['node-2', '192.168.10.12', true, true],
    ]);
  });
});

describe('an address every node has (a container bridge autodetection does not skip)', () => {
  const nic = (ip: string) => `      interfaces:\n        - {name: eth0, network: lan, ip: ${ip}/24}\n        - {name: nerdctl0, ip: 10.4.0.1/24}\n`;
  const text = [
    'apiVersion: cnilab/v1\nkind: Topology\nmetadata: {name: t}\nspec:\n  networks:\n    - {name: lan, cidr: 192.168.20.0/24, gateway: 192.168.20.1}\n  nodes:\n',
    `    - name: a\n${nic('192.168.20.10')}`,
    `    - name: b\n${nic('192.168.20.11')}`,
    '---\napiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: t}\nspec: {cni: calico, calico: {ipAutodetectionMethod: first-found}}\n',
  ].join('');
  const pods = systemPods(loadLab(text, 't.yaml').state!).filter((p) => p.component === 'calico-node');

  it('the first node keeps it; the next one exits at start-up and crash-loops with Felix never up', () => {
    expect(pods.map((p) => [p.node, p.ready, p.status, p.probe])).toEqual([
      ['a', false, 'Running', 'calico/node is not ready: BIRD is not ready: BGP not established with 10.4.0.1'],
      ['b', false, 'CrashLoopBackOff', SEED003_FELIX],
    ]);
    expect(pods[1].reason).toBe("Calico node 'a' is already using the IPv4 address 10.4.0.1");
  });
});
