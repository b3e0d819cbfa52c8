"""Migrations: each version's fixture database upgrades with its data intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ipt_trainer.core.progress import buckets_from_replies
from ipt_trainer.store import SqliteStore
from ipt_trainer.store.schema import MIGRATIONS, SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"


def build(script: Path, folder: Path) -> Path:
    """A database file from a committed SQL script, as an older version left it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "progress.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(script.read_text(encoding="utf-8"))
    conn.close()
    return path


def schema_of(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    ).fetchall()
    return [(name, " ".join(sql.split())) for name, sql in rows]


def test_every_old_version_has_a_fixture() -> None:
    for version in range(1, SCHEMA_VERSION):
        assert (FIXTURES / f"v{version}.sql").is_file(), f"add tests/fixtures/db/v{version}.sql"


def test_v1_fixture_matches_migration_one(tmp_path: Path) -> None:
    fixture = sqlite3.connect(build(FIXTURES / "v1.sql", tmp_path / "old"))
    fresh = sqlite3.connect(":memory:")
    fresh.executescript(MIGRATIONS[0])
    assert schema_of(fixture) == schema_of(fresh)
    assert fixture.execute("PRAGMA user_version").fetchone()[0] == 1
    fixture.close()


def test_v1_upgrades_to_current_with_data_intact(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    build(FIXTURES / "v1.sql", folder)
    with SqliteStore(folder) as store:
        assert store.schema_version() == SCHEMA_VERSION
        indexes = {row[0] for row in store._db.query("SELECT name FROM sqlite_master")}
        assert {"reply_quarters", "replies_rollup_insert", "replies_created_at"} <= indexes
        # the roll-up was back-filled from the old replies
        assert list(store.progress_inputs().buckets) == buckets_from_replies(store.replies())
        (session,) = store.sessions()
        assert (session.title, session.outcome, session.personalisation) == (
            "Talking about the rent",
            "repaired",
            {"partner": "Sam"},
        )
        typed, picked = store.replies()
        score = typed.reply_score()
        assert score is not None and score.conflict_mode == "collaborating"
        assert picked.source == "suggestion" and picked.scores is None
        assert [m.value for m in store.moods()] == [6]
        assert [p.band for p in store.phq9_results()] == ["mild"]
        assert [e.category for e in store.safety_events()] == ["phq9_item9"]
        assert store.homework()[0].targets == {"assertiveness": 70}
        assert store.integrity_check() == []
        store.record_reply(session.id, turn=2, node="n", text="more", source="typed")
        assert list(store.progress_inputs().buckets) == buckets_from_replies(store.replies())


def test_fresh_store_schema_equals_upgraded_schema(tmp_path: Path) -> None:
    build(FIXTURES / "v1.sql", tmp_path / "old")
    SqliteStore(tmp_path / "old").close()
    SqliteStore(tmp_path / "new").close()
    upgraded = sqlite3.connect(tmp_path / "old" / "progress.sqlite3")
    fresh = sqlite3.connect(tmp_path / "new" / "progress.sqlite3")
    assert schema_of(upgraded) == schema_of(fresh)
    upgraded.close()
    fresh.close()


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    SqliteStore(tmp_path).close()
    with SqliteStore(tmp_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
