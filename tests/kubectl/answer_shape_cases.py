"""Truth tables for the answer shapes beyond one kubectl command: sequences, here-document manifests,
manifest answers (YAML), docker and helm. Made-up tasks, none from week 6.

Each case: (accepted answer, typed answer, verdict, token). ``token`` must appear in a reason of an
incorrect/unreadable verdict (the reason names the step, field path or token); for a correct verdict
it is None or a text one of the notes must contain.
"""

C, I, U = "correct", "incorrect", "unreadable"

# ---- sequences -------------------------------------------------------------------------------
NS_QUOTA = "kubectl create namespace quota-lab\nkubectl create quota small --hard=pods=5,cpu=2 -n quota-lab"
POD_SVC = "kubectl run api --image=httpd:2.4 --port=8080\nkubectl expose pod api --port=80 --target-port=8080"
PLACEHELD = "kubectl create deployment <name> --image=redis:7\nkubectl scale deployment <name> --replicas=3"
THREE = ("kubectl create configmap app-cfg --from-literal=mode=prod\n"
         "kubectl create secret generic app-sec --from-literal=pw=s3cret\n"
         "kubectl run app --image=busybox:1.36 -- sleep 3600")

SEQUENCE_CASES = [
    (NS_QUOTA, NS_QUOTA, C, None),
    (NS_QUOTA, "kubectl create ns quota-lab && kubectl create quota small -n quota-lab --hard=cpu=2,pods=5", C, None),
    (NS_QUOTA, "kubectl create namespace quota-lab; kubectl create quota small --hard pods=5,cpu=2000m -n quota-lab",
     C, None),
    (NS_QUOTA, "kubectl create namespace quota-lab then kubectl create quota small --hard=pods=5,cpu=2 -n quota-lab",
     C, None),
    # the first command alone is not the task (the bug this fixes: the first of several passed)
    (NS_QUOTA, "kubectl create namespace quota-lab", I, "missing command 2: kubectl create quota small"),
    (NS_QUOTA, "kubectl create quota small --hard=pods=5,cpu=2 -n quota-lab", I,
     "missing command 1: kubectl create namespace quota-lab"),
    (NS_QUOTA, "kubectl create ns quota-lab && kubectl create quota small -n quota-lab", I,
     "command 2 of 2: missing --hard=cpu=2,pods=5"),
    (NS_QUOTA, "kubectl create ns quota-lab && kubectl create quota small --hard=pods=5,cpu=2 -n quota", I,
     "command 2 of 2: --namespace: expected quota-lab, got quota"),
    (NS_QUOTA, "kubectl create quota small --hard=pods=5,cpu=2 -n quota-lab && kubectl create ns quota-lab", I,
     "command 1 of 2 is out of order"),
    (NS_QUOTA, "kubectl create ns quota-lab && kubectl get ns && kubectl create quota small --hard=pods=5,cpu=2 "
     "-n quota-lab", C, "extra check command ignored: kubectl get ns"),
    (NS_QUOTA, "kubectl create ns quota-lab && kubectl label ns quota-lab team=a && kubectl create quota small "
     "--hard=pods=5,cpu=2 -n quota-lab", I, "unexpected command 2: kubectl label"),
    (NS_QUOTA, "kubectl create ns quota-lab | kubectl create quota small --hard=pods=5,cpu=2 -n quota-lab", I,
     "the pipeline"),
    (POD_SVC, "k run api --image httpd:2.4 --port 8080\nk expose po api --port 80 --target-port 8080", C, None),
    (POD_SVC, "kubectl run api --image=httpd:2.4 --port=8080 && kubectl expose pod api --port=80", I,
     "command 2 of 2: missing --target-port=8080"),
    (POD_SVC, "kubectl run api --image=httpd:2.4 --port=8080 && kubectl expose deploy api --port=80 "
     "--target-port=8080", I, "command 2 of 2:"),
    (PLACEHELD, "kubectl create deployment cache --image=redis:7 && kubectl scale deploy cache --replicas=3", C, None),
    # placeholder bindings carry across the commands of one sequence
    (PLACEHELD, "kubectl create deployment cache --image=redis:7 && kubectl scale deploy kv --replicas=3", I,
     "command 2 of 2: "),
    (THREE, THREE.replace("\n", " && "), C, None),
    (THREE, THREE.replace("\n", " ; "), C, None),
    (THREE, "kubectl create configmap app-cfg --from-literal=mode=prod\n"
            "kubectl run app --image=busybox:1.36 -- sleep 3600", I, "missing command 2: kubectl create secret generic"),
    (THREE, "kubectl create configmap app-cfg --from-literal=mode=prod\n"
            "kubectl create secret generic app-sec --from-literal=pw=s3cret\n"
            "kubectl run app --image=busybox:1.36 -- sleep 60", I, "command 3 of 3: after --"),
    # a pipeline is one step of a sequence
    ("kubectl get secret app-sec -o jsonpath='{.data.pw}' | base64 -d\nkubectl delete secret app-sec",
     "kubectl get secret app-sec -o jsonpath='{.data.pw}' | base64 --decode && kubectl delete secret app-sec", C, None),
    ("kubectl get secret app-sec -o jsonpath='{.data.pw}' | base64 -d\nkubectl delete secret app-sec",
     "kubectl get secret app-sec -o jsonpath='{.data.pw}' && kubectl delete secret app-sec", I,
     "command 1 of 2: the pipeline: expected 2 commands, got 1 command"),
]

