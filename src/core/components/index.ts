export { systemPods, flannelNamespace, daemonSetPodName, type SystemPod, type ComponentKind } from './pods';
export { calicoNodeReadiness, birdReadiness, FELIX_NOT_READY, type Readiness, type BirdPeer, type CalicoNodeProbeInput } from './health';
export { apiServerEndpoint, internalIP, nodeReachesApiServer } from './apiServer';
export { nodeFiles, calicoConflist, flannelSubnetEnv, CALICO_CONFLIST, FLANNEL_CONFLIST, FLANNEL_SUBNET_ENV } from './files';
export { calicoNodeDaemonSet, kubeFlannelConfigMap, felixConfiguration, calicoNodeEnv, daemonSets, daemonSetCounts, CALICO_VERSION } from './manifests';
export { routeProvenance, linkProvenance, neighProvenance, type Provenance, type Programmer } from './provenance';
