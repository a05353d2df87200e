# Reference solution of labs/gym-first-found.yaml (seed 003's fix), typed on node-1. can-reach=192.168.10.1 or
# cidr=192.168.10.0/24 pass the same checks.
kubectl set env ds/calico-node -n kube-system IP_AUTODETECTION_METHOD=interface=eth0
