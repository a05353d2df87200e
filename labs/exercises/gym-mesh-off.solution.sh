# Reference solution of labs/gym-mesh-off.yaml, typed on the lab's first node.
calicoctl patch bgpconfig default -p '{"spec":{"nodeToNodeMeshEnabled":true}}'
