"""100,000 generated answers (30,000 in `make test`, see fuzzing.py) through the checker: every one gets a verdict (correct, incorrect or
unreadable) with reasons that are one line of text each; none raises, none takes 5 s, memory stays
under the cap (conftest)."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drills.deck.files import load_decks
from drills.kubectl import check

from .fuzzing import NASTY, Clock, mutate_text, sized, watchdog

CORPUS = [ln for ln in (Path(__file__).parents[1] / "kubectl" / "valid_ckad_commands.txt")
          .read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
DECK_ANSWERS = [a for d in load_decks() for c in d.cards for a in c.answers]
EXPECTED = CORPUS + DECK_ANSWERS + ["kubectl create deployment <name> --image=<image> " +
                                    " ".join(f"--env=<k{i}>=<v{i}>" for i in range(12))]
BATCH = 200
EXAMPLES = sized(500, 150)  # x BATCH = 100,000 answers (make test-long), 30,000 (make test)
STATUSES = {"correct", "incorrect", "unreadable"}


def answers_from(seed: int, size: int) -> list[tuple[str | list[str], str]]:
    rng = random.Random(seed)
    out: list[tuple[str | list[str], str]] = []
    for _ in range(BATCH):
        expected = rng.choice(EXPECTED)
        kind = rng.randrange(10)
        if kind < 5:  # a near miss of the expected answer
            answer = mutate_text(rng, expected, rng.randrange(1, size + 1))
        elif kind < 7:  # another command, mutated
            answer = mutate_text(rng, rng.choice(EXPECTED), rng.randrange(0, size + 1))
        elif kind == 7:  # a long flag value or a long run of one nasty piece
            answer = expected + " --labels=" + rng.choice(["a", "a=b,", "'", "<x>", "-"]) * rng.randrange(1, 4000)
        elif kind == 8:  # a sequence of several commands
            answer = rng.choice(["\n", " && ", "; "]).join(rng.sample(EXPECTED, rng.randrange(2, 5)))
        else:  # noise
            answer = "".join(rng.choice(NASTY) for _ in range(rng.randrange(0, 60)))
        out.append((rng.sample(EXPECTED, 2) if kind == 6 else expected, answer))
    return out


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(1, 12))
def test_every_generated_answer_gets_a_verdict_quickly(seed, size):
    clock = Clock()
    with watchdog(120):
        for expected, answer in answers_from(seed, size):
            with clock.timing(answer):
                verdict = check(expected, answer)
            assert verdict.status in STATUSES, (expected, answer)
            for line in (*verdict.reasons, *verdict.notes):
                assert isinstance(line, str)
    assert clock.slowest < 5, (clock.slowest, str(clock.what)[:200])
