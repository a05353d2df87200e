# Reference solution of labs/gym-no-encap-router.yaml, typed on the lab's first node.
calicoctl patch ippool default-ipv4-ippool -p '{"spec":{"ipipMode":"CrossSubnet"}}'
