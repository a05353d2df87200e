# Reference solution of labs/ex002-network-policy.yaml, typed on master1 (seed 002's NetworkPolicy, corrected).
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-develop
  namespace: develop
spec:
  podSelector:
    matchLabels:
      app: pod-deployment
  policyTypes:
  - Ingress
  ingress:
  - from:
    - podSelector: {}
    ports:
    - protocol: TCP
      port: 80
EOF