# ---- here-document manifests -------------------------------------------------------------------
CM_YAML = """apiVersion: v1
kind: ConfigMap
metadata:
  name: site
data:
  index.html: hello
  mode: blue
"""
HEREDOC = "kubectl apply -f - <<EOF\n" + CM_YAML + "EOF"
HEREDOC_AFTER_NS = "kubectl create namespace site-lab\n" + HEREDOC.replace("apply -f -", "apply -n site-lab -f -")

HEREDOC_CASES = [
    (HEREDOC, HEREDOC, C, None),
    (HEREDOC, "cat <<EOF | kubectl apply -f -\n" + CM_YAML + "EOF", C, None),
    (HEREDOC, "kubectl apply -f - <<'EOF'\n" + CM_YAML.replace("  mode: blue\n  index.html: hello\n", "") + "EOF", C,
     None),
    (HEREDOC, "kubectl apply -f - << END\n" + CM_YAML.replace("data:\n", "data: \n") + "END", C, None),
    (HEREDOC, "kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: site}\n"
              "data: {mode: blue, index.html: hello}\nEOF", C, None),
    (HEREDOC, "kubectl apply -f -", I, "missing manifest"),
    (HEREDOC, "kubectl apply -f - <<EOF\n" + CM_YAML.replace("blue", "green") + "EOF", I,
     "manifest: data.mode: expected blue, got green"),
    (HEREDOC, "kubectl apply -f - <<EOF\n" + CM_YAML.replace("  mode: blue\n", "") + "EOF", I,
     "manifest: data.mode: expected blue, got missing"),
    (HEREDOC, "kubectl apply -f - <<EOF\n" + CM_YAML + "  extra: x\nEOF", I, "manifest: data.extra: unexpected x"),
    (HEREDOC, "kubectl apply -f - <<EOF\n" + CM_YAML.replace("name: site", "name: sites") + "EOF", I,
     "manifest: metadata.name: expected site, got sites"),
    (HEREDOC, "kubectl create -f - <<EOF\n" + CM_YAML + "EOF", I, "expected `kubectl apply`, got `kubectl create`"),
    (HEREDOC, "kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [site\nEOF", U,
     "at line 5, column 1"),
    (HEREDOC, "kubectl apply -f - <<EOF\n" + CM_YAML, U, "here-document never ends"),
    (HEREDOC_AFTER_NS, "kubectl create ns site-lab && kubectl apply -n site-lab -f - <<EOF\n" + CM_YAML + "EOF", C,
     None),
    (HEREDOC_AFTER_NS, "kubectl create ns site-lab\nkubectl apply -n site-lab -f -", I,
     "command 2 of 2: missing manifest"),
    # a here-document that is not YAML (a config file) is compared as text
    ("cat <<EOF > nginx.conf\nserver {\n  listen 8080;\n}\nEOF",
     "cat <<EOF > nginx.conf\nserver {\n  listen 8080;   \n}\nEOF", C, None),
    ("cat <<EOF > nginx.conf\nserver {\n  listen 8080;\n}\nEOF",
     "cat <<EOF > nginx.conf\nserver {\n  listen 9090;\n}\nEOF", I, "line 2: expected `  listen 8080;`"),
]

