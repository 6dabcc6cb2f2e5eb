"""Small stand-ins for the application layer's ReviewSession / SpeedRun, used to test the UI loops alone.

They implement the Protocols the UI is written against (drills.app.contracts: ReviewSessionAPI,
SpeedRunAPI; mypy checks it, `make test` runs it) and record every call, so a test can assert what
the UI asked the session to do. Checking is exact text match (after collapsing spaces), enough to
produce correct and incorrect verdicts with reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from drills.deck.model import Card
from drills.kubectl.verdict import Verdict
from drills.app.contracts import (Outcome, ReviewProgress, ReviewSessionAPI, ReviewSummary, SpeedResult,
                                  SpeedRunAPI, SpeedTaskResult)

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)


def fake_check(answers: list[str], typed: str) -> Verdict:
    norm = " ".join(typed.split())
    if norm in answers:
        return Verdict("correct", matched=norm)
    if not norm.startswith("kubectl"):
        return Verdict("unreadable", reasons=["cannot read this answer: not a kubectl command"])
    want = set(answers[0].split())
    got = set(norm.split())
    reasons = [f"missing {t}" for t in sorted(want - got)] + [f"unexpected {t}" for t in sorted(got - want)]
    return Verdict("incorrect", reasons=reasons, matched=answers[0])


@dataclass
class FakeSession:
    cards: list[Card]
    log: list[tuple[Any, ...]] = field(default_factory=list)
    answered: list[Outcome] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)

    def _queue(self) -> list[Card]:
        done = {o.card.id for o in self.answered}
        return [c for c in self.cards if c.id not in done and c.id not in self.removed]

    def next_card(self) -> Card | None:
        q = self._queue()
        return q[0] if q else None

    def progress(self, within_limit: bool = True) -> ReviewProgress:
        return {"done": len(self.answered), "due_left": len(self._queue()), "new_left": 0}

    def _commit(self, card: Card, verdict: Verdict | None, rating: int, auto: bool, ms: int,
                typed: str | None = None) -> Outcome:
        o = Outcome(card, verdict, rating, auto, T0 + timedelta(days=rating), len(self.answered) + 1)
        self.answered.append(o)
        self.log.append(("answer", card.id, rating, auto, typed))
        return o

    def answer_typed(self, card: Card, typed: str, elapsed_ms: int) -> Outcome:
        v = fake_check(card.answers, typed)
        return self._commit(card, v, 3 if v.correct else 1, True, elapsed_ms, typed)

    def rate(self, card: Card, rating: int, elapsed_ms: int, typed: str | None = None) -> Outcome:
        return self._commit(card, None, rating, False, elapsed_ms)

    def override_rating(self, outcome: Outcome, rating: int) -> Outcome:
        self.log.append(("override", outcome.card.id, rating))
        new = Outcome(outcome.card, outcome.verdict, rating, False, T0 + timedelta(days=rating), outcome.review_id)
        self.answered[-1] = new
        return new

    def undo(self) -> Card | None:
        if not self.answered:
            return None
        o = self.answered.pop()
        self.log.append(("undo", o.card.id))
        return o.card

    def suspend(self, card: Card) -> None:
        self.removed.add(card.id)
        self.log.append(("suspend", card.id))

    def bury(self, card: Card) -> None:
        self.removed.add(card.id)
        self.log.append(("bury", card.id))

    def summary(self) -> ReviewSummary:
        by = {r: sum(1 for o in self.answered if o.rating == r) for r in (1, 2, 3, 4)}
        typed = [o for o in self.answered if o.verdict is not None]
        correct = sum(1 for o in typed if o.verdict is not None and o.verdict.correct)
        return {"reviewed": len(self.answered), "typed": len(typed), "correct": correct, "again": by[1],
                "by_rating": by, "ms": 1234}


@dataclass
class FakeSpeedRun:
    tasks: list[Card]
    log: list[tuple[Any, ...]] = field(default_factory=list)
    finished: bool = False

    def attempt(self, card: Card, typed: str, elapsed_ms: int, first_key_ms: int | None) -> Verdict:
        v = fake_check(card.answers, typed)
        self.log.append(("attempt", card.id, typed, v.status, first_key_ms))
        return v

    def self_grade(self, card: Card, ok: bool, elapsed_ms: int, first_key_ms: int | None) -> None:
        self.log.append(("self_grade", card.id, ok))

    def skip(self, card: Card, elapsed_ms: int, first_key_ms: int | None) -> None:
        self.log.append(("skip", card.id))

    def personal_best_ms(self) -> int | None:
        return 99_000

    def finish(self, *, stopped_at: str | None = None, stopped_as: str = "interrupted") -> SpeedResult:
        self.finished = True
        tasks: list[SpeedTaskResult] = []
        for card in self.tasks:
            entries = [e for e in self.log if e[1] == card.id]
            verdict = _verdict(entries[-1]) if entries else stopped_as if card.id == stopped_at else "not reached"
            tasks.append({"id": card.id, "front": card.front, "verdict": verdict, "ms": 1000 * len(entries),
                          "first_key_ms": 100, "attempts": len(entries)})
        complete = all(t["verdict"] == "correct" for t in tasks)
        return {"week": 6, "total_ms": sum(t["ms"] for t in tasks), "personal_best_ms": 99_000,
                "new_best": False, "complete": complete, "tasks": tasks}


def command(n: int, front: str, answer: str) -> Card:
    return Card(id=f"w06.command.{n:02d}", week=6, kind="command", front=front, back=answer, answers=[answer])


def deck_cards() -> list[Card]:
    return [
        command(1, "Create a deployment `web` with 2 replicas of nginx",
                "kubectl create deployment web --image=nginx --replicas=2"),
        command(4, "Expose it as NodePort", "kubectl expose deployment web --port=80 --type=NodePort --name=web-np"),
        Card(id="w06.concept.02", week=6, kind="concept", front="", back="",
             cloze="NodePort uses {{c1::30000–32767}} on {{c2::every node}}.", cloze_index=1),
        Card(id="w06.pitfall.01", week=6, kind="pitfall", front="Service selector not matching Pod labels",
             back="The Service has no endpoints."),
    ]


def _verdict(entry: tuple[Any, ...]) -> str:
    if entry[0] == "skip":
        return "skipped"
    if entry[0] == "self_grade":
        return "correct" if entry[2] else "incorrect"
    return entry[3]


if TYPE_CHECKING:  # `make test` runs mypy on this file: the fakes must implement the UI's Protocols
    _session: ReviewSessionAPI = FakeSession([])
    _run: SpeedRunAPI = FakeSpeedRun([])
