"""The disagreement log: answers the grammar checker rejected that did what the deck's answer does
(and deck answers that would not run in the sandbox), for the deck author (`drill check --disagreements`).

One JSON object per line in ``$XDG_DATA_HOME/drills/disagreements.jsonl``; appended, never rewritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def default_log_path() -> Path:
    from drills.deck.files import data_dir

    return data_dir() / "disagreements.jsonl"


@dataclass
class Disagreement:
    """``grammar`` and ``effect`` are the two verdicts (dicts with status, reasons, notes)."""

    card: str | None
    expected: list[str]
    answer: str
    grammar: dict[str, Any]
    effect: dict[str, Any]
    at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "card": self.card, "expected": list(self.expected), "answer": self.answer,
                "grammar": self.grammar, "effect": self.effect}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Disagreement:
        return cls(d.get("card"), list(d.get("expected") or []), str(d.get("answer", "")),
                   dict(d.get("grammar") or {}), dict(d.get("effect") or {}), str(d.get("at", "")))


class DisagreementLog:
    """Appends to and reads ``path`` (created with its folder on the first append)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_log_path()

    def add(self, d: Disagreement) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")

    def read(self) -> list[Disagreement]:
        """Every entry; a line that is not a JSON object (a torn write) is skipped."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        out = []
        for line in text.splitlines():
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(d, dict):
                out.append(Disagreement.from_dict(d))
        return out