# ---- manifest answers (YAML text) --------------------------------------------------------------
NETPOL = """# deny-egress.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: lock-down
  namespace: vault
spec:
  podSelector:
    matchLabels:
      tier: secrets
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - podSelector:
        matchLabels:
          role: reader
    ports:
    - protocol: TCP
      port: 8200
"""
ONLY_INGRESS = NETPOL.replace("  - Egress\n", "")
DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: queue
  labels: {app: queue}
spec:
  replicas: 2
  selector:
    matchLabels: {app: queue}
  template:
    metadata:
      labels: {app: queue}
    spec:
      containers:
      - name: broker
        image: rabbitmq:3.13
        env:
        - name: MODE
          value: cluster
        - name: LEVEL
          value: "3"
        resources:
          limits:
            memory: 512Mi
            cpu: 250m
      - name: exporter
        image: kbudde/rabbitmq-exporter:v1.0.0
"""
DEPLOY_REORDERED = DEPLOY.split("      containers:\n")[0] + """      containers:
      - name: exporter
        image: kbudde/rabbitmq-exporter:v1.0.0
      - image: rabbitmq:3.13
        name: broker
        resources:
          limits: {cpu: 250m, memory: 512Mi}
        env:
        - name: LEVEL
          value: "3"
        - value: cluster
          name: MODE
"""
PAIR = """# svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: queue
spec:
  selector: {app: queue}
  ports:
  - port: 5672
---
# cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: queue-cfg
data:
  size: "3"
