// Expected translations follow Calico's K8sNetworkPolicyToCalico (conversion.go) and its tests:
// name knp.default.<name>, tier default, order 1000, orchestrator term, one rule per
// (protocol, peer), protocols sorted, TCP default, namespaceSelector {} → all().
import { describe, expect, it } from 'vitest';
import { translateK8sPolicy } from '../compile';
import { decodeNetworkPolicySpec } from './decode';
import { effectivePolicyTypes, labelSelectorToCalico } from './translate';
import { np } from '../../../../test/support/netpol-model';

const tr = (spec: Record<string, unknown>) => {
  const t = translateK8sPolicy(np('dev', 'web', spec));
  expect(t.errors).toEqual([]);
  return t.policy!;
};

describe('K8s → Calico translation', () => {
  it('names, tier, order, selector, types', () => {
    expect(tr({ podSelector: { matchLabels: { app: 'web', tier: 'fe' } }, ingress: [{}] })).toEqual({
      kind: 'NetworkPolicy',
      name: 'knp.default.web',
      namespace: 'dev',
      spec: {
        tier: 'default',
        order: 1000,
        selector: "projectcalico.org/orchestrator == 'k8s' && app == 'web' && tier == 'fe'",
        types: ['Ingress'],
        ingress: [{ action: 'Allow' }],
      },
    });
  });

  it('peers: podSelector gets the orchestrator term; namespaceSelector stays bare; {} is all()', () => {
    const p = tr({
      podSelector: {},
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { pod: 'b' } } },
            { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['x', 'y'] }] } },
            { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'DoesNotExist' }] } },
          ],
        },
      ],
    });
    expect(p.spec.ingress).toEqual([
      { action: 'Allow', source: { selector: "projectcalico.org/orchestrator == 'k8s' && pod == 'b'" } },
      {
        action: 'Allow',
        source: { selector: "projectcalico.org/orchestrator == 'k8s'", namespaceSelector: "kubernetes.io/metadata.name not in { 'x', 'y' }" },
      },
      { action: 'Allow', source: { selector: "projectcalico.org/orchestrator == 'k8s' && has(a) && ! has(b)", namespaceSelector: 'all()' } },
    ]);
  });

  it('ipBlock → nets / notNets in canonical form', () => {
    const p = tr({ podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.5/8', except: ['10.1.2.3/16'] } }] }] });
    expect(p.spec.egress).toEqual([{ action: 'Allow', destination: { nets: ['10.0.0.0/8'], notNets: ['10.1.0.0/16'] } }]);
    expect(p.spec.types).toEqual(['Egress']);
  });

  it('ports: grouped per protocol (TCP default), protocols sorted, endPort as a range, one rule per peer', () => {
    const p = tr({
      podSelector: {},
      ingress: [
        {
          from: [{ podSelector: {} }, { ipBlock: { cidr: '192.168.0.0/16' } }],
          ports: [{ protocol: 'UDP', port: 53 }, { port: 80 }, { port: 'http' }, { port: 8000, endPort: 8080 }],
        },
      ],
    });
    const sel = "projectcalico.org/orchestrator == 'k8s'";
    expect(p.spec.ingress).toEqual([
      { action: 'Allow', protocol: 'TCP', source: { selector: sel }, destination: { ports: [80, 'http', '8000:8080'] } },
      { action: 'Allow', protocol: 'TCP', source: { nets: ['192.168.0.0/16'] }, destination: { ports: [80, 'http', '8000:8080'] } },
      { action: 'Allow', protocol: 'UDP', source: { selector: sel }, destination: { ports: [53] } },
      { action: 'Allow', protocol: 'UDP', source: { nets: ['192.168.0.0/16'] }, destination: { ports: [53] } },
    ]);
  });

  it('a protocol-only port opens every port of that protocol, whatever else is listed', () => {
    for (const ports of [[{ port: 80 }, { protocol: 'TCP' }], [{ protocol: 'TCP' }, { port: 80 }]]) {
      expect(tr({ podSelector: {}, ingress: [{ ports }] }).spec.ingress).toEqual([{ action: 'Allow', protocol: 'TCP' }]);
    }
  });

  it('egress destination carries both peer and ports', () => {
    const p = tr({ podSelector: {}, egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'a' } } }], ports: [{ port: 53, protocol: 'UDP' }] }] });
    expect(p.spec.egress).toEqual([
      { action: 'Allow', protocol: 'UDP', destination: { selector: "projectcalico.org/orchestrator == 'k8s'", namespaceSelector: "team == 'a'", ports: [53] } },
    ]);
    // no policyTypes + egress rules: the API server defaults to [Ingress, Egress]
    expect(p.spec.types).toEqual(['Ingress', 'Egress']);
  });

  it('each Calico rule remembers its Kubernetes rule and peer (origins); In becomes a set', () => {
    const t = translateK8sPolicy(
      np('dev', 'web', {
        podSelector: {},
        ingress: [
          {
            from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16'] } }],
            ports: [{ port: 53, protocol: 'UDP' }, { port: 80 }],
          },
          {},
        ],
      }),
    );
    expect(t.errors).toEqual([]);
    const sel = "projectcalico.org/orchestrator == 'k8s' && app in { 'a', 'b' }";
    const nets = { nets: ['10.0.0.0/8'], notNets: ['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16'] };
    expect(t.policy!.spec.ingress).toEqual([
      { action: 'Allow', protocol: 'TCP', source: { selector: sel }, destination: { ports: [80] } },
      { action: 'Allow', protocol: 'TCP', source: nets, destination: { ports: [80] } },
      { action: 'Allow', protocol: 'UDP', source: { selector: sel }, destination: { ports: [53] } },
      { action: 'Allow', protocol: 'UDP', source: nets, destination: { ports: [53] } },
      { action: 'Allow' },
    ]);
    expect(t.origins).toEqual({ ingress: [{ rule: 0, peer: 0 }, { rule: 0, peer: 1 }, { rule: 0, peer: 0 }, { rule: 0, peer: 1 }, { rule: 1 }], egress: [] });
  });

  it('matchLabels keys and protocols in sorted order, whatever order they are written in', () => {
    const p = tr({ podSelector: { matchLabels: { tier: 'fe', app: 'web', mid: 'x' } }, ingress: [{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'SCTP', port: 9 }, { port: 80 }] }] });
    expect(p.spec.selector).toBe("projectcalico.org/orchestrator == 'k8s' && app == 'web' && mid == 'x' && tier == 'fe'");
    expect((p.spec.ingress as { protocol: string }[]).map((r) => r.protocol)).toEqual(['SCTP', 'TCP', 'UDP']);
  });

  it('an egress-only policy has no ingress list, and a bare egress rule no destination', () => {
    const p = tr({ podSelector: {}, policyTypes: ['Egress'], egress: [{}] });
    expect(p.spec).toStrictEqual({ tier: 'default', order: 1000, selector: "projectcalico.org/orchestrator == 'k8s'", types: ['Egress'], egress: [{ action: 'Allow' }] });
  });

  it('invalid policies are not translated', () => {
    const t = translateK8sPolicy(np('dev', 'bad', { podSelector: {}, ingress: [{ from: [{}] }] }));
    expect(t.policy).toBeUndefined();
    expect(t.errors[0].path).toBe('spec.ingress[0].from[0]');
  });
});

