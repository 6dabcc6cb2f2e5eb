"""The refusal policy: hostile answers run nothing (every process the runner would start is recorded);
allowed answers run as one kubectl argument list each, with the minimal environment, in the private
working directory. The same rules hold for the deck's answers (the runner does not know whose it is)."""

from __future__ import annotations

import pytest

from drills.execute.policy import Refused, plan
from drills.execute.runner import Runner
from drills.execute.spawn import Completed, SpawnRequest
from hostile_answers import HOSTILE

KUBECTL = "/opt/fake/kubectl"


class Recorder:
    """A spawn function that records every request and answers like a successful kubectl."""

    def __init__(self, stdout: str = "") -> None:
        self.calls: list[SpawnRequest] = []
        self.stdout = stdout

    def __call__(self, req: SpawnRequest) -> Completed:
        self.calls.append(req)
        return Completed(0, self.stdout or '{"kind": "Deployment"}', "")


@pytest.fixture
def runner(tmp_path):
    kubeconfig = tmp_path / "given-kubeconfig"
    kubeconfig.write_text("apiVersion: v1\nkind: Config\n")
    return Runner(KUBECTL, kubeconfig, tmp_path / "run", spawn=Recorder())


def test_the_hostile_table_is_big_enough():
    assert len(HOSTILE) >= 40
    assert len({a for a, _ in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize("answer,why", HOSTILE, ids=[a[:50] for a, _ in HOSTILE])
def test_hostile_answer_runs_nothing(runner, answer, why):
    ex = runner.execute(answer)
    assert runner.spawn.calls == [], f"{answer!r} started a process"
    assert ex.refused is not None and why in ex.refused
    assert not ex.ok and ex.failure == ex.refused
    assert list(runner.workdir.iterdir()) == []  # a refused manifest is not saved either


ALLOWED = [
    ("kubectl get pods", [("get", "pods")]),
    ("k get po -n kube-system", [("get", "po", "-n", "kube-system")]),
    ("kubectl expose deployment web --port=80 --type=NodePort --name=web-np",
     [("expose", "deployment", "web", "--port=80", "--type=NodePort", "--name=web-np")]),
    # a command's own flag named like a global one: a subject, not an identity
    ("kubectl create rolebinding rb --role=r --user=bob --dry-run=client -o yaml",
     [("create", "rolebinding", "rb", "--role=r", "--user=bob", "--dry-run=client", "-o", "yaml")]),
    ("kubectl config set-context --current --namespace=dev",
     [("config", "set-context", "--current", "--namespace=dev")]),
    ("kubectl apply -f web.yaml", [("apply", "-f", "web.yaml")]),
    ("kubectl exec web -- cat /etc/hosts", [("exec", "web", "--", "cat", "/etc/hosts")]),
    ("kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
     [("get", "pods", "-o", "jsonpath={.items[*].metadata.name}")]),
    ("kubectl run tmp --image=busybox --rm -it -- wget -qO- web",
     [("run", "tmp", "--image=busybox", "--rm", "-it", "--", "wget", "-qO-", "web")]),
    ("kubectl get pods\nkubectl get svc", [("get", "pods"), ("get", "svc")]),
    ("kubectl get svc web then kubectl get ep web", [("get", "svc", "web"), ("get", "ep", "web")]),
    ("$ kubectl rollout status deploy/web --watch", [("rollout", "status", "deploy/web", "--watch")]),
]


@pytest.mark.parametrize("answer,argvs", ALLOWED, ids=[a[:50] for a, _ in ALLOWED])
def test_allowed_answer_runs_as_argument_lists(runner, answer, argvs):
    ex = runner.execute(answer)
    assert ex.refused is None and ex.ok
    calls = runner.spawn.calls
    assert [c.argv for c in calls] == [(KUBECTL, *a) for a in argvs]
    for c in calls:
        assert set(c.env) == {"PATH", "HOME", "KUBECONFIG", "KUBERC", "LANG"}
        assert c.env["PATH"] == str(runner.bin) and not any(runner.bin.iterdir())
        assert c.env["HOME"] == str(runner.home) and c.env["KUBERC"] == "off"
        assert c.env["KUBECONFIG"] == str(runner.kubeconfig) != str(runner.root / "given-kubeconfig")
        assert c.cwd == str(runner.workdir)
        assert c.timeout > 0 and c.output_limit > 0


def test_environment_inherits_nothing(runner, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://evil.example:3128")
    monkeypatch.setenv("KUBECONFIG", "/home/u/.kube/config")
    runner.execute("kubectl get pods")
    env = runner.spawn.calls[0].env
    assert "HTTPS_PROXY" not in env and env["KUBECONFIG"] == str(runner.kubeconfig)


def test_here_document_is_the_commands_stdin(runner):
    ex = runner.execute("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\nEOF")
    assert ex.ok
    (call,) = runner.spawn.calls
    assert call.argv == (KUBECTL, "apply", "-f", "-")
    assert call.stdin == b"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n"


def test_here_document_feeds_only_filename_stdin(runner):
    ex = runner.execute("kubectl exec -i web -- sh <<EOF\nid\nEOF")
    assert ex.refused and "only `-f -`" in ex.refused and runner.spawn.calls == []


def test_manifest_is_applied_from_stdin_and_saved_under_its_name(runner):
    text = "# web-svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
    ex = runner.execute(text)
    assert ex.ok
    (call,) = runner.spawn.calls
    assert call.argv == (KUBECTL, "apply", "-f", "-") and call.stdin.decode() == text
    assert (runner.workdir / "web-svc.yaml").read_text() == text


def test_typed_create_is_rendered_then_submitted_as_json(runner):
    runner.spawn.stdout = '{"kind": "Deployment", "metadata": {"name": "web"}}'
    ex = runner.execute("kubectl create deployment web --image=nginx -n dev -o name")
    assert ex.ok
    render, submit = runner.spawn.calls
    assert render.argv == (KUBECTL, "create", "deployment", "web", "--image=nginx",
                           "--dry-run=client", "-o", "json")
    assert submit.argv == (KUBECTL, "create", "-f", "-", "--validate=false", "-n", "dev", "-o", "name")
    assert submit.stdin == runner.spawn.stdout.encode()


def test_typed_create_that_only_prints_runs_once(runner):
    runner.execute("kubectl create deployment web --image=nginx --dry-run=client -o yaml")
    assert len(runner.spawn.calls) == 1


def test_a_sequence_stops_at_the_first_failure(tmp_path):
    class Failing(Recorder):
        def __call__(self, req):
            self.calls.append(req)
            return Completed(1, "", 'Error from server (NotFound): services "web" not found\n')

    kc = tmp_path / "kc"
    kc.write_text("")
    r = Runner(KUBECTL, kc, tmp_path / "run", spawn=Failing())
    ex = r.execute("kubectl delete svc web\nkubectl get svc")
    assert len(r.spawn.calls) == 1 and not ex.ok
    assert ex.failure == ('`kubectl delete svc web` failed: Error from server (NotFound): '
                          'services "web" not found')


@pytest.mark.parametrize("answer", ["", "   \n", "kubectl get pods <pod>", "kubectl", "kubectl -n x",
                                    "kubectl get 'pods"])
def test_unrunnable_answers_are_refused_with_a_reason(answer):
    with pytest.raises(Refused) as e:
        plan(answer)
    assert str(e.value)


class _StillSandbox:
    """A sandbox stand-in whose state never changes (snapshots are its object list)."""

    def __init__(self, kubeconfig):
        self.kubeconfig = kubeconfig

    def objects(self):
        return []

    def snapshot(self):
        return []

    def restore(self, state):
        pass

    def stop(self):
        pass


@pytest.mark.parametrize("deck_answer,why", HOSTILE[::7], ids=[a[:40] for a, _ in HOSTILE[::7]])
def test_a_hostile_deck_answer_runs_nothing_either(runner, deck_answer, why):
    from drills.execute.judge import UNJUDGED, Task
    from drills.execute.world import World

    world = World(_StillSandbox(runner.kubeconfig), runner)
    task = Task(world, [deck_answer])
    verdict = task.judge("kubectl get pods")
    assert runner.spawn.calls == []  # neither the deck's answer nor the student's ran
    assert verdict.status == UNJUDGED and why in verdict.reasons[0]


class _HalfWorld:
    """A world that started (a server, a folder with a private key) and failed its first snapshot."""

    stopped: list[_HalfWorld] = []

    def snapshot(self):
        raise OSError("the sandbox went away")

    def stop(self):
        _HalfWorld.stopped.append(self)


def _cannot_start():
    raise OSError("no free port")


@pytest.mark.parametrize("start_world,stops", [(_cannot_start, 0), (_HalfWorld, 2)],
                         ids=["cannot start", "breaks at once"])
def test_a_sandbox_that_fails_leaves_the_grammar_verdict_and_is_stopped(start_world, stops):
    # close() stops only a world that started whole, so a start that breaks half-way stops its own.
    from drills.deck.model import Card
    from drills.execute.grading import ExecuteGrader, SecondOpinion
    from drills.kubectl import check

    _HalfWorld.stopped.clear()
    card = Card(id="w12.command.01", week=12, kind="command", front="f", back="b",
                answers=["kubectl create namespace qa"])
    typed = "kubectl create ns qa --dry-run=client"
    grammar = check(card.answers, typed)
    assert grammar.status == "incorrect"
    for grader in (ExecuteGrader([card], retry_wrong=True, start_world=start_world),
                   SecondOpinion([card], retry_wrong=True, start_world=start_world)):
        try:
            v = grader.grade(card, typed, grammar)
        finally:
            grader.close()
        assert v.status == "incorrect" and v.reasons == grammar.reasons
    assert len(_HalfWorld.stopped) == stops
