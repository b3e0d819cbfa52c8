"""The derived tables behind report facts stay equal to a recount, whatever happens."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from store_helpers import make_score, start

from ipt_trainer.core.progress import buckets_from_replies
from ipt_trainer.store import SqliteStore
from ipt_trainer.store.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
RECOUNT_QUARTERS = """
SELECT CAST(strftime('%s', created_at) AS INTEGER) / 900 AS q, count(*),
       count(assertiveness), coalesce(sum(assertiveness), 0), max(assertiveness),
       count(active_listening), coalesce(sum(active_listening), 0), max(active_listening),
       count(conflict_resolution), coalesce(sum(conflict_resolution), 0), max(conflict_resolution)
FROM replies WHERE rewound = 0 GROUP BY q ORDER BY q
"""
RECOUNT_BEST = """
SELECT session_id, max(assertiveness), max(active_listening), max(conflict_resolution)
FROM replies WHERE rewound = 0 GROUP BY session_id ORDER BY session_id
"""


def assert_consistent(store: SqliteStore) -> None:
    query = store._db.query_tuples
    assert query("SELECT * FROM kept_quarters ORDER BY quarter") == query(RECOUNT_QUARTERS)
    assert query("SELECT * FROM session_best ORDER BY session_id") == query(RECOUNT_BEST)
    every = [tuple(bucket) for bucket in buckets_from_replies(store.replies())]
    assert [(b[0], b[1]) for b in store.kept_buckets()] == [(b[0], b[1]) for b in every]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=4)
        return self.now


def test_triggers_keep_the_facts_through_inserts_rewinds_and_deletes(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "data", clock=Clock()) as store:
        sessions = [start(store) for _ in range(3)]
        for index, sid in enumerate(sessions):
            for turn in range(8):
                score = make_score() if (turn + index) % 3 else None
                store.record_reply(sid, turn=turn, node="n", text="t", source="typed", score=score)
        assert_consistent(store)
        store.mark_rewound(sessions[0], [5, 6, 7])
        store.mark_rewound(sessions[1], [0])
        assert_consistent(store)
        with sqlite3.connect(store.path) as conn:
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("DELETE FROM replies WHERE session_id = ? AND turn = 2", (sessions[2],))
            conn.execute("DELETE FROM sessions WHERE id = ?", (sessions[1],))
        conn.close()
        assert_consistent(store)
        best = store._db.query_tuples("SELECT session_id FROM session_best")
        assert (sessions[1],) not in best  # nothing is left behind about a removed session


def test_v2_upgrades_with_facts_back_filled(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    conn = sqlite3.connect(folder / "progress.sqlite3")
    conn.executescript((FIXTURES / "v2.sql").read_text(encoding="utf-8"))
    conn.close()
    with SqliteStore(folder) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.kept_buckets()
        assert_consistent(store)
        assert store.integrity_check() == []
