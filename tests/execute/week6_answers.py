"""Week 6's speed drill under execute mode: answers that look different but do the same (the grammar
checker rejects each), and wrong answers with the reason execution must give. Keyed by card id."""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
"""

SERVICE = """# web-svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
"""

NODEPORT = """apiVersion: v1
kind: Service
metadata:
  name: web-np
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
"""

RIGHT = [
    ("w06.command.01", "kubectl create deployment web --image=nginx\nkubectl scale deployment web --replicas=2"),
    ("w06.command.01", DEPLOYMENT),
    ("w06.command.02", "kubectl create service clusterip web --tcp=80:80"),
    ("w06.command.02", SERVICE),
    ("w06.command.03", "kubectl get svc web -o go-template='{{.spec.clusterIP}}'"),
    ("w06.command.03", "kubectl get svc web -o jsonpath='{.spec.clusterIPs[0]}'"),
    ("w06.command.04", "kubectl create service nodeport web-np --tcp=80:80\nkubectl set selector svc web-np app=web"),
    ("w06.command.04", NODEPORT),
    ("w06.command.05", "kubectl get svc web-np -o jsonpath='{.spec.ports[*].nodePort}'"),
    ("w06.command.05", "kubectl get svc web-np -o go-template='{{range .spec.ports}}{{.nodePort}}{{end}}'"),
    ("w06.command.06", "kubectl run tmp --image=curlimages/curl --rm -it --restart=Never -- curl -s web:80"),
    ("w06.command.06", "kubectl run tmp --image=busybox --rm -it --restart=Never -- wget -qO- "
                       "http://web.default.svc.cluster.local"),
    ("w06.command.10", "kubectl create service clusterip web --tcp=80:80"),
]

WRONG = [
    ("w06.command.01", "kubectl create deployment web --image=nginx", "Deployment web: spec.replicas is 1, expected 2"),
    ("w06.command.01", "kubectl create deployment web --image=httpd --replicas=2", "image is httpd, expected nginx"),
    ("w06.command.02", "kubectl expose deployment web --port=8080", "spec.ports[0].port is 8080, expected 80"),
    ("w06.command.02", "kubectl create service clusterip web --tcp=80:8080",
     "spec.ports[0].targetPort is 8080, expected 80"),
    ("w06.command.03", "kubectl get svc web -o jsonpath='{.spec.ports[0].port}'", "printed:\n    80\nexpected:"),
    ("w06.command.04", "kubectl expose deployment web --port=80 --name=web-np",
     "Service web-np: spec.type is ClusterIP, expected NodePort"),
    ("w06.command.04", "kubectl create service nodeport web-np --tcp=80:80",
     "Service web-np: spec.selector is app=web-np, expected app=web"),
    ("w06.command.04", "kubectl expose deployment web --port=80 --type=NodePort", "already exists"),
    ("w06.command.05", "kubectl get svc web -o jsonpath='{.spec.ports[0].nodePort}'", "printed nothing"),
    ("w06.command.06", "kubectl run tmp --image=busybox -- wget -qO- web", "your answer also created Pod tmp"),
    ("w06.command.07", "kubectl get endpoints web-np", "printed:"),
    ("w06.command.09", "kubectl delete svc -l app=web", "Service web-np was deleted"),
    ("w06.command.09", "kubectl delete deployment web", "Deployment web was deleted"),
    ("w06.command.10", "kubectl expose deployment web --port=80 --type=NodePort",
     "Service web: spec.type is NodePort, expected ClusterIP"),
]
