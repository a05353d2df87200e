// calico-node's readiness probe (`calico-node -felix-ready -bird-ready`), as node/pkg/health in projectcalico/calico
// decides it, from the simulated state instead of live sockets.
//
// - Felix: the probe GETs Felix's readiness endpoint on localhost:9099. A Felix that cannot reach its datastore
//   never opens it, and the probe fails with the dial error seed 003 prints ("felix is not ready: Get
//   http://localhost:9099/readiness: dial tcp [::1]:9099: connect: connection refused").
// - BIRD (bird backend only; the vxlan and none backends drop -bird-ready from the manifest): the probe lists
//   BIRD's BGP protocols. With no peers BIRD is ready. In the first threshold-time (30 s) after calico-node
//   started, every peer must be Established; after that one Established peer is enough. The error names the
//   peers that are not Established, comma-joined, in BIRD's protocol order: "BIRD is not ready: BGP not
//   established with 10.0.0.2,10.0.0.3".
// - The probe runs both checks at once and prints the first error; the simulator reports Felix's first (its
//   dial fails at once) so the answer is deterministic.

export const FELIX_NOT_READY =
  'calico/node is not ready: felix is not ready: Get http://localhost:9099/readiness: dial tcp [::1]:9099: connect: connection refused';

export interface BirdPeer {
  address: string;
  /** BIRD's BGP state column: Established, Idle, Connect, Active, … */
  info: string;
}

export interface CalicoNodeProbeInput {
  /** CALICO_NETWORKING_BACKEND: only bird runs BIRD and its readiness check */
  backend: 'bird' | 'vxlan' | 'none';
  /** Felix reaches its datastore (the API server) */
  felixConnected: boolean;
  /** BIRD's BGP protocols in its own order */
  peers: readonly BirdPeer[];
  /** 'starting': within threshold-time of calico-node's start (every peer must be up); 'running' after it */
  phase?: 'starting' | 'running';
}

export interface Readiness {
  ready: boolean;
  /** what the failing probe printed (the event's text after "Readiness probe failed: ") */
  message?: string;
}

export function birdReadiness(peers: readonly BirdPeer[], phase: 'starting' | 'running' = 'running'): Readiness {
  if (!peers.length) return { ready: true };
  const down = peers.filter((p) => p.info !== 'Established').map((p) => p.address);
  const fails = phase === 'starting' ? down.length > 0 : down.length === peers.length;
  if (!fails) return { ready: true };
  return { ready: false, message: `calico/node is not ready: BIRD is not ready: BGP not established with ${down.join(',')}` };
}

export function calicoNodeReadiness(input: CalicoNodeProbeInput): Readiness {
  if (!input.felixConnected) return { ready: false, message: FELIX_NOT_READY };
  if (input.backend !== 'bird') return { ready: true };
  return birdReadiness(input.peers, input.phase);
}
