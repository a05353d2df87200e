// Seeded random scenarios for `verify`: racks behind routers, a core link with a smaller MTU, NIC MTUs,
// several pools with their own modes and node selectors, the mesh or a route reflector, Calico or Flannel.
// Only what this host's kernel can build is drawn: no IPIP (the ipip module may be missing). Routers of a
// Calico BIRD cluster sometimes speak BGP (drawn from a second stream of the seed, so the rest of a seed's
// scenario is what it was before routers could). The same seed always gives the same scenarios, so a
// disagreement found in CI can be reproduced with `verify` on the printed file.

export interface GeneratedScenario {
  name: string;
  text: string;
}

/** mulberry32: a small, well-mixed 32-bit generator (the seed fixes every draw). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Draw {
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

function draw(seed: number): Draw {
  const r = rng(seed);
  return {
    int: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(r() * xs.length)]!,
    chance: (p) => r() < p,
  };
}

type Cni = 'calico-bird' | 'calico-vxlan' | 'flannel';

interface Rack {
  name: string;
  cidr: string;
  mtu: number;
  nodes: string[];
}

/** One scenario: its YAML and a name that says what was drawn. */
export function generateScenario(seed: number): GeneratedScenario {
  const d = draw(seed);
  const cni: Cni = d.pick(['calico-bird', 'calico-bird', 'calico-vxlan', 'flannel'] as const);
  const rackCount = d.int(1, 3);
  const twoRouters = rackCount > 1 && d.chance(0.4);
  const coreMtu = twoRouters ? d.pick([1500, 1400, 1300]) : 1500;
  const racks: Rack[] = [];
  let nodeNo = 0;
  const maxNodes = 4;
  for (let i = 0; i < rackCount; i++) {
    const left = maxNodes - nodeNo - (rackCount - i - 1);
    const n = Math.max(1, Math.min(left, d.int(1, 2)));
    const nodes = Array.from({ length: n }, () => `node-${++nodeNo}`);
    racks.push({ name: `rack-${String.fromCharCode(97 + i)}`, cidr: `192.168.${i + 1}.0/24`, mtu: d.pick([1500, 1500, 1450, 1400]), nodes });
  }
  if (nodeNo < 2) racks[0]!.nodes.push(`node-${++nodeNo}`);

  // BGP on the routers: each rack's nodes peer with their own router's address on that rack (eBGP, or iBGP
  // in the cluster's AS), with or without keepOriginalNextHop, sometimes an AS per rack with the mesh off.
  const b = draw(seed ^ 0x5bd1e995);
  const routerBgp = cni === 'calico-bird' && racks.length > 1 && b.chance(0.6);
  const routerAs = b.pick([65000, 65000, 64512]);
  const keepNextHop = b.chance(0.5);
  const asPerRack = b.chance(0.3);
  const routerOf = (i: number) => (twoRouters ? (i === 0 ? 'r1' : 'r2') : 'tor');
  const bgpLine = routerBgp ? `      bgp: {asNumber: ${routerAs}}` : undefined;

  const L: string[] = [];
  L.push('apiVersion: cnilab/v1', 'kind: Topology', `metadata: {name: gen-${seed}}`, 'spec:', '  networks:');
  for (const r of racks) L.push(`    - {name: ${r.name}, cidr: ${r.cidr}, gateway: ${r.cidr.replace('.0/24', '.1')}}`);
  if (twoRouters) L.push(`    - {name: core, cidr: 10.99.0.0/30${coreMtu !== 1500 ? `, mtu: ${coreMtu}` : ''}}`);
  if (racks.length > 1) {
    L.push('  routers:');
    if (twoRouters) {
      // racks[0] behind r1, the others behind r2, the two joined by the core link
      L.push('    - name: r1', '      interfaces:', `        - {network: ${racks[0]!.name}, ip: ${racks[0]!.cidr.replace('.0/24', '.1/24')}}`, '        - {network: core, ip: 10.99.0.1/30}');
      if (bgpLine) L.push(bgpLine);
      L.push('    - name: r2', '      interfaces:', '        - {network: core, ip: 10.99.0.2/30}');
      for (const r of racks.slice(1)) L.push(`        - {network: ${r.name}, ip: ${r.cidr.replace('.0/24', '.1/24')}}`);
      if (bgpLine) L.push(bgpLine);
    } else {
      L.push('    - name: tor', '      interfaces:');
      for (const r of racks) L.push(`        - {network: ${r.name}, ip: ${r.cidr.replace('.0/24', '.1/24')}}`);
      if (bgpLine) L.push(bgpLine);
    }
  }
  L.push('  nodes:');
  const rackOf = new Map<string, Rack>();
  racks.forEach((r) => {
    r.nodes.forEach((n, j) => {
      rackOf.set(n, r);
      L.push(`    - name: ${n}`, `      labels: {rack: ${r.name}}`);
      L.push(`      interfaces: [{name: eth0, network: ${r.name}, ip: ${r.cidr.replace('.0/24', `.${11 + j}/24`)}${r.mtu !== 1500 ? `, mtu: ${r.mtu}` : ''}}]`);
    });
  });
  const nodes = racks.flatMap((r) => r.nodes);

  L.push('---', 'apiVersion: cnilab/v1', 'kind: Cluster', `metadata: {name: gen-${seed}}`, 'spec:');
  let what: string;
  if (cni === 'flannel') {
    const backend = d.pick(['vxlan', 'host-gw', 'directrouting'] as const);
    const b = backend === 'directrouting' ? '{Type: vxlan, DirectRouting: true}' : `{Type: ${backend}}`;
    L.push('  cni: flannel', '  clockStart: "10:00:00"', '  flannel:', '    netConf:', '      Network: 10.244.0.0/16', `      Backend: ${b}`);
    what = `flannel-${backend}`;
  } else {
    const backend = cni === 'calico-bird' ? 'bird' : 'vxlan';
    L.push('  cni: calico', '  clockStart: "10:00:00"', `  calico: {networkingBackend: ${backend}}`);
    // pools: BIRD can route no-encap pools and Felix VXLAN ones; the vxlan backend only VXLAN ones
    const poolCount = d.int(1, 2);
    const modes: string[] = [];
    for (let i = 0; i < poolCount; i++) {
      const vxlanMode = backend === 'vxlan' ? d.pick(['Always', 'CrossSubnet']) : d.pick(['Never', 'Never', 'Always', 'CrossSubnet']);
      const selector = i === 0 || racks.length === 1 ? 'all()' : d.pick(['all()', `rack == '${d.pick(racks).name}'`]);
      const blockSize = d.pick([26, 27, 28]);
      modes.push(vxlanMode === 'Never' ? 'noencap' : `vxlan${vxlanMode === 'CrossSubnet' ? '-cs' : ''}`);
      L.push('---', 'apiVersion: projectcalico.org/v3', 'kind: IPPool', `metadata: {name: pool-${i + 1}}`);
      L.push(`spec: {cidr: 10.${244 + i}.0.0/16, blockSize: ${blockSize}, ipipMode: Never, vxlanMode: ${vxlanMode}, nodeSelector: "${selector}"}`);
    }
    what = `calico-${backend}-${modes.join('+')}`;
    if (backend === 'bird' && nodes.length >= 3 && d.chance(0.4)) {
      // a route reflector: the mesh off, one node with a cluster ID, every node peering with it
      const rr = d.pick(nodes);
      const r = rackOf.get(rr)!;
      const ip = r.cidr.replace('.0/24', `.${11 + r.nodes.indexOf(rr)}/24`);
      L.push('---', 'apiVersion: projectcalico.org/v3', 'kind: BGPConfiguration', 'metadata: {name: default}', 'spec: {nodeToNodeMeshEnabled: false, asNumber: 64512}');
      L.push('---', 'apiVersion: projectcalico.org/v3', 'kind: Node', `metadata: {name: ${rr}, labels: {route-reflector: "true"}}`, `spec: {bgp: {ipv4Address: ${ip}, routeReflectorClusterID: 244.0.0.1}}`);
      L.push('---', 'apiVersion: projectcalico.org/v3', 'kind: BGPPeer', 'metadata: {name: peer-with-rr}', "spec: {nodeSelector: all(), peerSelector: route-reflector == 'true'}");
      what += '-rr';
    }
    if (routerBgp) {
      const rr = what.endsWith('-rr');
      const perRack = asPerRack && !rr;
      if (perRack) {
        L.push('---', 'apiVersion: projectcalico.org/v3', 'kind: BGPConfiguration', 'metadata: {name: default}', 'spec: {nodeToNodeMeshEnabled: false, asNumber: 64512}');
        racks.forEach((r, i) => {
          r.nodes.forEach((n, j) => {
            const ip = r.cidr.replace('.0/24', `.${11 + j}/24`);
            L.push('---', 'apiVersion: projectcalico.org/v3', 'kind: Node', `metadata: {name: ${n}}`, `spec: {bgp: {ipv4Address: ${ip}, asNumber: ${65101 + i}}}`);
          });
        });
      }
      racks.forEach((r, i) => {
        const keep = keepNextHop ? ', keepOriginalNextHop: true' : '';
        L.push('---', 'apiVersion: projectcalico.org/v3', 'kind: BGPPeer', `metadata: {name: ${r.name}-${routerOf(i)}}`);
        L.push(`spec: {nodeSelector: "rack == '${r.name}'", peerIP: ${r.cidr.replace('.0/24', '.1')}, asNumber: ${routerAs}${keep}}`);
      });
      what += `-bgprouter-${routerAs === 64512 ? 'ibgp' : 'ebgp'}${keepNextHop ? '-keepnh' : ''}${perRack ? '-asperrack' : ''}`;
    }
  }
  // one pod per node, a second one on a random node
  const podNodes = [...nodes, d.pick(nodes)];
  podNodes.forEach((n, i) => {
    L.push('---', 'apiVersion: v1', 'kind: Pod', `metadata: {name: p${i + 1}}`, `spec: {nodeName: ${n}, containers: [{name: c, image: busybox}]}`);
  });
  const shape = `${racks.length}rack${twoRouters ? `-core${coreMtu}` : ''}-${nodes.length}n`;
  return { name: `gen-${seed}-${shape}-${what}`, text: L.join('\n') + '\n' };
}

/** `count` scenarios from consecutive seeds starting at `seed`. */
export function generateScenarios(seed: number, count: number): GeneratedScenario[] {
  return Array.from({ length: count }, (_, i) => generateScenario(seed + i));
}
