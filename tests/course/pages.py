"""Made-up course pages (shapes from COURSE-FORMAT.md, not the course's text)."""

from __future__ import annotations

FRONT = """---
title: Week 3 — Pods & Config: the basics
permalink: /weeks/03-pods-and-config/
parent: "Phase 1 — Foundations"
nav_order: 2
---
"""

CONCEPT_PLAIN = """A Pod is the smallest deployable unit. It wraps 1 or more containers.

Probes run every 10 seconds by default."""

TUTORIAL_PLAIN = """### 1. Run a pod

```bash
kubectl run web --image=nginx
```"""

LAB_PLAIN = """### Challenge 1: Run it

**Scenario:** Run a pod called `web`.

**Success criteria:** `kubectl get pod web` shows Running."""

SOLUTIONS_PLAIN = """### Challenge 1: Run it

```bash
kubectl run web --image=nginx
```"""

PITFALLS_PLAIN = """- **Forgetting the namespace** — Add `-n <namespace>` to every command."""

DRILL_PLAIN = """1. Run a pod `web` with nginx
2. Delete the pod `web`

**Commands:**

```bash
# 1
kubectl run web --image=nginx
# 2
kubectl delete pod web
```"""


def page(*, front: str = FRONT, h1: str = "# Week 3: Pods", concept: str = CONCEPT_PLAIN,
         tutorial: str = TUTORIAL_PLAIN, lab: str = LAB_PLAIN, drill: str = DRILL_PLAIN,
         pitfalls: str = PITFALLS_PLAIN, solutions: str = SOLUTIONS_PLAIN, rule: str = "---\n\n") -> str:
    """A page with the six sections in order; ``rule`` is what sits before each section."""
    parts = [front, h1, ""]
    for title, body in (("The Concept", concept), ("Beginner Tutorial", tutorial), ("Hands-On Lab", lab),
                        ("Weekly Speed Drill", drill), ("Exam Pitfalls", pitfalls), ("Solution Key", solutions)):
        parts.append(f"{rule}## {title}\n\n{body}\n")
    return "\n".join(parts)


# --- The Concept: every lead-in style, lists, sub-topics, pseudo-headings, mermaid -----------------
CONCEPT_LEADINS = """This week is about configuration.

**What is a ConfigMap?** A ConfigMap holds non-secret settings as key-value pairs, up to 1 MiB.

**Secret** — base64-encoded data, mounted at `/etc/secret` or read as env vars.

**Volume:** a directory that outlives container restarts.

**Probe.** A check the kubelet runs every `periodSeconds` (default 10).

**Namespace**: a scope for names; `kube-system` holds cluster parts.

**Requests** is the amount of CPU the scheduler reserves, e.g. `cpu: 250m`.

A **Pod** is the smallest unit; its containers share an IP.

```mermaid
graph LR
  A[kubectl apply] --> B[API server]
```

There are three restart policies:
- `Always` (the default)
- `OnFailure`
- `Never`

1. **`kubectl get`** — lists resources of a kind.
2. **`kubectl describe`** — shows events and details.

---

### Ports

NodePorts live in 30000–32767 and every Service gets `<svc>.<ns>.svc.cluster.local`.

**Labels**

Selectors pick Pods by labels such as `app=web`.

**What is a DaemonSet?**

One Pod per node, for agents like log shippers."""

# --- Beginner Tutorial: every body shape ------------------------------------------------------------
TUTORIAL_SHAPES = """Work through these in order.

### 1. Create a namespace — `dev`

```bash
# make the namespace
kubectl create namespace dev
```

### 2. Apply a manifest

```mermaid
graph LR
  U[kubectl apply -f web.yaml] --> API
```

```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
---
apiVersion: v1
kind: Service
metadata:
  name: web
```

```bash
kubectl apply -f web.yaml
```

### 3. Same YAML twice

```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  mode: fast
```

```bash
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  mode: fast
EOF
```

### 4. Variants

**Option A: imperative**

```bash
kubectl create configmap app --from-literal=mode=fast
```

**Option B: from a file**

```bash
kubectl create configmap app --from-file=app.properties
```

### 5. Check the output
Expected output:
```
NAME   READY   STATUS
web    1/1     Running
```
```bash
kubectl get pods
```

### 6. Remark only

```yaml
apiVersion: v1
kind: Namespace
metadata:
  name: prod
```

Apply with `kubectl apply -f ns.yaml`.

### 7. No code at all

Run `kubectl get events --sort-by=.metadata.creationTimestamp` and read the last lines.

- `kubectl top pod`
- `kubectl top node`

### 8.

### 9. Only minikube

```bash
minikube start
```

### 10. Image names are not commands

```bash
kubectl run tool --image=bitnami/kubectl -- sleep 3600
```

```yaml
spec:
  containers:
  - image: bitnami/kubectl
```"""

# --- Hands-On Lab + Solution Key: heading shapes, drifting titles, extra entries ------------------
LAB_SHAPES = """### Challenge 1: "Quoted title" (6 min)

**Scenario:** Create a ConfigMap `app` with `mode=fast`.

**Success criteria**: the pod prints `fast`.

<details>
<summary>Hints</summary>

- Use `--from-literal`.

- Mount it as env.
</details>

### Question 2 (Weight: 7%) — "Fix the Service"

A Service selects nothing. Make it select the `web` Pods.

**Success criteria:**
- `kubectl get ep web` lists 2 addresses
- curl works

<details><summary>Hints</summary>

- Compare labels.
</details>

### Challenge 3: Context only

**Context:** a team shares namespace `shared`.

**Task:** limit it to 2 pods."""

