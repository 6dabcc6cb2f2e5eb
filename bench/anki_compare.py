"""The due-queue fetch and the answer commit, drills next to Anki's own scheduler, on equal collections.

    python bench/anki_compare.py [--cards 50000] [--reviews 1000000] [--reps 200]

Builds, in a temporary folder, a drills database (bench/study_queue.py's builder: CARDS cards, 60 %
scheduled, REVIEWS review-log rows over two years) and an Anki collection of the same shape with
the official `anki` package (26.9, the desktop app's Rust backend): one Basic note per card, the
same 60 % as review cards with FSRS memory (stability, difficulty), due from 30 days ago to a year
ahead, and REVIEWS revlog rows; FSRS is switched on. Then times, REPS times each, round-robin:

    queue fetch   drills: ReviewSession.next_card()       Anki: col.sched.get_queued_cards()
    answer        drills: ReviewSession.rate() (committed) Anki: col.sched.answer_card() (committed)

Each side's baselines are measured in the same run on its own database: a `SELECT 1` round trip
(for the fetch) and one committed INSERT into an empty table (for the answer). Prints medians and
p99, each figure as a ratio to its baseline, and drills/Anki.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from drills.app.review import ReviewSession  # noqa: E402
from drills.schedule import StudyConfig  # noqa: E402
from drills.store import Store  # noqa: E402


def _queue_bench():
    """bench/study_queue.py as a module (loaded by path: bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("drills_bench_study_queue", HERE / "study_queue.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_anki(path: Path, n_cards: int, n_reviews: int, seed: int = 1):
    """An Anki collection shaped like bench/study_queue.py's drills database (bulk SQL, then a check)."""
    from anki.collection import Collection

    rng = random.Random(seed)
    t = time.perf_counter()
    col = Collection(str(path))
    col.set_config("fsrs", True)
    model = col.models.by_name("Basic")
    did = col.decks.id("Bench")
    col.decks.select(did)
    conf = col.decks.config_dict_for_deck_id(did)
    conf["new"]["perDay"] = 10_000
    conf["rev"]["perDay"] = 100_000
    col.decks.update_config(conf)
    today = col.sched.today
    now_s = int(time.time())
    col.close()  # bulk rows go in through sqlite3 directly: the backend's executemany is row by row
    raw = sqlite3.connect(str(path))
    raw.create_collation("unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold()))
    raw.execute("BEGIN")
    notes, cards = [], []
    base_id = now_s * 1000 - n_cards - 10
    for i in range(n_cards):
        nid = base_id + i
        front, back = f"question {i}", f"answer {i}"
        notes.append((nid, f"g{i:08d}", model["id"], now_s, -1, "", f"{front}\x1f{back}", front, 0, 0, ""))
        if rng.random() < 0.6:
            ivl = rng.randint(1, 200)
            data = json.dumps({"s": round(rng.uniform(1, 200), 2), "d": round(rng.uniform(1, 10), 2),
                               "dr": 0.9})
            cards.append((nid, nid, did, 0, now_s, -1, 2, 2, today + rng.randint(-30, 365), ivl, 2500,
                          rng.randint(1, 30), rng.randint(0, 3), 0, 0, 0, 0, data))
        else:
            cards.append((nid, nid, did, 0, now_s, -1, 0, 0, i, 0, 0, 0, 0, 0, 0, 0, 0, "{}"))
    raw.executemany("insert into notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)"
                       " values (?,?,?,?,?,?,?,?,?,?,?)", notes)
    raw.executemany("insert into cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps,"
                       " lapses, left, odue, odid, flags, data) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       cards)
    scheduled = [c[0] for c in cards if c[6] == 2]
    start_ms = (now_s - 730 * 86_400) * 1000
    ids = sorted(rng.sample(range(start_ms, now_s * 1000 - 86_400_000), n_reviews))
    raw.executemany("insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                       " values (?,?,-1,?,?,?,2500,?,1)",
                       [(rid, cid, ease, 10, 5, dur) for rid, cid, ease, dur in zip(
                           ids, rng.choices(scheduled, k=n_reviews),
                           rng.choices((1, 2, 3, 4), weights=(1, 1, 6, 2), k=n_reviews),
                           rng.choices(range(500, 30_000, 100), k=n_reviews))])
    raw.execute("COMMIT")
    raw.execute("ANALYZE")
    raw.close()
    col = Collection(str(path))
    col.decks.select(did)
    col.db.execute("create table if not exists bench_empty (x integer)")
    print(f"anki: built {n_cards} cards ({len(scheduled)} scheduled) and {n_reviews} revlog rows "
          f"in {time.perf_counter() - t:.1f} s")
    return col


def stats(ms: list[float]) -> tuple[float, float]:
    ms = sorted(ms)
    return statistics.median(ms), ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=50_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=200)
    args = ap.parse_args()
    try:
        import anki.collection  # noqa: F401  (first: anki.scheduler imports it, circularly)
        from anki.scheduler.v3 import CardAnswer
    except ImportError:
        raise SystemExit("the `anki` package is needed: pip install -e '.[test]'") from None

    folder = Path(tempfile.mkdtemp(prefix="drills-anki-bench-"))
    queue_bench = _queue_bench()
    decks = queue_bench.build(folder / "drills.db", args.cards, args.reviews)
    col = build_anki(folder / "anki.anki2", args.cards, args.reviews)
    store = Store.open(folder / "drills.db")
    store.conn.execute("CREATE TABLE IF NOT EXISTS bench_empty (x INTEGER)")
    now = queue_bench.NOW
    session = ReviewSession(store, decks, config=StudyConfig(new_cards_per_day=10 * args.reps),
                            clock=lambda: now)

    def drills_insert() -> None:
        with store.db.write() as c:
            c.execute("INSERT INTO bench_empty VALUES (1)")

    def anki_insert() -> None:
        col.db.execute("insert into bench_empty values (1)")  # the backend commits each statement

    rng = random.Random(3)
    figures: dict[str, list[float]] = {k: [] for k in (
        "drills select1", "drills insert", "drills fetch", "drills answer",
        "anki select1", "anki insert", "anki fetch", "anki answer")}

    def clock(name: str, fn) -> object:
        t = time.perf_counter()
        out = fn()
        figures[name].append((time.perf_counter() - t) * 1000)
        return out

    ratings = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}
    for _ in range(args.reps):
        rating = rng.choice((1, 3, 3, 4))
        clock("drills select1", lambda: store.conn.execute("SELECT 1").fetchone())
        clock("drills insert", drills_insert)
        card = clock("drills fetch", session.next_card)
        clock("drills answer", lambda card=card, rating=rating: session.rate(card, rating, 1000))
        clock("anki select1", lambda: col.db.scalar("select 1"))
        clock("anki insert", anki_insert)
        queued = clock("anki fetch", lambda: col.sched.get_queued_cards(fetch_limit=1))
        qc = queued.cards[0]
        anki_card = col.get_card(qc.card.id)
        anki_card.start_timer()
        answer = col.sched.build_answer(card=anki_card, states=qc.states, rating=ratings[rating])
        clock("anki answer", lambda answer=answer: col.sched.answer_card(answer))
    store.close()
    col.close()

    med = {k: stats(v)[0] for k, v in figures.items()}
    print(f"{args.reps} fetches and answers each, {args.cards} cards, {args.reviews} reviews")
    for side in ("drills", "anki"):
        for kind, base in (("fetch", "select1"), ("answer", "insert")):
            m, p99 = stats(figures[f"{side} {kind}"])
            print(f"{side:<6} {'due-queue fetch' if kind == 'fetch' else 'answer commit':<16} median {m:8.3f} ms"
                  f"   p99 {p99:8.3f} ms   x{m / med[f'{side} {base}']:8.1f} its baseline ({base})")
    for kind in ("fetch", "answer"):
        print(f"drills/anki {kind}: {med[f'drills {kind}'] / med[f'anki {kind}']:.2f}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
