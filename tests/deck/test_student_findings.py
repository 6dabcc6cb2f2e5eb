"""Defects found by studying made-up weeks 3 and 9 (tests/student/weeks) as a student would.

Each test uses a page shaped differently from the week where the defect showed (COURSE-FORMAT.md
shapes), so the rule holds for pages nobody has seen, not for one page.
"""

from __future__ import annotations

from drills.course import read_week
from drills.deck.build import build_deck
from drills.kubectl import check
from drills.kubectl.answer_lint import lint

from course.pages import page


def build(**parts):
    return build_deck(read_week(page(**parts), "03-x.md"), lint=lint)


def card(result, card_id):
    return next(c for c in result.deck.cards if c.id == card_id)


def warnings(result):
    return [n.message for n in result.notices]


# --- class 1: every value the grader requires is on the front -----------------------------------

def test_a_namespace_inside_another_value_is_not_a_stated_namespace():
    # Found as `--as=system:serviceaccount:sec:builder -n sec` (marker block); here an inline answer.
    drill = ("1. Ask whether `system:serviceaccount:ops:ci` may list secrets: "
             "`kubectl auth can-i list secrets --as=system:serviceaccount:ops:ci -n ops`\n"
             "2. List pods: `kubectl get pods`\n")
    result = build(drill=drill)
    front = card(result, "w03.command.01").front
    assert "namespace `ops`" in front
    assert not [w for w in warnings(result) if "w03.command.01" in w and "not on the front" in w]
    # the grader does require it: a student told nothing would fail
    assert check(card(result, "w03.command.01").answers,
                 "kubectl auth can-i list secrets --as=system:serviceaccount:ops:ci").status == "incorrect"


def test_values_inside_a_json_patch_continue_the_object_an_earlier_step_made():
    # Found in a drill's --overrides; here a tutorial step's patch.
    tutorial = """### 1. An identity for the app

```bash
kubectl create serviceaccount deployer
kubectl create deployment api --image=httpd
```

### 2. Run the app as that identity

```bash
kubectl patch deployment api -p '{"spec":{"template":{"spec":{"serviceAccountName":"deployer"}}}}'
```
"""
    result = build(tutorial=tutorial)
    front = card(result, "w03.step.02").front
    assert "service account `deployer` from step 1" in front
    assert card(result, "w03.step.02").depends_on == ["w03.step.01"]


def test_a_number_inside_another_number_is_not_stated():
    # Found as helm `rollback shop 1` next to `image.tag=1.26`; here a chart version and a drill.
    drill = """1. Upgrade release `cache` to chart `bitnami/redis` version 17.3.2
2. Roll release `cache` (now on 17.3.2) back to an earlier revision

**Commands:**

```bash
# 1
helm upgrade cache bitnami/redis --version 17.3.2
# 2
helm rollback cache 3
```
"""
    result = build(drill=drill)
    front = card(result, "w03.command.02").front
    assert "3" in front.replace("17.3.2", "")
    assert check(card(result, "w03.command.02").answers, "helm rollback cache 4").status == "incorrect"


def test_an_object_named_like_a_common_word_is_still_a_name():
    # Found as a pod `whoami`; here a pod `test` made in task 1 and used as "it" in task 2.
    drill = """1. Run a pod `test` with busybox that sleeps: `kubectl run test --image=busybox -- sleep 600`
2. Show its logs: `kubectl logs test`
"""
    result = build(drill=drill)
    front = card(result, "w03.command.02").front
    assert "pod `test` from task 1" in front
    assert card(result, "w03.command.02").depends_on == ["w03.command.01"]


def test_a_helm_release_does_not_continue_a_deployment_of_the_same_name():
    # Found in a helm step after a Deployment step; here a drill (A markers).
    drill = """1. Create deployment `cache` with image redis
2. Install chart `bitnami/redis` as a release

**Commands:**

```bash
# 1
kubectl create deployment cache --image=redis
# 2
helm install cache bitnami/redis
```
"""
    front = card(build(drill=drill), "w03.command.02").front
    assert "deployment `cache`" not in front
    assert "release `cache`" in front


def test_the_word_after_a_docker_value_flag_is_its_value_not_the_image():
    tutorial = """### 1. Run the app as a user

```bash
docker run -d -w /srv --user 1000 node:20 npm start
```
"""
    front = card(build(tutorial=tutorial), "w03.step.01").front
    assert "image `node:20`" in front
    assert "image 1000" not in front and "user 1000" in front


