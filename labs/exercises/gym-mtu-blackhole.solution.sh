# Reference solution of labs/gym-mtu-blackhole.yaml, typed on the lab's first node.
kubectl set env ds/calico-node -n kube-system FELIX_IPINIPMTU=1380
