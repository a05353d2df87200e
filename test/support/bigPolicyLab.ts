// A big lab with a policy in it, for the big-lab page's policy panel: bigLabYaml's nodes and Deployments
// (web1, web2, … of at most 10,000 replicas, replica i on node i mod N + 1) and one NetworkPolicy: pods of
// web2 take TCP/80 from pods of web1 only. By hand: web2's pods accept nothing else (but themselves).
import { bigLabYaml } from './bigLab';

export const WEB2_FROM_WEB1 = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web2-from-web1, namespace: default}
spec:
  podSelector: {matchLabels: {app: web2}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {matchLabels: {app: web1}}
    ports: [{protocol: TCP, port: 80}]
`;

/** `nodes` nodes; web1 and web2 of `perDeployment` replicas each (at most 10,000), and the policy. */
export function twoDeploymentsYaml(nodes: number, perDeployment: number): string {
  const base = bigLabYaml(nodes, 0);
  const dep = (name: string) =>
    `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: default}\nspec: {replicas: ${perDeployment}, template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: c}]}}}\n`;
  return base + dep('web1') + dep('web2') + WEB2_FROM_WEB1;
}

/** bigLabYaml(nodes, podsPerNode) with the policy (its Deployments are web1, web2, web3, … of 10,000). */
export function bigPolicyLabYaml(nodes: number, podsPerNode: number): string {
  return bigLabYaml(nodes, podsPerNode) + WEB2_FROM_WEB1;
}
