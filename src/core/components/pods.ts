// The cluster's own pods, derived from the scenario: what `kubectl get pods -n kube-system` lists on a real
// install of this CNI. They are not scenario pods (no IPAM, no veth, no policy endpoint), so nothing the
// scenario's own pods show — route tables, `calicoctl ipam show`, the matrix — changes because of them.
//
// - calico-node (Calico) or kube-flannel-ds (Flannel), and kube-proxy: a DaemonSet pod per node, host network,
//   the node's InternalIP, named `<daemonset>-<5 characters>` from the generated-name alphabet.
// - calico-kube-controllers (Calico) and coredns (2 replicas): Deployment pods. When the scenario already has
//   them (seed 002 and seed 004 list coredns and calico-kube-controllers as pods), those are the ones; otherwise
//   the simulator places them on host network (so the pod network and its IPAM stay as written), on the
//   control-plane nodes first, then the others, in Topology order — a real coredns runs on the pod network.

import type { ClusterState, NodeInfo, PodInfo } from '../model/cluster';
import type { Scenario } from '../model/scenario';
import { sessionsOf } from '../bgp';
import { CONTROL_PLANE_LABELS, nameChars, replicaPodName } from '../scenario/schedule';
import { apiServerReach, internalIP } from './apiServer';
import { calicoNodeReadiness, FELIX_NOT_READY } from './health';

export type ComponentKind = 'calico-node' | 'kube-flannel' | 'kube-proxy' | 'calico-kube-controllers' | 'coredns';

export interface SystemPod {
  namespace: string;
  name: string;
  node: string;
  ip?: string;
  component: ComponentKind;
  /** the controller kubectl names under "Controlled By" */
  owner: { kind: 'DaemonSet' | 'ReplicaSet'; name: string };
  hostNetwork: boolean;
  /** the daemons inside its main container */
  processes: string[];
  ready: boolean;
  status: 'Running' | 'CrashLoopBackOff';
  restarts: number;
  /** what the failing readiness probe printed */
  probe?: string;
  /** why the pod is not ready when it is not the probe (its node is down, it cannot start) */
  reason?: string;
  /** the pod is a scenario pod (the preset lists it); the rest are derived here */
  modelled: boolean;
}

/** The namespace flannel was installed in: the kube-flannel-cfg ConfigMap's, else kube-flannel.yml's own. */
export function flannelNamespace(scenario: Scenario): string {
  const key = Object.keys(scenario.refs).find((k) => k.startsWith('ConfigMap/') && k.endsWith('/kube-flannel-cfg'));
  return key ? key.split('/')[1] : 'kube-flannel';
}

export const daemonSetPodName = (namespace: string, ds: string, node: string): string => `${ds}-${nameChars(`${namespace}/${ds}/${node}`, 5)}`;

const isCoreDns = (p: PodInfo) => p.namespace === 'kube-system' && (p.labels['k8s-app'] === 'kube-dns' || p.name.startsWith('coredns-'));
const isKubeControllers = (p: PodInfo) => p.namespace === 'kube-system' && (p.labels['k8s-app'] === 'calico-kube-controllers' || p.name.startsWith('calico-kube-controllers-'));

/** Stored (not derived) mesh sessions per node: the derived ones are Established (core/bgp view). */
function storedMeshCounts(state: ClusterState): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of state.bgp.sessions) if (s.peerType === 'node-to-node mesh') out.set(s.node, (out.get(s.node) ?? 0) + 1);
  return out;
}

/** One Established peer makes BIRD ready after start-up: a mesh member with more members than stored (failed)
 *  sessions has one, without listing a 1,000-node mesh's sessions. */
function surelyEstablished(state: ClusterState, node: string, cx: CalicoContext): boolean {
  const { bgp } = state;
  return bgp.meshEnabled && bgp.mesh.length - 1 > (cx.stored.get(node) ?? 0) && cx.meshMembers.has(node);
}

/** What every node's calico-node is judged against, worked out once per state (nodes by name, the node that
 *  registered each address, the API server's reach). */
interface CalicoContext {
  stored: Map<string, number>;
  meshMembers: Set<string>;
  byName: Map<string, NodeInfo>;
  /** the first node (Topology order) holding each autodetected address: the one calico-node registered */
  byAddress: Map<string, NodeInfo>;
  reachesApi: (node: string) => boolean;
}

function calicoContext(state: ClusterState): CalicoContext {
  const byAddress = new Map<string, NodeInfo>();
  for (const n of state.nodes) if (n.address && !byAddress.has(n.address.ip)) byAddress.set(n.address.ip, n);
  return { stored: storedMeshCounts(state), meshMembers: new Set(state.bgp.mesh.map((m) => m.node)), byName: new Map(state.nodes.map((n) => [n.name, n])), byAddress, reachesApi: apiServerReach(state.scenario) };
}

