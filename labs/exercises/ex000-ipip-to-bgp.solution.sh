# Reference solution of labs/ex000-ipip-to-bgp.yaml, typed on node-1: the pool as calicoctl get ippool -o yaml
# shows it, with ipipMode Never (seed 001's ippool.yaml edit).
calicoctl apply -f - <<EOF
apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: default-ipv4-ippool
spec:
  cidr: 172.20.0.0/16
  blockSize: 26
  ipipMode: Never
  natOutgoing: true
EOF