# --- class 5: clozes hide facts, not examples or a position in a list ---------------------------

def test_no_cloze_hides_one_item_of_an_and_or_list_first_and_last_included():
    # Found as "`=`, `==` and `!=`" after a bold lead-in; here plain prose with four items.
    concept = ("Node affinity rules use the operators `In`, `NotIn`, `Exists` and `DoesNotExist`; "
               "a preferred rule's weight ranges from 1–100.")
    result = build(concept=concept)
    backs = {c.back for c in result.deck.cards if c.cloze is not None}
    assert "1–100" in backs
    assert not backs & {"`In`", "`NotIn`", "`Exists`", "`DoesNotExist`"}


def test_no_cloze_hides_anything_in_a_sentence_that_opens_with_an_example_cue():
    # Found as "For example, `env=staging` …, and `tier in (web, api)` …"; here "E.g." and values.
    concept = ("A Secret stores its values base64-encoded under `data`. E.g. `password: cGFzcw==` decodes "
               "to `pass`, and `user: YWRtaW4=` decodes to `admin`.")
    backs = {c.back for c in build(concept=concept).deck.cards if c.cloze is not None}
    assert "`data`" in backs
    assert not backs & {"`pass`", "`user: YWRtaW4=`", "`admin`", "`password: cGFzcw==`"}


def test_a_symbol_only_fact_keeps_its_id_when_another_blank_is_added():
    before = "In a field selector, `!=` excludes the objects whose field has that value."
    after = "In a field selector, `==` is the same as a single equals sign, and `!=` excludes the objects whose field has that value."

    def star_id(concept):
        return next(c.id for c in build(concept=concept).deck.cards if c.back == "`!=`")

    assert star_id(before) == star_id(after)
    assert not star_id(before).endswith(".c-x")


# --- class 6: generated text is whole and grammatical --------------------------------------------

def test_a_plural_bold_term_defined_by_a_singular_sentence_is_asked_in_the_singular():
    # Found as "**Deployments.** A Deployment manages …"; here an em-dash lead-in.
    result = build(concept="**ConfigMaps** — A ConfigMap holds non-secret configuration as key-value pairs.")
    fronts = [c.front for c in result.deck.cards if c.id.endswith(".def")]
    assert fronts == ["What is a ConfigMap?"]
    assert not [w for w in warnings(result) if "ungrammatical" in w]


PITFALLS_ONE_STATEMENT = """Common traps:

1. **Networking**: `kubectl port-forward svc/web 8080:80` blocks the terminal until you press Ctrl+C.
2. **Networking**: a Service without endpoints accepts connections and then drops them.
3. **Exposing a Deployment twice**: the second `kubectl expose` needs its own `--name`.
4. A Job's Pod template needs `restartPolicy: Never` or `OnFailure`, never the default `Always`.
5. **Secrets are only base64-encoded, not encrypted, unless the cluster enables encryption at rest.**
"""


def test_pitfall_fronts_are_whole_and_never_state_their_answer():
    # Found with bullet items; here a numbered list, category words, a comma-split plain sentence
    # and a bold statement with nothing after it.
    result = build(pitfalls=PITFALLS_ONE_STATEMENT)
    pitfalls = [c for c in result.deck.cards if c.kind == "pitfall"]
    assert len(pitfalls) == 5
    for c in pitfalls:
        assert c.front.count("`") % 2 == 0, c.front  # never cut inside a code span
        assert c.front.strip() != c.back.strip()
    assert pitfalls[2].front == "Exposing a Deployment twice"  # a unique title is the whole front
    assert not [w for w in warnings(result) if "pitfall" in w]


def test_a_version_or_a_namespaced_account_stated_whole_needs_nothing_more():
    drill = """1. Create deployment `web` with image `nginx:1.25.3`: `kubectl create deployment web --image=nginx:1.25.3`
2. Bind role `reader` to account `default:robot`: `kubectl create rolebinding rb --role=reader --serviceaccount=default:robot`
"""
    result = build(drill=drill)
    assert not [w for w in warnings(result) if "not on the front" in w]
    assert "use:" not in card(result, "w03.command.01").front


