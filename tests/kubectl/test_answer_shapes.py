"""Sequences, here-document manifests, manifest answers, docker and helm: the truth tables in
answer_shape_cases.py, plus the properties each shape must keep."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from answer_shape_cases import HEREDOC_CASES, MANIFEST_CASES, SEQUENCE_CASES, TOOL_CASES

from drills.kubectl import check, lint
from drills.kubectl.shape import is_manifest
from drills.kubectl import tools

TABLES = {"sequence": SEQUENCE_CASES, "heredoc": HEREDOC_CASES, "manifest": MANIFEST_CASES, "tool": TOOL_CASES}
ALL = [(name, *case) for name, table in TABLES.items() for case in table]


def test_every_table_has_right_wrong_and_named_reasons():
    for name, table in TABLES.items():
        statuses = {c[2] for c in table}
        assert {"correct", "incorrect"} <= statuses, name
        assert len(table) >= 15, name


@pytest.mark.parametrize("table,expected,answer,status,token", ALL,
                         ids=[f"{c[0]}-{i:02d}" for i, c in enumerate(ALL)])
def test_case(table, expected, answer, status, token):
    v = check(expected, answer)
    assert v.status == status, (answer, v)
    if status == "correct":
        assert v.reasons == []
        if token:
            assert any(token in n for n in v.notes), v.notes
    else:
        assert any(token in r for r in v.reasons), (token, v.reasons)


@pytest.mark.parametrize("table,expected,answer,status,token", [c for c in ALL if c[3] == "correct"])
def test_right_answers_are_right_both_ways_round(table, expected, answer, status, token):
    """Equivalence is symmetric: the student's right answer, taken as the deck's, accepts the deck's."""
    if table == "manifest" and not is_manifest(answer):
        pytest.skip("a command feeding the manifest is accepted for a manifest task, not the other way round")
    if "<" in expected:
        pytest.skip("a placeholder matches a value; a value does not match a placeholder")
    assert check(answer, expected).status == "correct"


def test_the_first_command_of_a_sequence_alone_never_passes():
    for expected, *_ in SEQUENCE_CASES:
        first = expected.split("\n")[0]
        if "\n" in expected:
            v = check(expected, first)
            assert v.status == "incorrect" and any(r.startswith("missing command") for r in v.reasons)


def test_alternatives_stay_separate_answers():
    ns_first = "kubectl create namespace lab\nkubectl create deployment web --image=nginx:1.27 -n lab"
    apply_file = "kubectl apply -f web.yaml"
    assert check([ns_first, apply_file], "kubectl apply -f web.yaml").status == "correct"
    v = check([ns_first, apply_file], "kubectl create namespace lab")
    assert v.status == "incorrect" and v.matched == ns_first


def test_unreadable_yaml_names_line_and_column():
    v = check("apiVersion: v1\nkind: Pod\n", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: 'web\n")
    assert v.status == "unreadable"
    assert re.search(r"line \d+, column \d+", v.reasons[0])


def test_huge_or_nested_yaml_is_refused_not_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6))
    v = check("apiVersion: v1\nkind: Pod\n", bomb)
    assert v.status == "unreadable" and "more than" in v.reasons[0]
    v = check("apiVersion: v1\nkind: Pod\n", "a: " + "[" * 200 + "]" * 200)
    assert v.status == "unreadable"
    v = check("apiVersion: v1\nkind: Pod\n", "a: b\n" * 60_000)
    assert v.status == "unreadable" and "longer than" in v.reasons[0]


def test_yaml_never_builds_python_objects():
    v = check("apiVersion: v1\nkind: Pod\n", "apiVersion: v1\nkind: !!python/object/apply:os.system ['true']\n")
    assert v.status == "unreadable"


def test_lint_reads_manifests_as_yaml():
    assert lint("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n") == []
    assert "line" in lint("apiVersion: v1\nkind: Pod\nmetadata: {name: web\n")[0]
    assert lint("kubectl apply -f - <<EOF\napiVersion: v1\nkind: [\nEOF\n")
    assert lint("docker build -t x .") == []


def test_bindings_are_reported_across_a_sequence():
    v = check("kubectl create deployment <name> --image=redis:7\nkubectl scale deployment <name> --replicas=3",
              "kubectl create deployment cache --image=redis:7 && kubectl scale deploy cache --replicas=3")
    assert v.bindings == {"<name>": "cache"}


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker binary to read --help from")
def test_docker_short_and_boolean_flags_match_dockers_own_help():
    """The short->long names and booleans listed in tools.py are what `docker CMD --help` prints."""
    for sub, shorts in tools._SHORT["docker"].items():
        if sub in ("create",):
            continue
        out = subprocess.run(["docker", sub, "--help"], capture_output=True, text=True, timeout=20).stdout
        listed = dict(re.findall(r"^\s+-(\w), --([\w-]+)", out, re.M))
        for short, long in shorts.items():
            assert listed.get(short) == long, (sub, short, long)
        for long in set(shorts.values()) & tools._BOOLS["docker"]:
            assert re.search(rf"--{long}\s{{2,}}", out), (sub, long, "not a boolean in docker's help")


