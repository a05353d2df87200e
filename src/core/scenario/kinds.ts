// Which (apiVersion, kind) pairs the lab reads, which real kinds it keeps without modelling them,
// and the errors for everything else. Kinds are case-sensitive, as in the real API servers.

export type ModelKind =
  | 'Topology'
  | 'Cluster'
  | 'Fault'
  | 'IPPool'
  | 'BGPConfiguration'
  | 'BGPPeer'
  | 'CalicoNode'
  | 'Tier'
  | 'CalicoNetworkPolicy'
  | 'GlobalNetworkPolicy'
  | 'BlockAffinity'
  | 'IPAMConfig'
  | 'Namespace'
  | 'Pod'
  | 'Deployment'
  | 'Service'
  | 'NetworkPolicy'
  | 'Node'
  | 'FlannelConfigMap';

export const CNILAB = 'cnilab/v1';
export const CALICO_API_VERSIONS = ['projectcalico.org/v3', 'crd.projectcalico.org/v1'] as const;
export const FLANNEL_CONFIGMAP = 'kube-flannel-cfg';

interface Modelled {
  kind: string;
  apiVersions: readonly string[];
  model: ModelKind;
}

const CALICO = CALICO_API_VERSIONS;

/** The kinds the lab reads (the contract; README.md documents each). */
export const MODELLED: readonly Modelled[] = [
  { kind: 'Topology', apiVersions: [CNILAB], model: 'Topology' },
  { kind: 'Cluster', apiVersions: [CNILAB], model: 'Cluster' },
  { kind: 'Fault', apiVersions: [CNILAB], model: 'Fault' },
  { kind: 'IPPool', apiVersions: CALICO, model: 'IPPool' },
  { kind: 'BGPConfiguration', apiVersions: CALICO, model: 'BGPConfiguration' },
  { kind: 'BGPPeer', apiVersions: CALICO, model: 'BGPPeer' },
  { kind: 'Node', apiVersions: CALICO, model: 'CalicoNode' },
  { kind: 'Tier', apiVersions: CALICO, model: 'Tier' },
  { kind: 'NetworkPolicy', apiVersions: CALICO, model: 'CalicoNetworkPolicy' },
  { kind: 'GlobalNetworkPolicy', apiVersions: CALICO, model: 'GlobalNetworkPolicy' },
  { kind: 'BlockAffinity', apiVersions: CALICO, model: 'BlockAffinity' },
  // The CRD is IPAMConfig; the projectcalico.org/v3 API calls it IPAMConfiguration. Both are read.
  { kind: 'IPAMConfig', apiVersions: CALICO, model: 'IPAMConfig' },
  { kind: 'IPAMConfiguration', apiVersions: CALICO, model: 'IPAMConfig' },
  { kind: 'Namespace', apiVersions: ['v1'], model: 'Namespace' },
  { kind: 'Pod', apiVersions: ['v1'], model: 'Pod' },
  { kind: 'Service', apiVersions: ['v1'], model: 'Service' },
  { kind: 'Node', apiVersions: ['v1'], model: 'Node' },
  { kind: 'Deployment', apiVersions: ['apps/v1'], model: 'Deployment' },
  { kind: 'NetworkPolicy', apiVersions: ['networking.k8s.io/v1'], model: 'NetworkPolicy' },
];

const CALICO_FOREIGN = [
  'FelixConfiguration',
  'HostEndpoint',
  'NetworkSet',
  'GlobalNetworkSet',
  'KubeControllersConfiguration',
  'IPReservation',
  'ClusterInformation',
  'Profile',
  'WorkloadEndpoint',
  'BGPFilter',
  'IPAMBlock',
  'IPAMHandle',
  'CalicoNodeStatus',
  'StagedNetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'StagedKubernetesNetworkPolicy',
];

/** Real kinds kept as ForeignResource with a warning, by API group ('' = core). Any version of the group is accepted. */
export const FOREIGN: Readonly<Record<string, readonly string[]>> = {
  '': [
    'ConfigMap',
    'Secret',
    'ServiceAccount',
    'Endpoints',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'LimitRange',
    'ResourceQuota',
    'ReplicationController',
    'Event',
    'PodTemplate',
  ],
  apps: ['DaemonSet', 'StatefulSet', 'ReplicaSet', 'ControllerRevision'],
  batch: ['Job', 'CronJob'],
  'networking.k8s.io': ['Ingress', 'IngressClass', 'IPAddress', 'ServiceCIDR'],
  'discovery.k8s.io': ['EndpointSlice'],
  'rbac.authorization.k8s.io': ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  policy: ['PodDisruptionBudget', 'PodSecurityPolicy'],
  autoscaling: ['HorizontalPodAutoscaler'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment'],
  'scheduling.k8s.io': ['PriorityClass'],
  'coordination.k8s.io': ['Lease'],
  'node.k8s.io': ['RuntimeClass'],
  'certificates.k8s.io': ['CertificateSigningRequest'],
  'admissionregistration.k8s.io': [
    'ValidatingWebhookConfiguration',
    'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
  ],
  'apiregistration.k8s.io': ['APIService'],
  'policy.networking.k8s.io': ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'],
  'operator.tigera.io': ['Installation', 'APIServer', 'TigeraStatus', 'ImageSet', 'Goldmane', 'Whisker'],
  'projectcalico.org': CALICO_FOREIGN,
  'crd.projectcalico.org': CALICO_FOREIGN,
};

export type Classified =
  | { kind: 'model'; model: ModelKind }
  | { kind: 'foreign' }
  | { kind: 'wrongApiVersion'; expected: string[] }
  | { kind: 'unknown'; suggestion?: string };

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Classifies a document; `name` decides whether a v1 ConfigMap is flannel's. */
export function classify(apiVersion: string, kind: string, name: string | undefined): Classified {
  if (kind === 'ConfigMap' && apiVersion === 'v1' && name === FLANNEL_CONFIGMAP) return { kind: 'model', model: 'FlannelConfigMap' };
  const m = MODELLED.find((e) => e.kind === kind && e.apiVersions.includes(apiVersion));
  if (m) return { kind: 'model', model: m.model };
  const foreign = FOREIGN[groupOf(apiVersion)];
  if (foreign?.includes(kind) && /^(.+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion)) return { kind: 'foreign' };
  const expected = [
    ...MODELLED.filter((e) => e.kind === kind).flatMap((e) => e.apiVersions),
    ...Object.entries(FOREIGN)
      .filter(([, kinds]) => kinds.includes(kind))
      .map(([g]) => (g === '' ? 'v1' : `${g}/v1`)),
  ];
  if (expected.length > 0) return { kind: 'wrongApiVersion', expected: [...new Set(expected)] };
  const all = [...new Set([...MODELLED.map((e) => e.kind), ...Object.values(FOREIGN).flat()])];
  const suggestion = all.find((k) => k.toLowerCase() === kind.toLowerCase());
  return { kind: 'unknown', suggestion };
}

/** The supported kinds as an error message lists them. */
export function supportedKindsText(): string {
  const byVersion = new Map<string, string[]>();
  for (const e of MODELLED) {
    for (const v of e.apiVersions) byVersion.set(v, [...(byVersion.get(v) ?? []), e.kind]);
  }
  const parts = [...byVersion.entries()].map(([v, ks]) => `${v}: ${ks.join(', ')}`);
  return `${parts.join('; ')}; v1 ConfigMap kube-flannel-cfg; other real Kubernetes/Calico kinds are kept unmodelled`;
}