"""
KUSTOMIZE = """# base/kustomization.yaml
resources:
- deployment.yaml
- service.yaml
---
# overlays/prod/kustomization.yaml
resources:
- ../../base
namePrefix: prod-
"""

MANIFEST_CASES = [
    (NETPOL, NETPOL, C, None),
    (NETPOL, NETPOL.replace("# deny-egress.yaml\n", ""), C, None),
    (NETPOL, NETPOL.replace("  - Ingress\n  - Egress\n", "  - Egress\n  - Ingress\n"), C, None),
    (NETPOL, NETPOL.replace("    - protocol: TCP\n      port: 8200\n", "    - port: 8200\n"), C, "protocol: TCP"),
    (NETPOL, NETPOL.replace("  policyTypes:\n  - Ingress\n  - Egress\n", ""), I,
     "spec.policyTypes: expected [Ingress, Egress], got missing"),
    (NETPOL, ONLY_INGRESS, I, "spec.policyTypes: expected [Ingress, Egress], got [Ingress]"),
    (ONLY_INGRESS, ONLY_INGRESS.replace("  policyTypes:\n  - Ingress\n", ""), C, "policyTypes: [Ingress]"),
    (NETPOL, NETPOL.replace("role: reader", "role: writer"), I,
     "spec.ingress[0].from[0].podSelector.matchLabels.role: expected reader, got writer"),
    (NETPOL, NETPOL.replace("port: 8200", "port: '8200'"), I, "port: expected 8200, got '8200'"),
    (NETPOL, NETPOL.replace("  namespace: vault\n", ""), I, "metadata.namespace: expected vault, got missing"),
    (NETPOL, NETPOL.replace("kind: NetworkPolicy", "kind: NetworkPolic"), I, "kind: expected NetworkPolicy"),
    (NETPOL, NETPOL.replace("      tier: secrets\n", "      tier: secrets\n      extra: x\n"), I,
     "spec.podSelector.matchLabels.extra: unexpected x"),
    (NETPOL, "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: lock-down\n"
             "spec:\n  podSelector:\n    matchLabels: {tier: secrets\n", U, "at line 8, column 1"),
    (NETPOL, "kubectl apply -f deny-egress.yaml", I, "expected a manifest"),
    (NETPOL, "kubectl apply -f - <<EOF\n" + NETPOL + "EOF", C, "you also applied it"),
    (DEPLOY, DEPLOY, C, None),
    # containers and env match by name, in any order
    (DEPLOY, DEPLOY_REORDERED, C, None),
    (DEPLOY, DEPLOY.replace("cpu: 250m", "cpu: 0.25").replace("memory: 512Mi", "memory: 0.5Gi"), C, None),
    (DEPLOY, DEPLOY.replace("memory: 512Mi", "memory: 512M"), I,
     "spec.template.spec.containers[name=broker].resources.limits.memory: expected 512Mi, got 512M"),
    (DEPLOY, DEPLOY.replace('value: "3"', "value: 3"), I,
     "spec.template.spec.containers[name=broker].env[name=LEVEL].value: expected '3', got 3"),
    (DEPLOY, DEPLOY.replace("replicas: 2", "replicas: 3"), I, "spec.replicas: expected 2, got 3"),
    (DEPLOY, DEPLOY.replace("- name: exporter", "- name: metrics"), I,
     "spec.template.spec.containers[name=exporter].name: expected exporter, got metrics"),
    (DEPLOY, DEPLOY.replace("      - name: exporter\n        image: kbudde/rabbitmq-exporter:v1.0.0\n", ""), I,
     "spec.template.spec.containers[name=exporter]: expected"),
    (DEPLOY, DEPLOY + "      restartPolicy: Always\n      dnsPolicy: ClusterFirst\n", C,
     "spec.template.spec.restartPolicy: Always"),
    (DEPLOY, DEPLOY + "      restartPolicy: Never\n", I,
     "spec.template.spec.restartPolicy: unexpected Never (the task leaves it to the default, Always)"),
    (DEPLOY, DEPLOY.replace("        image: rabbitmq:3.13\n",
                            "        image: rabbitmq:3.13\n        imagePullPolicy: IfNotPresent\n"), C, None),
    (DEPLOY, DEPLOY.replace("        image: rabbitmq:3.13\n",
                            "        image: rabbitmq:3.13\n        imagePullPolicy: Always\n"), I,
     "imagePullPolicy: unexpected Always (the task leaves it to the default, IfNotPresent)"),
    (DEPLOY, DEPLOY.replace("  replicas: 2\n", "  replicas: 2\n  strategy:\n    type: RollingUpdate\n"), C, None),
    (DEPLOY, DEPLOY.replace("  replicas: 2\n", "  replicas: 2\n  strategy:\n    type: Recreate\n"), I,
     "spec.strategy: unexpected {type: Recreate}"),
    (DEPLOY, DEPLOY + "status: {}\n", C, None),
    (PAIR, PAIR, C, None),
    (PAIR, PAIR.split("---\n")[1] + "---\n" + PAIR.split("---\n")[0], C, None),  # documents in any order
    (PAIR, PAIR.split("---\n")[0], I, "missing the document ConfigMap queue-cfg"),
    (PAIR, PAIR + "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: extra\n", I,
     "unexpected document Secret extra"),
    (PAIR, PAIR.replace("port: 5672", "port: 5673"), I, "Service queue: spec.ports[port=5672].port: expected 5672"),
    (PAIR, PAIR.replace("  ports:\n  - port: 5672\n", "  ports:\n  - port: 5672\n    targetPort: 5672\n"), C, None),
    (PAIR, PAIR.replace("  ports:\n  - port: 5672\n", "  ports:\n  - port: 5672\n    targetPort: 8080\n"), I,
     "Service queue: spec.ports[port=5672].targetPort: unexpected 8080"),
    (KUSTOMIZE, KUSTOMIZE, C, None),
    (KUSTOMIZE, KUSTOMIZE.replace("namePrefix: prod-", "nameSuffix: -prod"), I,
     "overlays/prod/kustomization.yaml: namePrefix: expected prod-, got missing"),
    (KUSTOMIZE, KUSTOMIZE.replace("- deployment.yaml\n- service.yaml\n", "- deployment.yaml\n"), I,
     "base/kustomization.yaml: resources: expected [deployment.yaml, service.yaml], got [deployment.yaml]"),
    # files told apart by their `# name.yaml` comment, in any order
    (KUSTOMIZE, KUSTOMIZE.split("---\n")[1] + "---\n" + KUSTOMIZE.split("---\n")[0], C, None),
    ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: <pod>\nspec:\n  containers:\n  - name: <pod>\n    image: nginx:1.27\n",
     "apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\nspec:\n  containers:\n  - name: probe\n    image: nginx:1.27\n",
     C, None),
    ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: <pod>\nspec:\n  containers:\n  - name: <pod>\n    image: nginx:1.27\n",
     "apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\nspec:\n  containers:\n  - name: other\n    image: nginx:1.27\n",
     I, "spec.containers[name=probe].name: expected probe, got other"),
    (HEREDOC_CASES[0][0], CM_YAML, I, "expected a command, got a manifest"),
]

# ---- docker and helm ---------------------------------------------------------------------------
DOCKER_BUILD = "docker build -t shop/api:2.1 -f Dockerfile.prod ."
DOCKER_RUN = "docker run -d --name api -p 8080:80 -e MODE=prod shop/api:2.1"
HELM_INSTALL = "helm install metrics prometheus-community/prometheus -n monitoring --create-namespace --set server.replicaCount=2"

TOOL_CASES = [
    (DOCKER_BUILD, "docker build --file=Dockerfile.prod --tag shop/api:2.1 .", C, None),
    (DOCKER_BUILD, "docker image build . -t shop/api:2.1 -f Dockerfile.prod", C, "`docker image build`"),
    (DOCKER_BUILD, "docker build -t shop/api:2.2 -f Dockerfile.prod .", I,
     "docker build: -t/--tag: expected shop/api:2.1, got shop/api:2.2"),
    (DOCKER_BUILD, "docker build -t shop/api:2.1 .", I, "docker build: missing --file=Dockerfile.prod"),
    (DOCKER_BUILD, "docker build -t shop/api:2.1 -f Dockerfile.prod ./api", I,
     "docker build: argument 1: expected ., got ./api"),
    (DOCKER_BUILD, "docker build -t shop/api:2.1 -f Dockerfile.prod --no-cache .", I, "docker build: unexpected --no-cache"),
    (DOCKER_RUN, "docker run --detach -e MODE=prod --publish=8080:80 --name=api shop/api:2.1", C, None),
    (DOCKER_RUN, "docker container run -d --name api -p 8080:80 -e MODE=prod shop/api:2.1", C, None),
    (DOCKER_RUN, "docker run --name api -dp 8080:80 -eMODE=prod shop/api:2.1", C, None),
    (DOCKER_RUN, "docker run --name api -p 8080:80 -e MODE=prod shop/api:2.1", I, "docker run: missing --detach"),
    (DOCKER_RUN, "docker run -d --name api -p 80:8080 -e MODE=prod shop/api:2.1", I,
     "docker run: -p/--publish: expected 8080:80, got 80:8080"),
    # after the image, the words are the container's command: flags there are not docker's
    (DOCKER_RUN, "docker run --name api -p 8080:80 -e MODE=prod shop/api:2.1 -d", I, "the container's command"),
    (DOCKER_RUN, "docker run -d --name api -p 8080:80 -e MODE=prod shop/api:2.0", I,
     "docker run: image: expected shop/api:2.1, got shop/api:2.0"),
    ("docker run --rm -it alpine:3.20 sh", "docker run -ti --rm alpine:3.20 sh", C, None),
    ("docker run --rm -it alpine:3.20 sh", "docker run -i -t --rm=true alpine:3.20 sh", C, None),
    ("docker run --rm -it alpine:3.20 sh", "docker run -it alpine:3.20 sh", I, "docker run: missing --rm"),
    ("docker run --rm -it alpine:3.20 sh", "docker run --rm -it alpine:3.20 ash", I,
     "docker run: the container's command: expected `sh`, got `ash`"),
    ("docker push registry.local:5000/shop/api", "docker push registry.local:5000/shop/api:latest", C, None),
    ("docker pull redis", "docker pull docker.io/library/redis:latest", C, None),
    ("docker pull redis", "docker pull redis:7", I, "docker pull: image: expected redis:latest, got redis:7"),
    ("docker tag shop/api:2.1 registry.local:5000/shop/api:2.1",
     "docker image tag shop/api:2.1 registry.local:5000/shop/api:2.1", C, None),
    ("docker ps -a", "docker container ls --all", C, None),
    ("docker ps -a", "docker ps", I, "docker ps: missing --all"),
    ("docker logs -f api", "docker logs --follow api", C, None),
    ("docker logs -f api", "docker logs api", I, "docker logs: missing --follow"),
    ("docker build -t shop/api:2.1 .", "podman build -t shop/api:2.1 .", I, "expected `docker`, got `podman`"),
    ("helm repo add prometheus-community https://prometheus-community.github.io/helm-charts",
     "helm repo add prometheus-community https://prometheus-community.github.io/helm-charts", C, None),
    ("helm repo add prometheus-community https://prometheus-community.github.io/helm-charts",
     "helm repo add prom https://prometheus-community.github.io/helm-charts", I,
     "helm repo add: argument 1: expected prometheus-community, got prom"),
    ("helm repo update", "helm repo up", I, "helm: expected `helm repo update`, got `helm repo up`"),
    (HELM_INSTALL, "helm install metrics prometheus-community/prometheus --create-namespace "
                   "--namespace=monitoring --set server.replicaCount=2", C, None),
    (HELM_INSTALL, "helm -n monitoring install --set=server.replicaCount=2 metrics "
                   "prometheus-community/prometheus --create-namespace", C, None),
    (HELM_INSTALL, "helm install metrics prometheus-community/prometheus -n monitoring --set server.replicaCount=2",
     I, "helm install: missing --create-namespace"),
    (HELM_INSTALL, "helm install metrics prometheus-community/prometheus -n monitor --create-namespace "
                   "--set server.replicaCount=2", I, "helm install: -n/--namespace: expected monitoring, got monitor"),
    (HELM_INSTALL, "helm upgrade --install metrics prometheus-community/prometheus -n monitoring --create-namespace "
                   "--set server.replicaCount=2", I, "helm: expected `helm install`, got `helm upgrade`"),
    ("helm upgrade metrics prometheus-community/prometheus --set a=1 --set b=2",
     "helm upgrade metrics prometheus-community/prometheus --set a=1,b=2", C, None),
    ("helm upgrade metrics prometheus-community/prometheus -f base.yaml -f prod.yaml",
     "helm upgrade metrics prometheus-community/prometheus --values prod.yaml --values base.yaml", I,
     "helm upgrade: -f/--values: expected base.yaml prod.yaml, got prod.yaml base.yaml"),
    ("helm rollback metrics 3", "helm rollback metrics 2", I, "helm rollback: argument 2: expected 3, got 2"),
    ("helm uninstall metrics -n monitoring", "helm delete metrics --namespace monitoring", C, "`helm delete`"),
    ("helm list -A", "helm ls --all-namespaces", C, None),
    ("helm install <release> bitnami/redis", "helm install cache bitnami/redis", C, None),
    # a sequence mixing tools
    ("docker build -t shop/api:2.1 .\ndocker push shop/api:2.1",
     "docker build . -t shop/api:2.1 && docker push shop/api:2.1", C, None),
    ("docker build -t shop/api:2.1 .\ndocker push shop/api:2.1", "docker build -t shop/api:2.1 .", I,
     "missing command 2: docker push shop/api:2.1"),
]
