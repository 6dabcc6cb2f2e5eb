"""`drill speed --context NAME` and `drill review --context NAME`: typed answers judged on a real
cluster by server dry run (drills.execute.cluster), the grammar checker first.

A server dry run stores nothing, so a task that builds on an earlier one (expose the Deployment task 1
created) finds nothing on a cluster that lacks it. So the deck's answer is dry-run first, while the
card is read: when it cannot be compared with (it fails there: NotFound, forbidden, already exists;
or it cannot be dry-run: get, logs, exec), the grammar checker's verdict stands and the student is
told exactly why ("graded by the grammar checker only: on context lab the deck's answer fails:
deployments.apps "web" not found"). Only when the deck's answer dry-runs cleanly is the student's
answer dry-run too and the returned objects compared; execution wins, as in the sandbox. A right
answer is never marked wrong by the cluster: the grammar checker's "correct" runs nothing, and an
answer the cluster did not run for reasons of its own (permissions, reachability, a later step
building on an earlier one) keeps the grammar verdict.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from drills.deck.model import Card
from drills.execute.cluster import ClusterWorld, answer_on_cluster, deck_on_cluster
from drills.execute.disagreements import Disagreement, DisagreementLog
from drills.execute.grading import WAIT_SECONDS, executable, with_note
from drills.execute.judge import CORRECT, INCORRECT, EffectVerdict, bind
from drills.execute.runner import Execution
from drills.kubectl.tokenizer import PLACEHOLDER
from drills.kubectl.verdict import Verdict

GRAMMAR_ONLY = "graded by the grammar checker only"


def right_on(context: str) -> str:
    return f"right by effect: makes what the deck's answer makes (server dry-run on context {context})"


class ClusterGrader:
    """Grades typed answers by server dry run on ``world``'s context (a :class:`ClusterWorld` the
    caller started, so an unknown context fails before the session); ``close()`` removes its files."""

    def __init__(self, world: ClusterWorld, *, log: DisagreementLog | None = None) -> None:
        self.world = world
        self.context = world.runner.context
        self.log = log
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drills-context")
        self._decks: dict[str, Future[tuple[Execution | None, str]]] = {}
        self.last: EffectVerdict | None = None

    def _deck(self, answers: list[str]) -> tuple[Execution | None, str]:
        return deck_on_cluster(self.world.runner, answers)

    def prepare(self, card: Card) -> None:
        """Dry-run ``card``'s deck answer in the background (call when the card is shown)."""
        if executable(card) and card.id not in self._decks and not any(PLACEHOLDER.search(a) for a in card.answers):
            self._decks[card.id] = self._pool.submit(self._deck, list(card.answers))

    def grade(self, card: Card, typed: str, verdict: Verdict) -> Verdict:
        """The verdict the student sees: ``verdict`` (the grammar checker's) unless the cluster disagrees."""
        self.last = None
        if not executable(card) or verdict.correct:
            return verdict
        if any(PLACEHOLDER.search(a) for a in card.answers):  # run with the names the student used
            ordered = sorted(card.answers, key=lambda a: a != verdict.matched)
            deck_f = self._pool.submit(self._deck, [bind(a, verdict.bindings) for a in ordered])
        else:
            self.prepare(card)
            deck_f = self._decks[card.id]
        where = f"on context {self.context}"
        try:
            deck, why = deck_f.result(timeout=WAIT_SECONDS)
            if deck is None:
                return with_note(verdict, f"{GRAMMAR_ONLY}: {where} {why}")
            effect = self._pool.submit(answer_on_cluster, self.world.runner, deck, typed).result(timeout=WAIT_SECONDS)
        except Exception as e:  # kubectl or the cluster broke: the grammar verdict stands
            return with_note(verdict, f"{GRAMMAR_ONLY}: not run {where} ({type(e).__name__}: {e})")
        self.last = effect
        if effect.status == CORRECT:
            if self.log is not None:
                self.log.add(Disagreement(card.id, list(card.answers), typed, verdict.to_dict(),
                                          {k: v for k, v in effect.to_dict().items() if k != "evidence"}))
            return Verdict(CORRECT, notes=[right_on(self.context), *effect.notes], matched=verdict.matched,
                           bindings=dict(verdict.bindings))
        if effect.status == INCORRECT:
            return Verdict(INCORRECT, reasons=list(effect.reasons), notes=list(verdict.notes),
                           matched=verdict.matched or card.answers[0], bindings=dict(verdict.bindings))
        why = effect.reasons[0].removeprefix("not executed: ") if effect.reasons else "nothing to compare"
        return with_note(verdict, f"{GRAMMAR_ONLY} {where}: {why}")

    def skip(self, card: Card) -> None:
        """Nothing to undo: a dry run stores nothing."""

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.world.stop()
