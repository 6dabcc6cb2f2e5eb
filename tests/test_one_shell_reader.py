"""One shell reader: a page's code block is cut into commands the way the grader reads them.

A deck answer is built from a page block by the course reader (``drills.course.shell``) and graded
by the kubectl package (``drills.kubectl``). Where the two disagree on where a command ends, a
student's right answer is misgraded. Each row is a borderline block and the commands bash sees in it;
every row asserts that the course reader cuts the block into exactly those commands, that the grader
reads each of them as the whole block reads them (same segments, same here-document bodies), and
that the deck answer made of them (one per line) is graded as the block means.
"""

from __future__ import annotations

import pytest

from drills.course.shell import commands, heredoc_bodies, shell_lines
from drills.kubectl.sequences import logical_commands
from drills.kubectl.tokenizer import Segment, tokenize

CASES: list[tuple[str, str, list[str]]] = [
    ("continuation", "kubectl run web --image=nginx \\\n  --port=80\nkubectl get pods",
     ["kubectl run web --image=nginx \\\n  --port=80", "kubectl get pods"]),
    ("quote open across lines", "kubectl patch deploy web -p '{\n  \"spec\": {\"replicas\": 2}\n}'\nkubectl get deploy",
     ["kubectl patch deploy web -p '{\n  \"spec\": {\"replicas\": 2}\n}'", "kubectl get deploy"]),
    ("# inside an open quote", "kubectl patch cm c -p '{\n# not a comment\n\"data\": {}}'\nkubectl get cm",
     ["kubectl patch cm c -p '{\n# not a comment\n\"data\": {}}'", "kubectl get cm"]),
    ("# inside quotes on one line", "kubectl annotate pod a note='x # y'\nkubectl get pod a",
     ["kubectl annotate pod a note='x # y'", "kubectl get pod a"]),
    ("apostrophe in a trailing comment", "kubectl get pods  # it's quick\nkubectl get svc",
     ["kubectl get pods  # it's quick", "kubectl get svc"]),
    ("heredoc", "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nEOF\nkubectl get ns",
     ["kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nEOF", "kubectl get ns"]),
    ("quoted delimiter", "cat <<'EOF' | kubectl apply -f -\nkind: ConfigMap\ndata: {a: '$HOME'}\nEOF\nkubectl get cm",
     ["cat <<'EOF' | kubectl apply -f -\nkind: ConfigMap\ndata: {a: '$HOME'}\nEOF", "kubectl get cm"]),
    ("<<-EOF with tabs", "kubectl apply -f - <<-EOF\n\tkind: Namespace\n\tEOF\nkubectl get ns",
     ["kubectl apply -f - <<-EOF\n\tkind: Namespace\n\tEOF", "kubectl get ns"]),
    ("apostrophe in a heredoc body", "kubectl apply -f - <<EOF\nkind: ConfigMap\ndata: {note: it's}\nEOF\nkubectl get cm",
     ["kubectl apply -f - <<EOF\nkind: ConfigMap\ndata: {note: it's}\nEOF", "kubectl get cm"]),
    ("backslash ending a heredoc line", "cat <<'EOF' > run.sh\nkubectl run a \\\n  --image=nginx\nEOF\nkubectl get pods",
     ["cat <<'EOF' > run.sh\nkubectl run a \\\n  --image=nginx\nEOF", "kubectl get pods"]),
    ("continuation before a heredoc", "kubectl apply \\\n  -f - <<EOF\nkind: Namespace\nEOF\nkubectl get ns",
     ["kubectl apply \\\n  -f - <<EOF\nkind: Namespace\nEOF", "kubectl get ns"]),
    ("<<EOF inside quotes is no heredoc", "echo 'cat <<EOF'\nkubectl get pods\nEOF2=1 kubectl get svc",
     ["echo 'cat <<EOF'", "kubectl get pods", "EOF2=1 kubectl get svc"]),
    ("<<EOF in a comment is no heredoc", "kubectl get pods  # then <<EOF\nkubectl get svc\nEOF=1 kubectl get ns",
     ["kubectl get pods  # then <<EOF", "kubectl get svc", "EOF=1 kubectl get ns"]),
    ("&& and | at line end", "kubectl get pods &&\n  kubectl get svc |\n  grep web\nkubectl get ns",
     ["kubectl get pods &&\n  kubectl get svc |\n  grep web", "kubectl get ns"]),
    ("|| at line end", "kubectl get ns q ||\n  kubectl create ns q\nkubectl get ns",
     ["kubectl get ns q ||\n  kubectl create ns q", "kubectl get ns"]),
    ("; ends a command", "kubectl get pods;\nkubectl get svc",
     ["kubectl get pods;", "kubectl get svc"]),
    ("CRLF line ends", "kubectl run a --image=nginx \\\r\n  --port=80\r\nkubectl get pods\r\n",
     ["kubectl run a --image=nginx \\\n  --port=80", "kubectl get pods"]),
    ("CRLF heredoc", "kubectl apply -f - <<EOF\r\nkind: Namespace\r\nEOF\r\nkubectl get ns\r\n",
     ["kubectl apply -f - <<EOF\nkind: Namespace\nEOF", "kubectl get ns"]),
    ("prompts, comments and blanks", "# list them\n$ kubectl get pods\n\n$ kubectl get svc  # and these\n",
     ["kubectl get pods", "kubectl get svc  # and these"]),
    ("comment line after a continuation operator", "kubectl get pods &&\n# then the services\nkubectl get svc",
     ["kubectl get pods &&\n# then the services\nkubectl get svc"]),
    ("escaped quote does not open one", "kubectl annotate pod a note=it\\'s\nkubectl get pod a",
     ["kubectl annotate pod a note=it\\'s", "kubectl get pod a"]),
    ("here-string", "base64 -d <<< 'aGk='\nkubectl get pods",
     ["base64 -d <<< 'aGk='", "kubectl get pods"]),
    ("two heredocs on one line", "paste <<A <<B\n1\nA\n2\nB\nkubectl get pods",
     ["paste <<A <<B\n1\nA\n2\nB", "kubectl get pods"]),
]