# --- class 3: every tutorial step is there, whole, in page order ---------------------------------

TUTORIAL_CHOICES = """### 1. Point the Service at the new Pods

For kind:

```bash
kubectl label pods -l app=web track=new
```

Alternatively, patch it:

```bash
kubectl patch svc web -p '{"spec":{"selector":{"track":"new"}}}'
```
"""


def test_a_label_above_a_block_stays_with_its_block_and_off_the_front():
    # Found as "**Option A/B:**" bold labels; here plain-prose labels ("For kind:", "Alternatively, …:").
    step = card(build(tutorial=TUTORIAL_CHOICES), "w03.step.01")
    assert "Alternatively" not in step.front and "For kind" not in step.front
    back = step.back
    assert back.index("For kind:") < back.index("kubectl label") < back.index("Alternatively, patch it:") \
        < back.index("kubectl patch")
    assert len(step.answers) == 2  # the choice is still two accepted answers


TUTORIAL_KUSTOMIZE = """### 1. Base and production overlay

**base/kustomization.yaml**:

```yaml
resources:
- deployment.yaml
```

**overlays/prod/kustomization.yaml**:

```yaml
resources:
- ../../base
replicas:
- name: web
  count: 5
```

```bash
kubectl apply -k overlays/prod
```
"""


def test_kustomization_files_are_a_manifest_to_write_even_next_to_a_command():
    # Found with `# file` comments and `kubectl kustomize`; here files named by bold labels and `apply -k`.
    result = build(tutorial=TUTORIAL_KUSTOMIZE)
    written = card(result, "w03.step.01.yaml")
    assert "resources:\n- ../../base" in written.answers[0] and "count: 5" in written.answers[0]
    assert "`base/kustomization.yaml`" in written.front and "`overlays/prod/kustomization.yaml`" in written.front
    assert card(result, "w03.step.01").answers == ["kubectl apply -k overlays/prod"]


def test_a_kustomize_directory_is_a_value_the_front_gives():
    # Found with `kubectl kustomize overlays/dev` ("use: value …"); here `apply -k`, said nowhere.
    result = build(tutorial=TUTORIAL_KUSTOMIZE)
    assert "directory `overlays/prod`" in card(result, "w03.step.01").front
    assert not [w for w in warnings(result) if "not on the front" in w]


def test_a_table_keeps_its_rows():
    # Found in a tutorial step; here in The Concept.
    concept = """Job fields and their defaults:

| Field | Default |
|---|---|
| `backoffLimit` | 6 |
| `completions` | 1 |
"""
    texts = [c.front + "\n" + c.back for c in build(concept=concept).deck.cards]
    assert any("\n| `backoffLimit` | 6 |\n| `completions` | 1 |" in t.replace("[...]", "`backoffLimit`")
               or "| `backoffLimit` | 6 |" in t for t in texts)
    assert not any("|---|" in t for t in texts)


def test_a_note_in_a_block_quote_is_kept_and_is_not_a_term():
    # Found in a tutorial step; here in The Concept and in a challenge.
    concept = """A Namespace scopes names: two objects of one kind may share a name in different namespaces.

> **Tip:** `kubectl config set-context --current --namespace=dev` saves typing `-n dev`.
"""
    lab = """### Challenge 1: Clean up

Remove everything the lab made.

> **Warning:** deleting a namespace deletes every object in it.
"""
    result = build(concept=concept, lab=lab)
    texts = "\n".join(c.front + "\n" + c.back for c in result.deck.cards)
    assert "saves typing" in texts
    assert "deletes every object in it" in card(result, "w03.challenge.01").front
    assert not [c for c in result.deck.cards if "What is a Tip" in c.front]


TUTORIAL_DRILL_ONLY = """### 1. Run a pod

```bash
kubectl run web --image=nginx
```

### 2. Practice round

1. Delete the pod `web`
2. Run it again with image `httpd`

<details>
<summary>Solutions</summary>

1. `kubectl delete pod web`
2. `kubectl run web --image=httpd`

</details>
"""


def test_a_step_that_is_only_a_drill_gives_its_tasks_and_no_explain_card():
    result = build(tutorial=TUTORIAL_DRILL_ONLY)
    ids = {c.id for c in result.deck.cards}
    assert {"w03.command.s02.01", "w03.command.s02.02"} <= ids
    assert "w03.concept.s02" not in ids
    assert not [w for w in warnings(result) if "step 2" in w]


