"""The SQLite store: what goes in comes back, privately, with the injected clock's times."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_helpers import StepClock, make_score, start

from ipt_trainer.core import phq9
from ipt_trainer.core.progress import buckets_from_replies
from ipt_trainer.store import SqliteStore, StoreError
from ipt_trainer.store.schema import SCHEMA_VERSION


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_files_are_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "nested" / "data"
    with SqliteStore(folder) as store:
        sid = start(store)
        store.record_reply(sid, turn=0, node="ask", text="hello", source="typed")
        assert mode(folder) == 0o700
        for suffix in ("", "-wal", "-shm"):
            side = Path(f"{store.path}{suffix}")
            assert side.exists(), suffix
            assert mode(side) == 0o600, suffix


def test_files_stay_private_under_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        with SqliteStore(tmp_path / "d") as store:
            store.record_mood(5)
            files = [Path(f"{store.path}{s}") for s in ("", "-wal", "-shm")]
            assert [mode(f) for f in files] == [0o600] * 3
    finally:
        os.umask(old)


def test_wal_foreign_keys_and_version(store: SqliteStore) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    assert store._db.query("PRAGMA journal_mode")[0][0] == "wal"
    assert store._db.query("PRAGMA foreign_keys")[0][0] == 1
    assert store._db.query("PRAGMA busy_timeout")[0][0] > 0


def test_session_lifecycle(store: SqliteStore, clock: StepClock) -> None:
    sid = start(store)
    opened = store.session(sid)
    assert opened is not None and opened.status == "open"
    assert opened.started_at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert opened.personalisation == {"partner": "Sam"}
    store.save_engine_state(sid, '{"format": 1}')
    done = store.finish_session(sid, ending="end_repaired", outcome="repaired")
    assert (done.status, done.ending, done.outcome) == ("finished", "end_repaired", "repaired")
    assert done.engine_state == '{"format": 1}'
    assert done.ended_at is not None and done.ended_at > done.started_at
    other = start(store)
    assert store.abandon_session(other).status == "abandoned"
    assert [s.id for s in store.sessions()] == [sid, other]
    assert [s.id for s in store.sessions("finished")] == [sid]
    assert store.session("0" * 32) is None
    with pytest.raises(StoreError, match="no session"):
        store.save_engine_state("0" * 32, "{}")


def test_replies_keep_scores_and_columns(store: SqliteStore) -> None:
    sid = start(store)
    score = make_score(70, 55, None)
    typed = store.record_reply(
        sid,
        turn=0,
        node="ask",
        text="I feel worried",
        source="typed",
        context="Hi",
        score=score,
        route_index=1,
        next_node="n2",
    )
    picked = store.record_reply(
        sid, turn=1, node="n2", text="Could we talk?", source="suggestion", suggestion_id="s1"
    )
    assert store.replies() == [typed, picked]
    assert store.replies(sid)[0].reply_score() == score
    assert typed.assertiveness == 70 and typed.active_listening == 55
    assert typed.conflict_resolution is None and typed.assertiveness_style == "assertive"
    assert picked.scores is None and picked.reply_score() is None
    store.mark_rewound(sid, [1])
    assert [r.rewound for r in store.replies(sid)] == [False, True]


def test_reply_errors_are_store_errors(store: SqliteStore) -> None:
    with pytest.raises(StoreError, match="FOREIGN KEY"):
        store.record_reply("f" * 32, turn=0, node="a", text="x", source="typed")
    sid = start(store)
    store.record_reply(sid, turn=0, node="a", text="x", source="typed")
    with pytest.raises(StoreError, match="UNIQUE"):
        store.record_reply(sid, turn=0, node="a", text="again", source="typed")


def test_wellbeing_safety_and_homework(store: SqliteStore) -> None:
    sid = start(store)
    mood = store.record_mood(3, when="before", session_id=sid)
    assert store.moods() == [mood]
    with pytest.raises(StoreError, match="0-10"):
        store.record_mood(11)
    result = phq9.score([1, 1, 1, 1, 1, 1, 1, 1, 1])
    saved = store.record_phq9(result)
    assert store.phq9_results() == [saved]
    assert saved.answers == result.answers and saved.band == "mild"
    event = store.record_safety_event("phq9_item9")
    assert store.safety_events() == [event] and event.text is None
    task = store.add_homework(
        homework_id="hw1", label="Practise", due=date(2026, 3, 8), targets={"assertiveness": 70}
    )
    assert store.homework("assigned") == [task]
    assert store.set_homework_status(task.id, "done").status == "done"
    assert store.homework("assigned") == []
    with pytest.raises(StoreError, match="no homework"):
        store.set_homework_status("0" * 32, "done")


def test_is_empty(store: SqliteStore) -> None:
    assert store.is_empty()
    store.record_mood(5)
    assert not store.is_empty()


def test_deleting_a_session_keeps_moods_but_drops_its_replies(store: SqliteStore) -> None:
    sid = start(store)
    keep = start(store)
    for turn in range(3):
        store.record_reply(sid, turn=turn, node="a", text="x", source="typed", score=make_score())
        store.record_reply(
            keep,
            turn=turn,
            node="a",
            text="y",
            source="typed",
            score=make_score(90 - turn, 10, None),
        )
    store.record_mood(4, session_id=sid)
    store._db.transaction(lambda conn: conn.execute("DELETE FROM sessions WHERE id = ?", (sid,)))
    assert {r.session_id for r in store.replies()} == {keep}
    assert store.moods()[0].session_id is None
    # the delete trigger recomputed the roll-up, best scores included
    assert list(store.progress_inputs().buckets) == buckets_from_replies(store.replies())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60 * 24 * 40),
            st.one_of(st.none(), st.integers(0, 100)),
            st.integers(0, 100),
            st.one_of(st.none(), st.integers(0, 100)),
        ),
        max_size=20,
    )
)
def test_sql_buckets_match_the_pure_ones(
    tmp_path_factory: pytest.TempPathFactory,
    replies: list[tuple[int, int | None, int, int | None]],
) -> None:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    times = iter(sorted(base + timedelta(minutes=m, seconds=7) for m, *_ in replies))
    folder = tmp_path_factory.mktemp("buckets")
    with SqliteStore(folder, clock=lambda: next(times, base)) as store:
        sid = start(store) if replies else ""
        for turn, (_, a, listening, conflict) in enumerate(replies):
            score = None if a is None else make_score(a, listening, conflict)
            store.record_reply(sid, turn=turn, node="n", text="t", source="typed", score=score)
        assert list(store.progress_inputs().buckets) == buckets_from_replies(store.replies())


def test_progress_inputs_tally_sessions_and_histories(store: SqliteStore) -> None:
    first = start(store)
    store.finish_session(first, ending="e", outcome="repaired")
    start(store, "reflect_drill", None)
    store.record_mood(6)
    store.record_phq9(phq9.score([0] * 9))
    got = store.progress_inputs()
    assert sorted((t.scenario_id, t.status, t.outcome, t.count) for t in got.sessions) == [
        ("reflect_drill", "open", None, 1),
        ("rent_talk", "finished", "repaired", 1),
    ]
    assert [m.value for m in got.moods] == [6]
    assert [p.total for p in got.phq9] == [0]