def test_answer_shape_tells_the_screens_what_to_ask_for():
    from drills.kubectl.shape import answer_shape

    one = answer_shape(["kubectl get pods"])
    assert (one.kind, one.steps, one.multiline, one.label) == ("command", 1, False, "1 command")
    joined = answer_shape(["kubectl create ns a && kubectl get ns a"])  # written on one line: Enter checks
    assert (joined.kind, joined.steps, joined.multiline, joined.label) == ("sequence", 2, False, "2 commands")
    seq = answer_shape(["kubectl create ns a\nkubectl get ns a\nkubectl delete ns a"])
    assert (seq.kind, seq.multiline, seq.label) == ("sequence", True, "3 commands")
    piped = answer_shape(["kubectl get secret s -o jsonpath='{.data.pw}' | base64 -d"])
    assert (piped.kind, piped.steps, piped.multiline) == ("command", 1, False)
    heredoc = answer_shape(["cat <<EOF | kubectl apply -f -\nkind: Pod\nEOF"])
    assert (heredoc.kind, heredoc.steps, heredoc.multiline, heredoc.label) == (
        "heredoc", 1, True, "a command and its manifest")
    manifest = answer_shape(["# pod.yaml\napiVersion: v1\nkind: Pod\n"])
    assert (manifest.kind, manifest.multiline, manifest.label) == ("manifest", True, "a manifest (YAML)")
    # an alternative on several lines makes the input multi-line
    assert answer_shape(["kubectl get pods", "kubectl get pods\nkubectl get svc"]).multiline


def test_a_blank_line_ends_an_answer_except_inside_a_heredoc():
    from drills.kubectl.shape import blank_line_ends

    assert blank_line_ends("kubectl create ns a")
    assert not blank_line_ends("kubectl apply -f - <<EOF\nkind: Pod")
    assert blank_line_ends("kubectl apply -f - <<EOF\nkind: Pod\nEOF")
    assert blank_line_ends("apiVersion: v1\n<<: *base")  # YAML merge key, not a heredoc


def test_check_never_raises_on_yamlish_or_tool_text():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    yamlish = st.lists(st.sampled_from(list("ab: -\n[]{}&*!|>'\"#0123456789<>\t") + [
        "apiVersion: v1\n", "kind: Pod\n", "spec:\n", "  containers:\n", "  - name: x\n", "---\n", "<<: *a\n",
        "metadata:\n  name: <n>\n", "kubectl apply -f - <<EOF\n", "EOF\n"]), max_size=30).map("".join)
    toolish = st.lists(st.sampled_from(["docker", "helm", "run", "build", "-it", "-dp", "8080:80", "--rm", "-t",
                                        "x:1", ".", "--set", "a=1,b=2", "-n", "ns", "--", "sh", "-f", "=", "-"]),
                       max_size=8).map(" ".join)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(yamlish, toolish), st.one_of(yamlish, toolish))
    def run(expected, answer):
        v = check(expected, answer)
        assert v.status in ("correct", "incorrect", "unreadable")
        assert v.status == "correct" or v.reasons
        if expected.strip():
            assert check(expected, expected).status in ("correct", "unreadable")

    run()


def test_long_answers_get_a_bounded_list_of_reasons():
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n"
    many = pod + "".join(f"  - {{name: c{i}, image: i}}\n" for i in range(3000))
    other = pod + "".join(f"  - {{name: d{i}, image: i}}\n" for i in range(3000))
    verbs = "kind: Role\nrules:\n- verbs: [" + ",".join(f"v{i}" for i in range(5000)) + "]\n"
    v = check(many, other)
    assert v.status == "incorrect" and len(v.reasons) == 21 and v.reasons[-1].startswith("… and 5980 more")
    assert check(verbs, verbs.replace("[v0,", "[v1,v0,").replace(",v1,", ",", 1)).status == "correct"
    # (extra reads are ignored with a note: the long answer is of changes)
    v = check("kubectl get pods\nkubectl get svc", "\n".join(f"kubectl delete pods p{i}" for i in range(3000)))
    assert v.status == "incorrect" and len(v.reasons) == 21


def test_a_missing_step_is_shown_as_the_deck_writes_it():
    v = check("kubectl create namespace q\nkubectl create quota q --hard=pods=5 -n q", "kubectl create ns q")
    assert v.reasons == ["missing command 2: kubectl create quota q --hard=pods=5 -n q"]
    v = check("kubectl create ns lab\nkubectl apply -n lab -f - <<EOF\nkind: Pod\nEOF", "kubectl create ns lab")
    assert v.reasons == ["missing command 2: kubectl apply -n lab -f - <<EOF …"]
