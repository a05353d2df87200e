import { describe, expect, it } from 'vitest';
import { buildCluster } from '../resolve';
import { generateCluster } from '../../../bench/generate';
import { matrix, matrixRows } from './matrix';
import { clusterMatrix, MATRIX_LIMITS, MatrixLimitError } from './report';
import { compilePolicies } from './compile';
import type { PolicyPod } from './types';

describe('matrix size', () => {
  it('refuses a matrix over its pair limit before computing it, naming the limit and the value', () => {
    // 100 nodes × 11 pods = 1,100 pods: 1,210,000 ordered pairs for one probe
    const state = buildCluster(generateCluster({ nodes: 100, podsPerNode: 11, ipipMode: 'Always' }));
    expect(MATRIX_LIMITS.pairs).toBe(1_000_000);
    let err: unknown;
    try {
      clusterMatrix(state, [{ protocol: 'TCP', port: 80 }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MatrixLimitError);
    expect((err as Error).message).toBe(
      'E123 the matrix would hold 1,210,000 ordered pairs (1,100 pods × 1,100 × 1 probe), more than the limit of 1,000,000 (allowed: at most 1,000,000 ordered pairs)',
    );
    // 1,000 pods and one probe is exactly the limit, and is built
    const small = buildCluster(generateCluster({ nodes: 100, podsPerNode: 10, ipipMode: 'Always' }));
    const m = clusterMatrix(small, [{ protocol: 'TCP', port: 80 }]);
    expect(Object.keys(m['TCP/80'])).toHaveLength(1000);
  });

  it('streams rows that agree with the whole matrix', () => {
    const pods: PolicyPod[] = [
      { namespace: 'a', name: 'web', labels: { app: 'web' }, ip: '10.244.0.2', node: 'n1', ports: [] },
      { namespace: 'a', name: 'db', labels: { app: 'db' }, ip: '10.244.0.3', node: 'n1', ports: [] },
      { namespace: 'b', name: 'client', labels: { app: 'client' }, ip: '10.244.1.2', node: 'n2', ports: [] },
    ];
    const c = compilePolicies({
      namespaces: [
        { name: 'a', labels: { 'kubernetes.io/metadata.name': 'a' } },
        { name: 'b', labels: { 'kubernetes.io/metadata.name': 'b' } },
      ],
      pods,
      networkPolicies: [{ namespace: 'a', name: 'db-from-web', spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] } }],
      calicoPolicies: [],
      tiers: [],
      enforced: true,
    });
    const probe = { protocol: 'TCP' as const, port: 5432 };
    const rows: Record<string, number[]> = {};
    matrixRows(c, pods, probe, (client, row) => (rows[client] = [...row]));
    // a/db admits only a/web; everything else is open
    expect(rows).toEqual({ 'a/web': [1, 1, 1], 'a/db': [1, 1, 1], 'b/client': [1, 0, 1] });
    expect(matrix(c, pods, [probe])['TCP/5432']['b/client']).toEqual({ 'a/web': true, 'a/db': false, 'b/client': true });
  });
});
