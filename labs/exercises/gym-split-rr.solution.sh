# Reference solution of labs/gym-split-rr.yaml, typed on the lab's first node.
calicoctl patch node rr-2 -p '{"spec":{"bgp":{"routeReflectorClusterID":"244.0.0.2"}}}'
