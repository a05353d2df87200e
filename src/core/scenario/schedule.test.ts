import { describe, expect, it } from 'vitest';
import type { TopologyNode } from '../model/scenario';
import { parseScenario } from './index';
import { candidateNodes, nameChars, NAME_ALPHABET, podTemplateHash, replicaPodName } from './schedule';
import { BASE, withDocs } from '../../../test/support/diagnostics';

const node = (name: string, labels: Record<string, string> = {}): TopologyNode => ({ name, labels, annotations: {}, interfaces: [] });
const CP = 'node-role.kubernetes.io/control-plane';

describe('generated pod names', () => {
  it('use only the Kubernetes name alphabet, 10 + 5 characters', () => {
    expect(NAME_ALPHABET).toBe('bcdfghjklmnpqrstvwxz2456789');
    expect(nameChars('x', 20)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{20}$/);
    expect(replicaPodName('default', 'web', 0)).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('are a pure function of namespace, name and replica (SHA-1 derived)', () => {
    expect(replicaPodName('default', 'web', 0)).toBe('web-kbtv4l6gq8-xmgwx');
    expect(replicaPodName('default', 'web', 1)).toBe('web-kbtv4l6gq8-svb47');
    expect(podTemplateHash('default', 'web')).toBe('kbtv4l6gq8');
    expect(podTemplateHash('other', 'web')).not.toBe(podTemplateHash('default', 'web'));
    expect(replicaPodName('default', 'web', 0, 1)).not.toBe(replicaPodName('default', 'web', 0));
  });
});

describe('candidate nodes', () => {
  const nodes = [node('cp', { [CP]: '' }), node('w1', { disk: 'ssd' }), node('w2'), node('old-master', { 'node-role.kubernetes.io/master': '' })];

  it('skip control-plane and master nodes', () => {
    expect(candidateNodes(nodes, undefined).map((n) => n.name)).toEqual(['w1', 'w2']);
  });

  it('filter by nodeSelector', () => {
    expect(candidateNodes(nodes, { disk: 'ssd' }).map((n) => n.name)).toEqual(['w1']);
    expect(candidateNodes(nodes, { disk: 'hdd' })).toEqual([]);
  });

  it('fall back to control-plane nodes when nothing else matches', () => {
    expect(candidateNodes([nodes[0], nodes[3]], undefined).map((n) => n.name)).toEqual(['cp', 'old-master']);
    expect(candidateNodes(nodes, { [CP]: '' }).map((n) => n.name)).toEqual(['cp']);
  });
});

const dep = (name: string, replicas: number, podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${podSpec}      containers: [{name: c}]
`;

describe('Deployment expansion', () => {
  const pods = (text: string) => {
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => e.message)).toEqual([]);
    return r.scenario!.pods;
  };

  it('defaults replicas to 1 and places replicas round-robin in node order', () => {
    expect(pods(withDocs(dep('a', 5))).map((p) => p.nodeName)).toEqual(['n1', 'n2', 'n1', 'n2', 'n1']);
    expect(pods(withDocs(dep('a', 1).replace('  replicas: 1\n', '')))).toHaveLength(1);
  });

  it('starts each Deployment at the first matching node', () => {
    expect(pods(withDocs(dep('a', 1), dep('b', 1))).map((p) => [p.ownerDeployment, p.nodeName])).toEqual([
      ['a', 'n1'],
      ['b', 'n1'],
    ]);
  });

  it('honours the template nodeName and nodeSelector', () => {
    expect(pods(withDocs(dep('a', 2, '      nodeName: n2\n'))).map((p) => p.nodeName)).toEqual(['n2', 'n2']);
    const labelled = withDocs(dep('a', 2, '      nodeSelector: {zone: b}\n')).replace('    - name: n2\n', '    - name: n2\n      labels: {zone: b}\n');
    expect(pods(labelled).map((p) => p.nodeName)).toEqual(['n2', 'n2']);
  });

  it('skips the control plane', () => {
    const text = withDocs(dep('a', 2)).replace('    - name: n1\n', '    - name: n1\n      labels: {node-role.kubernetes.io/control-plane: ""}\n');
    expect(pods(text).map((p) => p.nodeName)).toEqual(['n2', 'n2']);
  });

  it('makes no pods for replicas: 0', () => {
    expect(pods(withDocs(dep('a', 0)))).toEqual([]);
  });

  it('lists bare pods first (file order), then Deployment pods', () => {
    const bare = (n: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${n}}\nspec:\n  nodeName: n2\n  containers: [{name: c}]\n`;
    expect(pods(withDocs(dep('a', 1), bare('x'), bare('y'))).map((p) => p.name.slice(0, 1))).toEqual(['x', 'y', 'a']);
  });

  it('picks another name when a generated one is taken', () => {
    const taken = replicaPodName('default', 'a', 0);
    const bare = `apiVersion: v1\nkind: Pod\nmetadata: {name: ${taken}}\nspec:\n  nodeName: n2\n  containers: [{name: c}]\n`;
    const ps = pods(withDocs(dep('a', 1), bare));
    expect(ps.map((p) => p.name)).toEqual([taken, replicaPodName('default', 'a', 0, 1)]);
  });

  it('places a bare pod that has a nodeSelector, and leaves one without for resolve', () => {
    const bare = (n: string, sel: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${n}}\nspec:\n${sel}  containers: [{name: c}]\n`;
    const text = withDocs(bare('free', ''), bare('s1', '  nodeSelector: {zone: b}\n'), bare('s2', '  nodeSelector: {zone: b}\n')).replace(
      '    - name: n1\n',
      '    - name: n1\n      labels: {zone: b}\n',
    );
    const ps = pods(text.replace('    - name: n2\n', '    - name: n2\n      labels: {zone: b}\n'));
    expect(ps.map((p) => [p.name, p.nodeName])).toEqual([
      ['free', undefined],
      ['s1', 'n1'],
      ['s2', 'n2'],
    ]);
  });

  it('gives generated pods the template and a pod-template-hash label', () => {
    const [p] = pods(withDocs(dep('a', 1)));
    expect(p.labels).toEqual({ app: 'a', 'pod-template-hash': podTemplateHash('default', 'a') });
    expect(p.ownerDeployment).toBe('a');
  });
});

describe('BASE fixture', () => {
  it('is a valid scenario on its own', () => {
    expect(parseScenario(BASE, 'f.yaml').errors).toEqual([]);
  });
});
