# Reference solution of labs/ex002-flannel-backend.yaml, typed on master1: kube-flannel-cfg with Backend host-gw.
# (On a real cluster, restart flanneld afterwards: kubectl -n kube-flannel rollout restart ds/kube-flannel-ds.)
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  net-conf.json: |
    {
      "Network": "10.244.0.0/16",
      "Backend": {
        "Type": "host-gw"
      }
    }
EOF