function calicoNodePod(state: ClusterState, node: string, ip: string | undefined, down: boolean, cx: CalicoContext): SystemPod {
  const { scenario } = state;
  const backend = scenario.cluster.calico.networkingBackend;
  const base: SystemPod = {
    namespace: 'kube-system',
    name: daemonSetPodName('kube-system', 'calico-node', node),
    node,
    ...(ip ? { ip } : {}),
    component: 'calico-node',
    owner: { kind: 'DaemonSet', name: 'calico-node' },
    hostNetwork: true,
    processes: backend === 'bird' ? ['felix', 'bird', 'confd'] : ['felix'],
    ready: true,
    status: 'Running',
    restarts: 0,
    modelled: false,
  };
  if (down) return { ...base, ready: false, reason: `node ${node} is down` };
  const info = cx.byName.get(node);
  // calico-node exits at start-up when autodetection finds no address, or finds one another node already
  // registered (startup's conflict check); the kubelet restarts it, and Felix never opens its health port
  const crash = (reason: string): SystemPod => ({ ...base, ready: false, status: 'CrashLoopBackOff', restarts: 5, probe: FELIX_NOT_READY, reason });
  if (!info?.address) return crash(`IP autodetection (${scenario.cluster.calico.ipAutodetectionMethod}) found no IPv4 address`);
  const owner = cx.byAddress.get(info.address.ip);
  if (owner && owner.name !== node) return crash(`Calico node '${owner.name}' is already using the IPv4 address ${info.address.ip}`);
  const r = calicoNodeReadiness({
    backend,
    felixConnected: cx.reachesApi(node),
    peers: backend !== 'bird' || surelyEstablished(state, node, cx) ? [] : sessionsOf(state, node).map((s) => ({ address: s.peerAddress, info: s.info })),
  });
  return r.ready ? base : { ...base, ready: false, probe: r.message! };
}

/** Every kube-system (and kube-flannel) pod of the install, scenario-listed ones included, by node order. */
export function systemPods(state: ClusterState): SystemPod[] {
  const { scenario } = state;
  const calico = scenario.cluster.cni === 'calico';
  const downNodes = new Set(scenario.faults.filter((f) => f.type === 'nodeDown' && f.node).map((f) => f.node!));
  const out: SystemPod[] = [];
  const nodes = scenario.topology.nodes;
  const cx = calico ? calicoContext(state) : undefined;
  const nodeInfo = cx?.byName ?? new Map(state.nodes.map((n) => [n.name, n]));
  for (const n of nodes) {
    const ip = internalIP(scenario, n)?.ip;
    const down = downNodes.has(n.name);
    const downish = down ? { ready: false, reason: `node ${n.name} is down` } : {};
    if (cx) out.push(calicoNodePod(state, n.name, ip, down, cx));
    else {
      const ns = flannelNamespace(scenario);
      const found = nodeInfo.get(n.name)?.address;
      out.push({
        namespace: ns,
        name: daemonSetPodName(ns, 'kube-flannel-ds', n.name),
        node: n.name,
        ...(ip ? { ip } : {}),
        component: 'kube-flannel',
        owner: { kind: 'DaemonSet', name: 'kube-flannel-ds' },
        hostNetwork: true,
        processes: ['flanneld'],
        ready: !!found,
        status: found ? 'Running' : 'CrashLoopBackOff',
        restarts: found ? 0 : 5,
        ...(found ? {} : { reason: 'flanneld found no interface to use' }),
        modelled: false,
        ...downish,
      });
    }
    out.push({
      namespace: 'kube-system',
      name: daemonSetPodName('kube-system', 'kube-proxy', n.name),
      node: n.name,
      ...(ip ? { ip } : {}),
      component: 'kube-proxy',
      owner: { kind: 'DaemonSet', name: 'kube-proxy' },
      hostNetwork: true,
      processes: ['kube-proxy'],
      ready: true,
      status: 'Running',
      restarts: 0,
      modelled: false,
      ...downish,
    });
  }
  const hosts = [...nodes.filter((n) => CONTROL_PLANE_LABELS.some((l) => l in n.labels)), ...nodes.filter((n) => !CONTROL_PLANE_LABELS.some((l) => l in n.labels))];
  const deployment = (component: 'coredns' | 'calico-kube-controllers', replicas: number, processes: string[]) => {
    const listed = state.pods.filter(component === 'coredns' ? isCoreDns : isKubeControllers);
    const rs = (name: string) => name.split('-').slice(0, -1).join('-');
    if (listed.length) {
      for (const p of listed) out.push({ namespace: p.namespace, name: p.name, node: p.node, ip: p.ip, component, owner: { kind: 'ReplicaSet', name: rs(p.name) }, hostNetwork: false, processes, ready: !downNodes.has(p.node), status: 'Running', restarts: 0, modelled: true });
      return;
    }
    for (let i = 0; i < replicas && hosts.length; i++) {
      const host = hosts[i % hosts.length];
      const name = replicaPodName('kube-system', component, i);
      const ip = internalIP(scenario, host)?.ip;
      out.push({ namespace: 'kube-system', name, node: host.name, ...(ip ? { ip } : {}), component, owner: { kind: 'ReplicaSet', name: rs(name) }, hostNetwork: true, processes, ready: !downNodes.has(host.name), status: 'Running', restarts: 0, modelled: false });
    }
  };
  if (calico) deployment('calico-kube-controllers', 1, ['calico-kube-controllers']);
  deployment('coredns', 2, ['coredns']);
  return out;
}
