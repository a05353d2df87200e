# Reference solution of labs/ex004-choose-nic.yaml, typed on vms71.rhce.cc: vms71 names the NIC ens33, vms72
# eth0 (seed 004's interface=ens33,eth0; cidr=192.168.30.0/24 works as well).
kubectl set env ds/calico-node -n kube-system IP_AUTODETECTION_METHOD=interface=ens33,eth0
