# Reference solution of labs/ex001-route-reflector.yaml: seed 001's commands, typed on k8s-master.
# The seed edits files with vim; here each resource comes as a here-document.

# 1. turn the node-to-node mesh off (the seed's bgpconfig.yaml)
calicoctl apply -f - <<EOF
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata:
  name: default
spec:
  logSeverityScreen: Info
  nodeToNodeMeshEnabled: false
  asNumber: 64512
EOF

# 2. the label a BGPPeer will select the reflector by
kubectl label node k8s-node2 route-reflector=true

# 3. a cluster ID makes k8s-node2's BIRD a reflector
calicoctl patch node k8s-node2 -p '{"spec":{"bgp":{"routeReflectorClusterID":"244.0.0.1"}}}'

# 4. every node peers with the nodes labelled route-reflector=true (the seed's bgppeer.yaml)
calicoctl apply -f - <<EOF
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata:
  name: peer-with-route-reflectors
spec:
  nodeSelector: all()
  peerSelector: route-reflector == 'true'
EOF