# --- class 1: free values, wherever the flags sit -------------------------------------------------

def test_a_throwaway_pod_is_free_when_flags_come_before_its_name():
    # Found as `kubectl run -it --rm debug …` and `kubectl -n shop run tmp …` in a made-up drill; here
    # inline answers (shape D) and a tutorial step.
    drill = ("1. From a throwaway pod, fetch `http://api:8080`: "
             "`kubectl run -i --tty --rm probe --image=busybox:1.36 --restart=Never -- wget -qO- http://api:8080`\n"
             "2. List pods: `kubectl get pods`\n")
    tutorial = """### 1. Look up the Service from inside namespace `shop`

```bash
kubectl -n shop run dns --rm -it --image busybox -- nslookup api
```
"""
    result = build(drill=drill, tutorial=tutorial)
    task, step = card(result, "w03.command.01"), card(result, "w03.step.01")
    for c, typed in ((task, "kubectl run x --rm -it --image=alpine --restart=Never -- wget -qO- http://api:8080"),
                     (step, "kubectl run y -n shop --rm -it --image=alpine -- nslookup api")):
        assert check(c.answers, typed).status == "correct", (c.id, c.answers)
        assert "probe" not in c.front and "`dns`" not in c.front


def test_code_span_and_dash_list_items_are_one_fact_each():
    # Found as "**Quality of Service.** … one of:" + "- `Guaranteed` — …"; here a plain lead-in.
    concept = """A Pod's `restartPolicy` decides what the kubelet does when a container exits:

- `Always` — restarts it whatever the exit code
- `OnFailure` — restarts it only after a non-zero exit code
- `Never` — leaves it stopped
"""
    cards = [c for c in build(concept=concept).deck.cards if c.back in ("`Always`", "`OnFailure`", "`Never`")]
    assert len(cards) == 3
    for c in cards:
        others = {"`Always`", "`OnFailure`", "`Never`"} - {c.back}
        assert not any(o in c.front for o in others), c.front  # no pick by elimination
    assert len({c.group for c in cards}) == 1


def test_the_use_note_says_what_each_value_is_and_never_gives_the_removal_dash():
    # Found as "use: value `list`, value `pods`" and "value `env-`" in steps; here a drill (shape A).
    drill = """1. Verify your access in the namespace, then relabel it

**Commands:**

```bash
# 1
kubectl auth can-i create jobs -n dev
kubectl label ns dev team=a
kubectl label ns dev tier-
```
"""
    result = build(drill=drill)
    front = card(result, "w03.command.01").front
    assert not [w for w in warnings(result) if "not on the front" in w]
    assert "value `" not in front
    assert "verb `create`" in front and "resource `jobs`" in front
    assert "label `team=a`" in front and "label to remove `tier`" in front and "`tier-`" not in front


# --- class 4: a borrowed answer does exactly the task, values included ----------------------------

def test_a_command_with_other_values_than_the_task_states_is_not_borrowed():
    # Found with tutorial commands (replicas, image); here a Solution Key command and a quota.
    lab = """### Challenge 1: Cap the team

Limit namespace `team` to 10 pods.
"""
    solutions = """### Challenge 1: Cap the team

```bash
kubectl create quota rq --hard=pods=10 -n team
```
"""
    drill = """1. Create ResourceQuota `rq` in namespace `team` allowing 4 pods
2. Create ResourceQuota `rq` in namespace `team` allowing 10 pods
"""
    result = build(lab=lab, solutions=solutions, drill=drill)
    assert card(result, "w03.command.01").self_graded  # 4 pods: the page never does that task
    assert card(result, "w03.command.02").answers == ["kubectl create quota rq --hard=pods=10 -n team"]
    assert "(from the Solution Key of challenge 1)" in card(result, "w03.command.02").back


# --- class 2: sequences stay whole when answers are paired by order -------------------------------

