"""Option types shared by the commands: values are bounded where they are parsed, so a
``--week 100000000000000000000000`` is a one-line usage error, not an overflow deep in SQLite."""

from __future__ import annotations

import click

# Decks are for weeks 1-99 (the deck loader refuses any other week number).
WEEK = click.IntRange(1, 99)
