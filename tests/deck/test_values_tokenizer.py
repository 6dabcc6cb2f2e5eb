"""The values a card's front must give are read with the checker's shell tokenizer: a comment after
a command, the word "then" between two commands, a here-document after `&&` and a `$(...)` inside
double quotes are read as the grader reads them, so the front never asks for words that are not
values (with shlex, a trailing `# check quickly` made the card say "use: value `check`").

The page is made up (week 4, namespace `shop`), shaped unlike week 6."""

from __future__ import annotations

import pytest

from drills.course import read_week
from drills.deck.build import build_deck
from drills.deck.values import literals, segments
from drills.kubectl import check

from course.pages import FRONT, page

DRILL = """All tasks run in namespace `shop`.

1. Create namespace `shop` and, in it, ConfigMap `tuning`
2. Show the services of namespace `shop`
3. Fetch the API's home page from pod `client` through service `api`
4. Create deployment `api` (image httpd) with 2 replicas
5. Create deployment `cache` with image redis, then scale it to 3 replicas
6. Label pod `client` with a note

**Commands:**

```bash
# 1
kubectl create namespace shop && kubectl apply -n shop -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: tuning
data:
  mode: fast
EOF
# 2
kubectl get svc -n shop   # check quickly
# 3
kubectl exec client -n shop -- wget -qO- "http://$(kubectl get svc api -n shop -o jsonpath='{.spec.clusterIP}'):8080/"
# 4
kubectl create deployment api --image=httpd \\
  --replicas=2 -n shop
# 5
kubectl create deployment cache --image=redis -n shop then kubectl scale deployment cache --replicas=3 -n shop
# 6
kubectl label pod client -n shop 'note=owned by "team blue"'
```"""


@pytest.fixture(scope="module")
def cards():
    front = FRONT.replace("Week 3 — Pods & Config: the basics", "Week 4 — A shop's services").replace("03-pods", "04-shop")
    deck = build_deck(read_week(page(front=front, h1="# Week 4: A shop's services", drill=DRILL), "04.md")).deck
    return {c.id: c for c in deck.cards if c.kind == "command"}


def test_what_the_student_sees_on_each_card(cards):
    fronts = {card_id: card.front.split("\n\n", 1)[1] if "\n\n" in card.front else "" for card_id, card in cards.items()}
    assert fronts == {
        # the manifest in the here-document after `&&` gives its value; the namespace is on the front
        "w04.command.01": "(use: mode `fast`)",
        # a comment is not a value (shlex read "check" and "quickly" as arguments)
        "w04.command.02": "",
        # the service's address is computed by the inner command: its values are needed, not the URL's
        "w04.command.03": "(continues: namespace `shop` from task 1)",
        "w04.command.04": "(continues: namespace `shop` from task 1)",
        # "then" joins two commands (shlex read "kubectl" as a value of the first one)
        "w04.command.05": "(continues: namespace `shop` from task 1)",
        # one quoted word, quotes removed as the shell removes them
        "w04.command.06": "(continues: namespace `shop` from task 1; use: label `note=owned by \"team blue\"`)",
    }


def test_the_cards_answers_are_the_page_commands_and_the_grader_accepts_them(cards):
    for card in cards.values():
        assert len(card.answers) == 1 and not card.self_graded, card.id
        assert check(card.answers, card.answers[0]).correct, card.id
    assert cards["w04.command.02"].answers == ["kubectl get svc -n shop   # check quickly"]


def test_segments_are_the_commands_the_grader_sees():
    answer = ("kubectl create ns shop && kubectl apply -n shop -f - <<EOF\nkind: ConfigMap\nEOF\n"
              "kubectl logs <pod> -n shop > out.log 2>&1   # keep it\n"
              "kubectl exec client -- wget -qO- http://$(kubectl get svc api -o name):80")
    assert segments(answer) == [
        ["kubectl", "create", "ns", "shop"],
        ["kubectl", "apply", "-n", "shop", "-f", "-"],
        ["kubectl", "logs", "<pod>", "-n", "shop"],
        ["kubectl", "exec", "client", "--", "wget", "-qO-", "$(…)"],
        ["kubectl", "get", "svc", "api", "-o", "name"],
    ]
    assert [lit.text for lit in literals(answer)] == ["shop", "shop", "shop", "client", "api"]


def test_an_answer_the_tokenizer_cannot_read_is_split_at_blanks():
    assert segments("kubectl exec web -- sh -c 'echo hi") == [["kubectl", "exec", "web", "--", "sh", "-c", "'echo", "hi"]]