SOLUTIONS_SHAPES = """All solutions below.

### Challenge 1: Quoted title

**Fix:**

```bash
kubectl create configmap app --from-literal=mode=fast
```

**Verify:** `kubectl get cm app -o yaml`

### Question 2 — Fix the Service

```mermaid
graph TD
  kubectl --> svc
```

**Diagnosis:**

```bash
kubectl get ep web
# <none>
```

Or edit: `kubectl edit svc web`

**Alternative — patch:**

```bash
kubectl patch svc web -p '{"spec":{"selector":{"app":"web"}}}'
```

### 3. Context only

```yaml
# quota.yaml
apiVersion: v1
kind: ResourceQuota
metadata:
  name: pods
spec:
  hard:
    pods: "2"
---
# other.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shared
```

```bash
kubectl apply -f quota.yaml -n shared
```

*Next: Week 4 — Deployments*"""

# --- Exam Pitfalls: every item shape -----------------------------------------------------------------
PITFALLS_SHAPES = """Watch out for these.

- **Forgetting `-n <namespace>`** — Commands run in `default` unless you say otherwise.
- **Editing a running Pod:** most fields are immutable; delete and recreate.
- **Always read the whole question first.** Points hide in the last sentence.
- **Never guess** field names when `kubectl explain` is right there.
- **Networking**: a Service without endpoints means the selector is wrong.
- **Networking**: NodePort ranges are fixed at 30000–32767.
- A plain bullet with no bold at all. It still teaches something.
- **Probes need the right port** — A wrong port restarts the container forever:

```yaml
livenessProbe:
  httpGet:
    port: 8080
```

That snippet probes 8080 even when the app listens on 80."""

# --- Weekly Speed Drill answer shapes ---------------------------------------------------------------
DRILL_A = """Ten tasks, against the clock.

1. Create namespace `dev`
2. Run pod `web` with 3 replicas in mind
3. Scale deployment `web` to 3 replicas
4. Get the logs of `web` with `-c busybox`
5. Create a secret and read it back
6. Use `--rm` to run a throwaway pod
7. Patch the service selector

**Commands (for self-check):**

```bash
# 1
kubectl create namespace dev
# 2
kubectl run web --image=nginx
# 3 replicas
# 3
kubectl scale deployment web --replicas=3

# 4
# the container flag picks one container
kubectl logs web -c busybox
# 5
kubectl create secret generic s --from-literal=k=v
kubectl get secret s -o jsonpath='{.data.k}' | base64 -d
# 6
kubectl run tmp --image=busybox --rm -it --restart=Never -- sh
# 7
kubectl patch svc web -p '{
  "spec": {"selector": {"app": "web"}}
}'
```"""

DRILL_B = """Use the aliases below; answers are in the Solution Key.

1. List pods in all namespaces
2. Describe the service `web`

### Aliases

```bash
alias k=kubectl
k get po
```

### Shell completion

1. Install bash completion
2. Source it

```bash
source <(kubectl completion bash)
complete -F __start_kubectl k
```"""

SOLUTIONS_B = SOLUTIONS_PLAIN + """

### Speed Drill (reference)

```bash
# 1
kubectl get pods -A
# 2
kubectl describe svc web
```"""

DRILL_C = """1. Create a ConfigMap from a file
2. Mount it as a volume"""

DRILL_D = """1. Get logs of a container: `kubectl logs <pod> -c <c>`
2. Open a shell: `kubectl exec -it <pod> -- sh` (needs a shell in the image)
3. Show pod labels: `kubectl get pods --show-labels` or `kubectl get po --show-labels`
4. Use `kubectl expose` to create a service: `kubectl expose deployment web --port=80`
5. Delete it now: `kubectl delete pod web --now`.
6. Think about why probes fail
7. Check `kubectl auth can-i create pods --as=jane`
8. Recreate the service using `kubectl expose`
9. Make namespace `q`, then a quota in it: `kubectl create namespace q` then `kubectl create quota q1 --hard=pods=2 -n q`"""

DRILL_E = """1. Create deployment `web`
2. Expose it on port 80
3. Scale it to 3
4. Apply a pod from a heredoc"""

SOLUTIONS_E = SOLUTIONS_PLAIN + """

### Weekly Speed Drill answers

```bash
kubectl create deployment web --image=nginx
kubectl expose deployment web --port=80

kubectl scale deployment web --replicas=3
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: tool
spec:
  containers:
  - name: tool
    image: bitnami/kubectl
EOF
```"""

DRILL_F = """1. `k get po -A -o wide`
2. `k describe svc web -n prod`
3. `k logs web -c sidecar --previous`."""

TUTORIAL_HIDDEN = """### 1. Warm-up drill

Try these without looking:

1. List the nodes
2. Show the pod `web` as YAML
3. Restart the deployment

<details>
<summary>Answers</summary>

1. `kubectl get nodes`
2. `kubectl get pod web -o yaml`
3. `kubectl rollout restart deployment web` then `kubectl rollout status deployment web`
</details>

### 2. Run a pod

```bash
kubectl run web --image=nginx
```"""