describe('policyTypes defaulting (SetDefaults_NetworkPolicy)', () => {
  const types = (spec: Record<string, unknown>) => effectivePolicyTypes(decodeNetworkPolicySpec(spec).spec);
  it('Ingress always; Egress only when egress rules exist', () => {
    expect(types({ podSelector: {} })).toEqual(['Ingress']);
    expect(types({ podSelector: {}, egress: [] })).toEqual(['Ingress']);
    expect(types({ podSelector: {}, egress: [{}] })).toEqual(['Ingress', 'Egress']);
    expect(types({ podSelector: {}, ingress: [{}], egress: [{ ports: [{ port: 53 }] }] })).toEqual(['Ingress', 'Egress']);
  });
  it('policyTypes naming neither direction (refused by validation) fall back to Ingress', () => {
    expect(effectivePolicyTypes({ ...decodeNetworkPolicySpec({ podSelector: {} }).spec, policyTypes: ['Bogus' as 'Ingress'] })).toEqual(['Ingress']);
  });
  it('given policyTypes are kept (Ingress first, as Calico writes them)', () => {
    expect(types({ podSelector: {}, policyTypes: ['Egress'] })).toEqual(['Egress']);
    expect(types({ podSelector: {}, policyTypes: ['Egress', 'Ingress'] })).toEqual(['Ingress', 'Egress']);
  });
  it('label selector text for namespaces: empty selector = all(), nil = no term', () => {
    expect(labelSelectorToCalico({ matchLabels: {}, matchExpressions: [] }, 'namespace')).toBe('all()');
    expect(labelSelectorToCalico(undefined, 'namespace')).toBe('');
    expect(labelSelectorToCalico(undefined, 'pod')).toBe("projectcalico.org/orchestrator == 'k8s'");
  });
});