def _reading(text: str) -> list[tuple[list[str], list[tuple[str, str]], str | None]]:
    """What the grader reads: each segment's words, redirections and joining operator (newlines and
    ``;`` alike, as the grader treats them)."""
    return [([w.text for w in s.words], [(r.op, r.target) for r in s.redirects],
             "seq" if s.op not in (None, "|") else s.op) for s in tokenize(text)]


def _joined(parts: list[list[Segment]]) -> list[tuple[list[str], list[tuple[str, str]], str | None]]:
    out = []
    for segs in parts:
        for k, s in enumerate(segs):
            op = s.op if k < len(segs) - 1 else "seq"
            out.append(([w.text for w in s.words], [(r.op, r.target) for r in s.redirects],
                        "seq" if op not in (None, "|") else op))
    if out:
        out[-1] = (out[-1][0], out[-1][1], None)
    return out


@pytest.mark.parametrize("block,expected", [(b, e) for _, b, e in CASES], ids=[n for n, _, _ in CASES])
def test_course_reader_cuts_the_block_where_the_grader_does(block: str, expected: list[str]) -> None:
    got = commands(block)
    assert got == expected
    # each command, read on its own by the grader, is exactly its part of the block
    assert _joined([tokenize(c) for c in got]) == _reading(block)
    # the deck answer (one command per line) is graded as the block means
    assert _reading("\n".join(got)) == _reading(block)


@pytest.mark.parametrize("block,expected", [(b, e) for _, b, e in CASES], ids=[n for n, _, _ in CASES])
def test_heredoc_bodies_are_the_graders(block: str, expected: list[str]) -> None:
    for command in commands(block):
        graded = [r.target for s in tokenize(command) for r in s.redirects if r.op == "<<"]
        assert heredoc_bodies(command) == graded


def test_start_lines_and_page_structure_stay_with_the_course() -> None:
    block = "# 1\n$ kubectl create ns q \\\n    --dry-run=client\n\n# or\nkubectl apply -f - <<EOF\nkind: Namespace\nEOF\n# 2\nkubectl get ns\n"
    lines = [(sl.kind, sl.line, sl.number) for sl in shell_lines(block)]
    assert lines == [("marker", 0, 1), ("command", 1, None), ("blank", 3, None), ("comment", 4, None),
                     ("command", 5, None), ("marker", 8, 2), ("command", 9, None)]


@pytest.mark.parametrize("block,expected,readable", [
    ("kubectl run a -- sh -c 'echo hi\nkubectl get pods", ["kubectl run a -- sh -c 'echo hi\nkubectl get pods"], [False]),
    ("kubectl apply -f - <<EOF\nkind: Namespace\n\nkubectl get ns", ["kubectl apply -f - <<EOF\nkind: Namespace\n\nkubectl get ns"],
     [False]),
    ("kubectl get pods \\", ["kubectl get pods \\"], [True]),
    ("kubectl get pod a -o yaml >\nkubectl get pods", ["kubectl get pod a -o yaml >", "kubectl get pods"], [False, True]),
], ids=["quote never closed", "heredoc never ends", "continuation at the end", "redirection without a target"])
def test_a_broken_block_still_yields_its_commands(block: str, expected: list[str], readable: list[bool]) -> None:
    """A page's block that bash could not read still yields its text (the deck build reports it;
    the reader never fails): a quote or here-document that never closes runs to the end of the
    block, a mistake inside a line ends with its line."""
    assert commands(block) == expected
    got = logical_commands(block)
    assert [c.text for c in got] == expected
    assert [c.readable for c in got] == readable


@pytest.mark.parametrize("block,expected", [(b, e) for _, b, e in CASES], ids=[n for n, _, _ in CASES])
def test_the_graders_logical_commands_are_the_course_commands(block: str, expected: list[str]) -> None:
    got = logical_commands(block)
    assert [c.text for c in got] == expected
    assert all(c.readable for c in got)
    lines = block.replace("\r\n", "\n").split("\n")
    for c in got:  # each starts and ends on the lines it spans in the block
        assert c.text.split("\n")[0] in lines[c.line]
        assert lines[c.end_line].rstrip().endswith(c.text.split("\n")[-1])
