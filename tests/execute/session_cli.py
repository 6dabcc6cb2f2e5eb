"""Helpers for the session tests: `drill speed`/`drill review` through click's CliRunner in line mode
(answers on stdin), and what the store kept."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from drills.cli import main

RIGHT1 = "kubectl create deployment web --image=nginx --replicas=2"
CREATE_SVC = "kubectl create service clusterip web --tcp=80:80"


def run(args, text, db):
    return CliRunner().invoke(main, [*args, "--db", str(db)], input=text)


def verdicts(db):
    """(card id, typed, verdict status) of every review row, oldest first."""
    with sqlite3.connect(db) as conn:
        return [(cid, typed, status) for cid, typed, status in conn.execute(
            "SELECT c.id, r.typed, json_extract(r.verdict, '$.status') FROM reviews r "
            "JOIN cards c ON c.num = r.card_num ORDER BY r.id")]
