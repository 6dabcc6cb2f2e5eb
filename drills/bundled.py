"""Where the data bundled with drills is (the built-in course pages and decks), in an installed wheel
or in a source checkout. (Not to be confused with drills/kubectl/resources.py, the resource types.)"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _packaged(sub: str, repo_dir: str) -> Path:
    # A wheel carries them inside the package (drills/_decks, drills/_weeks); in a checkout those are
    # symlinks to the repo's top-level folders, read directly where a checkout has no symlinks.
    packaged = _HERE / sub
    return packaged if packaged.is_dir() else _HERE.parent / repo_dir


def builtin_decks_dir() -> Path:
    """Folder holding the built-in ``week-NN.yaml`` decks."""
    return _packaged("_decks", "decks")


def builtin_weeks_dir() -> Path:
    """Folder holding the built-in course pages (``NN-slug.md``)."""
    return _packaged("_weeks", "data/weeks")
