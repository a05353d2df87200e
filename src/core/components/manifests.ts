// The install's Kubernetes objects as the API server would return them: the calico-node DaemonSet (its env is
// where the install-time settings live), flannel's kube-flannel-cfg ConfigMap, and Calico's default
// FelixConfiguration. Plain objects; the terminal prints them as YAML. Like the terminal's `get -o yaml`, they
// leave out creationTimestamp, resourceVersion, uid and managedFields.

import type { ClusterState } from '../model/cluster';
import { DEFAULT_POOL_NAME } from '../scenario/checks';
import { FLANNEL_CNI_CONF } from './files';
import { flannelNamespace, systemPods } from './pods';

/** The calico/node image of the lab's era (seed 000's kubeasz install shipped v3.15.3). */
export const CALICO_VERSION = 'v3.15.3';
export const FLANNEL_IMAGE = 'docker.io/flannel/flannel:v0.22.0';

type Env = { name: string; value?: string; valueFrom?: Record<string, unknown> };

/** calico-node's environment as the stock manifest writes it, with this install's values. */
export function calicoNodeEnv(state: ClusterState): Env[] {
  const { cluster, ippools } = state.scenario;
  const c = cluster.calico;
  const pool = ippools.find((p) => p.name === DEFAULT_POOL_NAME) ?? ippools[0];
  const mtu = String(c.vethMtu ?? 0);
  const env: Env[] = [
    { name: 'DATASTORE_TYPE', value: 'kubernetes' },
    { name: 'WAIT_FOR_DATASTORE', value: 'true' },
    { name: 'NODENAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
    { name: 'CALICO_NETWORKING_BACKEND', value: c.networkingBackend },
    { name: 'CLUSTER_TYPE', value: c.networkingBackend === 'bird' ? 'k8s,bgp' : 'k8s' },
    { name: 'IP', value: 'autodetect' },
    ...(c.ipAutodetectionMethod !== 'first-found' ? [{ name: 'IP_AUTODETECTION_METHOD', value: c.ipAutodetectionMethod }] : []),
    ...(pool
      ? [
          { name: 'CALICO_IPV4POOL_IPIP', value: pool.ipipMode },
          { name: 'CALICO_IPV4POOL_VXLAN', value: pool.vxlanMode },
          { name: 'CALICO_IPV4POOL_CIDR', value: pool.cidr },
          ...(pool.blockSize !== 26 ? [{ name: 'CALICO_IPV4POOL_BLOCK_SIZE', value: String(pool.blockSize) }] : []),
        ]
      : []),
    { name: 'FELIX_IPINIPMTU', value: mtu },
    { name: 'FELIX_VXLANMTU', value: mtu },
    ...(c.ipam === 'host-local' ? [{ name: 'USE_POD_CIDR', value: 'true' }] : []),
    { name: 'CALICO_DISABLE_FILE_LOGGING', value: 'true' },
    { name: 'FELIX_DEFAULTENDPOINTTOHOSTACTION', value: 'ACCEPT' },
    { name: 'FELIX_IPV6SUPPORT', value: 'false' },
    { name: 'FELIX_HEALTHENABLED', value: 'true' },
  ];
  return env;
}

function dsStatus(state: ClusterState, component: string) {
  const pods = systemPods(state).filter((p) => p.component === component);
  const ready = pods.filter((p) => p.ready).length;
  return {
    currentNumberScheduled: pods.length,
    desiredNumberScheduled: pods.length,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    ...(ready < pods.length ? { numberUnavailable: pods.length - ready } : {}),
    observedGeneration: 1,
    updatedNumberScheduled: pods.length,
  };
}

export function calicoNodeDaemonSet(state: ClusterState): Record<string, unknown> {
  const bird = state.scenario.cluster.calico.networkingBackend === 'bird';
  const probe = (what: 'live' | 'ready') => ['/bin/calico-node', `-felix-${what}`, ...(bird ? [`-bird-${what}`] : [])];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { generation: 1, labels: { 'k8s-app': 'calico-node' }, name: 'calico-node', namespace: 'kube-system' },
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: { 'k8s-app': 'calico-node' } },
      template: {
        metadata: { labels: { 'k8s-app': 'calico-node' } },
        spec: {
          containers: [
            {
              env: calicoNodeEnv(state),
              image: `docker.io/calico/node:${CALICO_VERSION}`,
              imagePullPolicy: 'IfNotPresent',
              livenessProbe: { exec: { command: probe('live') }, failureThreshold: 6, initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 10 },
              name: 'calico-node',
              readinessProbe: { exec: { command: probe('ready') }, failureThreshold: 3, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 10 },
              securityContext: { privileged: true },
            },
          ],
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'calico-node',
          tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }, { key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
        },
      },
      updateStrategy: { rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
    status: dsStatus(state, 'calico-node'),
  };
}

export function kubeFlannelConfigMap(state: ClusterState): Record<string, unknown> {
  const ns = flannelNamespace(state.scenario);
  return {
    apiVersion: 'v1',
    data: { 'cni-conf.json': FLANNEL_CNI_CONF, 'net-conf.json': `${JSON.stringify(state.scenario.cluster.flannel.netConf, null, 2)}\n` },
    kind: 'ConfigMap',
    metadata: { labels: { app: 'flannel', tier: 'node' }, name: 'kube-flannel-cfg', namespace: ns },
  };
}

/** The default FelixConfiguration calico-node creates at first start (reportingInterval 0s: no status
 *  reports in the Kubernetes datastore; bpfLogLevel ""). The MTUs stay in the DaemonSet's env. */
export function felixConfiguration(): Record<string, unknown> {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'FelixConfiguration',
    metadata: { name: 'default' },
    spec: { bpfLogLevel: '', logSeverityScreen: 'Info', reportingInterval: '0s' },
  };
}

/** `kubectl get ds` rows: the DaemonSets of the install. */
export function daemonSets(state: ClusterState): { namespace: string; name: string; component: string; nodeSelector: string }[] {
  const calico = state.scenario.cluster.cni === 'calico';
  return [
    calico ? { namespace: 'kube-system', name: 'calico-node', component: 'calico-node', nodeSelector: 'kubernetes.io/os=linux' } : { namespace: flannelNamespace(state.scenario), name: 'kube-flannel-ds', component: 'kube-flannel', nodeSelector: '<none>' },
    { namespace: 'kube-system', name: 'kube-proxy', component: 'kube-proxy', nodeSelector: 'kubernetes.io/os=linux' },
  ];
}

export function daemonSetCounts(state: ClusterState, component: string): { desired: number; ready: number } {
  const s = dsStatus(state, component);
  return { desired: s.desiredNumberScheduled, ready: s.numberReady };
}
