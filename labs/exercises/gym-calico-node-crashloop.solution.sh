# Reference solution of labs/gym-calico-node-crashloop.yaml, typed on master. skip-interface=nerdctl.* or
# cidr=192.168.20.0/24 pass the same checks.
kubectl set env ds/calico-node -n kube-system IP_AUTODETECTION_METHOD=interface=eth0
