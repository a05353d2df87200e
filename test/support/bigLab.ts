// A big lab written the way a person would share one: N nodes on one /16 and the pods as Deployments of
// at most 10,000 replicas (E109), so 1,000 nodes × 30 pods stays far under the 2 MiB text limit (one Pod
// document each would be ~4 MB and refused). Used by the worker tests, `npm run bench` and the big-link e2e.

export function bigLabYaml(nodes: number, podsPerNode: number): string {
  const out: string[] = [
    'apiVersion: cnilab/v1',
    'kind: Topology',
    'metadata: {name: big}',
    'spec:',
    '  networks: [{name: lan, cidr: 10.0.0.0/16, gateway: 10.0.0.1}]',
    '  nodes:',
  ];
  for (let i = 0; i < nodes; i++) {
    const ip = `10.0.${Math.floor((i + 10) / 256)}.${(i + 10) % 256}`;
    out.push(`    - {name: node-${i + 1}, interfaces: [{name: eth0, network: lan, ip: ${ip}/16}]}`);
  }
  out.push('---', 'apiVersion: cnilab/v1', 'kind: Cluster', 'metadata: {name: big}', 'spec: {cni: calico}');
  out.push('---', 'apiVersion: crd.projectcalico.org/v1', 'kind: IPPool', 'metadata: {name: default-ipv4-ippool}');
  out.push('spec: {cidr: 10.128.0.0/12, blockSize: 26, ipipMode: Always, vxlanMode: Never, natOutgoing: true}');
  let left = nodes * podsPerNode;
  for (let d = 1; left > 0; d++) {
    const n = Math.min(10_000, left);
    left -= n;
    out.push('---', 'apiVersion: apps/v1', 'kind: Deployment', `metadata: {name: web${d}, namespace: default}`);
    out.push(`spec: {replicas: ${n}, template: {metadata: {labels: {app: web${d}}}, spec: {containers: [{name: c}]}}}`);
  }
  return out.join('\n') + '\n';
}
