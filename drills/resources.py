"""Where the built-in course pages and decks are, in a wheel or in a source checkout."""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def _packaged(package: str, repo_dir: str) -> Path:
    # A wheel carries them as drills._decks / drills._weeks; an editable install or a bare checkout
    # reads them from the repo's top-level folders (setuptools' editable finder does not map
    # data-only namespace packages inside a regular package).
    try:
        return Path(str(importlib.resources.files(package)))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / repo_dir


def builtin_decks_dir() -> Path:
    """Folder holding the built-in ``week-NN.yaml`` decks."""
    return _packaged("drills._decks", "decks")


def builtin_weeks_dir() -> Path:
    """Folder holding the built-in course pages (``NN-slug.md``)."""
    return _packaged("drills._weeks", "data/weeks")
