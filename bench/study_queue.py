"""How fast is the study queue on a big history?

    python bench/study_queue.py [--cards 50000] [--reviews 1000000] [--reps 200] [--keep DIR]

Builds, in a temporary directory, a drills database with CARDS cards (60 % already scheduled, due
from 30 days ago to a year ahead, 40 % new) and REVIEWS review-log rows spread over two years,
inserted with executemany inside one transaction. Then times, REPS times each:

    next card      ReviewSession.next_card(): due query + daily new-card count (+ new-card query)
    next due       Store.next_due(now): the indexed "most overdue card" query alone
    next new       Store.next_new(now, weeks=all): the indexed "next new card" query (kinds interleaved)
                   as the session asks it (the timed sessions here mostly answer due cards)
    answer         ReviewSession.rate(): one answer committed in its own transaction (FSRS + log row)

and, in the same run, two baselines on the same file and connection settings (WAL,
synchronous=FULL): a bare `SELECT 1` round trip and one committed INSERT into an empty table.
Targets: next card <= 20 ms, answer <= 5 ms (median). Prints median and p99 and ratios.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drills.deck.model import Card, Deck  # noqa: E402
from drills.schedule import Selection, StudyConfig  # noqa: E402
from drills.store import Store, to_ms  # noqa: E402
from drills.app.review import ReviewSession  # noqa: E402

KINDS = ("concept", "pitfall", "command", "step", "challenge")
NOW = datetime(2026, 11, 26, 10, tzinfo=timezone.utc)


def build(path: Path, n_cards: int, n_reviews: int, seed: int = 1) -> list[Deck]:
    rng = random.Random(seed)
    weeks = 12
    per_week = n_cards // weeks
    decks = []
    for week in range(1, weeks + 1):
        cards = [Card(id=f"w{week:02d}.{KINDS[i % 5]}.{i:05d}", week=week, kind=KINDS[i % 5],
                      front=f"question {week}/{i}", back=f"answer {i}") for i in range(per_week)]
        decks.append(Deck(week=week, title=f"Week {week}", cards=cards))
    store = Store.open(path)
    t = time.perf_counter()
    store.cards.sync(decks, NOW)
    sync_s = time.perf_counter() - t
    day = 86_400_000
    now_ms = to_ms(NOW)
    store.close()
    # Bulk fill on a plain connection without fsync (the data is throwaway): one transaction,
    # executemany, reviews sorted by time so the (at) index is appended to, not scattered.
    t = time.perf_counter()
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("PRAGMA journal_mode = OFF")  # no WAL copy of 300 MB; restored to WAL below
    c.execute("PRAGMA synchronous = OFF")
    c.execute("PRAGMA cache_size = -262144")
    c.execute("BEGIN")
    nums = [r[0] for r in c.execute("SELECT num FROM cards")]
    scheduled = [n for n in nums if rng.random() < 0.6]
    c.executemany(
        "UPDATE cards SET state = 2, step = NULL, stability = ?, difficulty = ?, due = ?, last_review = ?,"
        " reps = ?, lapses = ? WHERE num = ?",
        [(rng.uniform(1, 200), rng.uniform(1, 10), now_ms + rng.randint(-30 * day, 365 * day),
          now_ms - rng.randint(1, 60) * day, rng.randint(1, 30), rng.randint(0, 3), n) for n in scheduled])
    before = json.dumps({"state": 2, "step": None, "stability": 10.0, "difficulty": 5.0, "due": now_ms,
                         "last_review": now_ms, "reps": 3, "lapses": 0, "suspended": 0,
                         "buried_until": None, "tags": []})
    # random.choices draws a million values in C; randint in a Python loop took 8 s.
    times = sorted(now_ms - day - int(r * 729 * day) for r in (rng.random() for _ in range(n_reviews)))
    card_nums = rng.choices(scheduled, k=n_reviews)
    ratings = rng.choices((1, 2, 3, 4), weights=(1, 1, 6, 2), k=n_reviews)
    durations = rng.choices(range(500, 30_000, 100), k=n_reviews)
    c.executemany(
        "INSERT INTO reviews (card_num, at, rating, duration_ms, typed, verdict, auto, before, mode,"
        " state_before, correct) VALUES (?, ?, ?, ?, NULL, NULL, 0, ?, 'review', 2, NULL)",
        zip(card_nums, times, ratings, durations, [before] * n_reviews))
    c.execute("COMMIT")
    c.execute("ANALYZE")
    c.execute("PRAGMA journal_mode = WAL")
    c.close()
    fill_s = time.perf_counter() - t
    print(f"built {n_cards} cards ({len(scheduled)} scheduled) and {n_reviews} reviews: "
          f"sync {sync_s:.1f} s, bulk fill {fill_s:.1f} s, file {path.stat().st_size / 1e6:.0f} MB")
    return decks


def timed(fn, reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(name: str, ms: list[float], base: float | None = None, target: float | None = None) -> str:
    ms = sorted(ms)
    med = statistics.median(ms)
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    line = f"{name:<34} median {med:8.3f} ms   p99 {p99:8.3f} ms"
    if base:
        line += f"   x{med / base:7.1f} baseline"
    if target:
        line += f"   target <= {target:g} ms: {'ok' if med <= target else 'MISSED'}"
    return line


def measure(store: Store, session: ReviewSession, reps: int) -> list[str]:
    def insert_empty():
        with store.db.write() as c:
            c.execute("INSERT INTO bench_empty VALUES (1)")

    rng = random.Random(2)
    # Round-robin, so that the disk's mood (e.g. write-back after the bulk fill) hits every figure alike.
    select1, insert, next_due, next_new, next_card, answers = [], [], [], [], [], []
    for _ in range(reps):
        select1 += timed(lambda: store.conn.execute("SELECT 1").fetchone(), 1)
        insert += timed(insert_empty, 1)
        next_due += timed(lambda: store.cards.next_due(NOW), 1)
        next_new += timed(lambda: store.cards.next_new(NOW, Selection.of(session.weeks)), 1)
        t = time.perf_counter()
        card = session.next_card()
        t1 = time.perf_counter()
        session.rate(card, rng.choice((1, 3, 3, 4)), 1000)
        t2 = time.perf_counter()
        next_card.append((t1 - t) * 1000)
        answers.append((t2 - t1) * 1000)
    base_read, base_write = statistics.median(select1), statistics.median(insert)
    return [
        summary("baseline: SELECT 1", select1),
        summary("baseline: committed INSERT (empty)", insert),
        summary("next due card (cards.next_due)  ", next_due, base_read),
        summary("next new card (cards.next_new)  ", next_new, base_read),
        summary("next card (session.next_card)", next_card, base_read, 20),
        summary("answer committed (session.rate)", answers, base_write, 5),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=50_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--keep", type=Path, help="build the database in this folder and keep it")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="drills-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench.db"
    if path.exists():
        for p in folder.glob("bench.db*"):
            p.unlink()
    decks = build(path, args.cards, args.reviews)

    store = Store.open(path)
    store.conn.execute("CREATE TABLE IF NOT EXISTS bench_empty (x INTEGER)")
    clock = [NOW]
    cfg = StudyConfig(new_cards_per_day=10 * args.reps)
    t = time.perf_counter()
    session = ReviewSession(store, decks, config=cfg, clock=lambda: clock[0])
    open_s = time.perf_counter() - t
    print(f"session start (sync of {args.cards} unchanged cards): {open_s * 1000:.0f} ms")
    for sync_mode in ("FULL", "NORMAL"):
        # FULL is what drills uses (an answer survives a power cut); NORMAL shows the cost without
        # the per-commit fsync (still safe against crashes and kill -9, not against power loss).
        store.conn.execute(f"PRAGMA synchronous = {sync_mode}")
        print(f"-- synchronous = {sync_mode}")
        for line in measure(store, session, args.reps):
            print(line)
    store.close()
    if not args.keep:
        for p in folder.glob("bench.db*"):
            p.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