def test_unmarked_solution_answers_with_more_commands_than_tasks_pair_by_blank_line_group():
    # Found with a namespace + quota task first; here the two-command task is in the middle and the
    # last answer is a `cat <<EOF | kubectl apply -f -` heredoc.
    from course.pages import SOLUTIONS_PLAIN

    drill = """1. List nodes
2. Create a pod `web` with nginx and expose it on port 80
3. Apply ConfigMap `c` with `k=v` from stdin
"""
    solutions = SOLUTIONS_PLAIN + """

### Speed drill solutions

```bash
kubectl get nodes

kubectl run web --image=nginx
kubectl expose pod web --port=80

cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  k: v
EOF
```
"""
    result = build(drill=drill, solutions=solutions)
    assert card(result, "w03.command.01").answers == ["kubectl get nodes"]
    assert card(result, "w03.command.02").answers == ["kubectl run web --image=nginx\nkubectl expose pod web --port=80"]
    assert card(result, "w03.command.03").answers[0].startswith("cat <<EOF | kubectl apply -f -\napiVersion: v1")
    assert not [w for w in warnings(result) if "paired in order" in w]


def test_a_step_instruction_that_spells_its_command_keeps_the_instruction_not_the_command():
    # Found as a code-less step ("Record who owns the Pod with `kubectl annotate …`."); here prose
    # above a block.
    tutorial = """### 1. Recover from a bad image

If the new image fails, roll back with `kubectl rollout undo deployment/api` and check the result.

```bash
kubectl rollout status deployment/api
```
"""
    step = card(build(tutorial=tutorial), "w03.step.01")
    assert "If the new image fails, roll back with … and check the result." in step.front
    assert "rollout undo" not in step.front


def test_a_cloze_is_not_given_away_by_a_compound_name_that_contains_it():
    # Found as **Role** next to ClusterRole/RoleBinding; here plain prose ("A Secret is …").
    concept = ("A Secret is an object that holds a small amount of sensitive data, read through "
               "`secretKeyRef`; a SecretStore from an operator may fill it.")
    result = build(concept=concept)
    backs = {c.back for c in result.deck.cards if c.cloze is not None}
    assert "Secret" not in backs  # still shown inside SecretStore
    assert "`secretKeyRef`" in backs
    assert not [w for w in warnings(result) if "given away" in w]


def test_a_drill_inside_a_step_continues_what_earlier_steps_made():
    tutorial = """### 1. Create the API

```bash
kubectl create deployment api --image=httpd
```

### 2. Quick practice

1. Scale it to 4 replicas
2. Expose it on port 80

<details>
<summary>Answers</summary>

1. `kubectl scale deployment api --replicas=4`
2. `kubectl expose deployment api --port=80`

</details>
"""
    result = build(tutorial=tutorial)
    first = card(result, "w03.command.s02.01")
    assert "deployment `api` from step 1" in first.front
    assert first.depends_on == ["w03.step.01"]


def test_a_code_span_cloze_is_given_away_by_a_longer_code_span_that_starts_with_it():
    # Found as `kubectl create role` next to `kubectl create rolebinding`; here two volume fields.
    concept = ("A volume mount with `subPath` mounts one file of the volume; `subPathExpr` expands "
               "environment variables in that path, and `readOnly: true` makes the mount read-only.")
    backs = {c.back for c in build(concept=concept).deck.cards if c.cloze is not None}
    assert "`subPath`" not in backs
    assert "`subPathExpr`" in backs


def test_what_a_workload_runs_is_a_value_even_when_it_is_a_common_tool():
    # Found as `kubectl create cronjob tick … -- date` in a step; here a drill task (shape D) and a Job.
    drill = ('1. Create a Job `who` with busybox: `kubectl create job who --image=busybox -- hostname`\n'
             '2. List jobs: `kubectl get jobs`\n')
    result = build(drill=drill)
    assert "container command `hostname`" in card(result, "w03.command.01").front
    assert not [w for w in warnings(result) if "not on the front" in w]


def test_an_intro_of_several_sentences_about_the_page_is_no_card():
    # Found with a one-sentence intro (dropped) next to two-sentence ones (kept); here "Welcome …".
    concept = ("Welcome to the security week! It is a big topic, so take it slowly and repeat the drill.\n\n"
               "A Role is a set of permission rules in one namespace.")
    cards = [c for c in build(concept=concept).deck.cards if c.kind == "concept"]
    assert not [c for c in cards if "Welcome" in c.front or "big topic" in c.front]
    assert [c.front for c in cards if c.id.endswith(".def")] == ["What is a Role?"]
