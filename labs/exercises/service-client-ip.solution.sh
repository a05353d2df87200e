# Reference solution of labs/service-client-ip.yaml, typed on master1 (externalTrafficPolicy Local keeps the client's address).
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
spec:
  type: NodePort
  clusterIP: 10.96.0.80
  externalTrafficPolicy: Local
  selector:
    app: pod-test
  ports:
  - port: 80
    targetPort: 80
    nodePort: 30080
EOF
