"""Made-up page parts for the card rules (issue 8), shaped unlike week 6 (see COURSE-FORMAT.md).

Each constant is one section body; ``course.pages.page`` puts them into a whole page.
"""

from __future__ import annotations

# Class 1 + 2: context stated once in a lead-in, "it" for an object of task 1, a throwaway pod,
# a sequence under one marker, a "# Or" alternative and a heredoc; answers in the Solution Key (B).
DRILL_CONTEXT = """All tasks run in namespace `shop`. Aliases are fine.

1. Create a deployment `api` running `httpd`
2. Scale it to 4 replicas
3. Start a throwaway pod and fetch the Service `api` by name
4. Create namespace `quota-lab`, then a ResourceQuota `rq` in it that allows 5 pods
5. Make the deployment's pods carry the label `tier=back`
6. Load the ConfigMap `cfg` from a manifest on stdin
"""

SOLUTIONS_CONTEXT = """### Challenge 1: Run it

```bash
kubectl run web --image=nginx
```

### Speed drill reference

```bash
# 1
kubectl create deployment api --image=httpd -n shop
# 2
kubectl scale deployment api --replicas=4 -n shop
# 3
kubectl run probe --image=curlimages/curl -n shop --rm -it --restart=Never -- curl -s api
# 4
kubectl create namespace quota-lab
kubectl create quota rq -n quota-lab --hard=pods=5
# 5
kubectl label pods -l app=api tier=back -n shop
# Or change the template:
kubectl patch deployment api -n shop -p '{"spec":{"template":{"metadata":{"labels":{"tier":"back"}}}}}'
# 6
kubectl apply -n shop -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  mode: fast
EOF
```
"""

# Class 3: steps with no kubectl line; class 4: a drill with no answers that the tutorial does.
TUTORIAL_TOOLS = """Each step builds on the last.

### 1. A pod that runs as non-root

Save as `secure.yaml`:

```yaml
apiVersion: v1
kind: Pod
metadata:
  name: secure
spec:
  securityContext:
    runAsUser: 1000
  containers:
  - name: app
    image: busybox
```

### 2. Create the API deployment

```bash
kubectl create deployment api --image=httpd
```

### 3. Build and run the image

```bash
docker build -t shop/api:1.2 .
docker run -d -p 8080:80 shop/api:1.2
```

### 4. Install the chart

```bash
helm repo add bitnami https://charts.bitnami.com/bitnami
helm install cache bitnami/redis --set replica.replicaCount=2
```

### 5. Why the overlay wins

Kustomize applies the overlay's patches on top of the base, so the overlay's values win.

### 6. Base and overlay

```yaml
# base/kustomization.yaml
resources:
- deployment.yaml
```

```yaml
# overlays/prod/kustomization.yaml
resources:
- ../../base
namePrefix: prod-
```

### 7. (left for later)
"""

DRILL_BORROW = """1. Create deployment `api` with image httpd
2. Delete the namespace `scratch`
3. Roll back deployment `api`
"""

# Class 5 + 6: example names, inflections, number words, enumerations, an intro sentence, a
# "X — does Y" list, bold topics that are advice, a definition ending at a colon.
CONCEPT_CLOZES = """This week covers the scheduler, quotas and a little RBAC.

A ResourceQuota caps what a namespace may use, for example `team-a` may run 10 pods. Each namespace has at most one ResourceQuotas object that matters here, and quotas count two kinds of things.

Labels such as `env=staging` pick objects; a StatefulSet names its pods `db-0`, `db-1` and so on. The `kubectl get pods --show-labels` command lists them.

Requests are checked at admission, limits at runtime, and probes every 10 seconds by default.

The control plane has four parts:

- **kube-apiserver** — serves the API and validates every object
- **Scheduler** — picks the node for a new Pod
- **etcd** — stores the cluster state as key-value pairs
- **controller-manager** — runs the loops that move actual state toward desired state

**Time management.** Spend the first ten minutes on the quick tasks and flag the long ones.

**The Kubelet** is the agent on every node that starts the containers of its Pods.

**PodDisruptionBudget** — limits how many Pods of a set may be down at once during:

- node drains
- cluster upgrades
"""

PITFALLS_LINT = """- **Old flags** — `kubectl run` no longer takes `--requests`.
"""

DRILL_LINT = """1. Run pod `big` asking for one CPU: `kubectl run big --image=nginx --requests=cpu=1`
2. List pods: `kubectl get pods`
3. Check `kubectl auth can-i create pods --as=jane`
"""

PITFALLS_GIVEAWAY = """- **Forgetting the namespace** — Commands run in `default` unless you pass `-n`.
- **Always pass the namespace with every command** — Always pass the namespace with every command.
"""
