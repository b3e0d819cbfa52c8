"""Export and import: byte-identical round trip, merge, and clear refusals."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from store_helpers import StepClock, make_score, start

from ipt_trainer.core import phq9
from ipt_trainer.store import SqliteStore, StoreError
from ipt_trainer.store.transfer import csv_tables, export_json, import_json, parse_export


def fill(store: SqliteStore) -> None:
    sid = start(store)
    store.save_engine_state(sid, '{"format": 1, "position": {"rng": [3, [1, 2], null]}}')
    store.record_reply(
        sid,
        turn=0,
        node="a",
        text="I feel — ünïcode",
        source="typed",
        score=make_score(70, 40, None),
    )
    store.record_reply(sid, turn=1, node="b", text="Picked", source="suggestion", suggestion_id="s")
    store.mark_rewound(sid, [1])
    store.finish_session(sid, ending="end", outcome="partial")
    store.record_mood(4, when="before", session_id=sid)
    store.record_phq9(phq9.score([1, 0, 2, 0, 1, 0, 0, 0, 1]))
    store.record_safety_event("phq9_item9")
    store.record_safety_event("plan", session_id=sid, text="kept by choice")
    store.add_homework(homework_id="hw", label="Try it", targets={"a": [1, 2]})


def test_round_trip_is_byte_identical(tmp_path: Path, store: SqliteStore) -> None:
    fill(store)
    first = export_json(store.all_records())
    with SqliteStore(tmp_path / "empty") as other:
        added = import_json(other, first)
        assert added == {
            "sessions": 1,
            "replies": 2,
            "safety_events": 2,
            "moods": 1,
            "phq9": 1,
            "homework_assignments": 1,
        }
        assert export_json(other.all_records()) == first
        assert other.replies() == store.replies()


def test_document_shape(store: SqliteStore) -> None:
    fill(store)
    document = json.loads(export_json(store.all_records()))
    assert document["format"] == "ipt-trainer-export"
    assert document["format_version"] == 1
    assert set(document["tables"]) == {
        "sessions",
        "replies",
        "safety_events",
        "moods",
        "phq9",
        "homework_assignments",
    }
    assert document["tables"]["replies"][0]["scores"]["assertiveness"] == 70


def test_import_refuses_a_non_empty_store_unless_merging(
    tmp_path: Path, store: SqliteStore, clock: StepClock
) -> None:
    fill(store)
    text = export_json(store.all_records())
    with pytest.raises(StoreError, match="--merge"):
        import_json(store, text)
    with SqliteStore(tmp_path / "other", clock=clock) as other:
        other.record_mood(9)
        added = import_json(other, text, merge=True)
        assert added["sessions"] == 1 and added["replies"] == 2 and added["moods"] == 1
        again = import_json(other, text, merge=True)
        assert set(again.values()) == {0}
        assert sorted(m.value for m in other.moods()) == [4, 9]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not a JSON export"),
        ("[]", "not an IPT Trainer export"),
        ('{"format": "ipt-trainer-export", "format_version": 99, "tables": {}}', "newer"),
        ('{"format": "ipt-trainer-export", "format_version": 1}', "no 'tables'"),
        (
            '{"format": "ipt-trainer-export", "format_version": 1, "tables": {"x": []}}',
            "does not know: x",
        ),
        (
            '{"format": "ipt-trainer-export", "format_version": 1, "tables": {"moods": '
            '[{"id": 1, "value": 12, "when": "before", "created_at": "2026-01-01T00:00:00Z"}]}}',
            "moods item 1 in the export: value",
        ),
    ],
)
def test_bad_exports_are_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        parse_export(text)


def test_failed_import_adds_nothing(tmp_path: Path, store: SqliteStore) -> None:
    fill(store)
    document = json.loads(export_json(store.all_records()))
    document["tables"]["replies"][1]["session_id"] = "f" * 32  # no such session
    with SqliteStore(tmp_path / "empty") as other:
        with pytest.raises(StoreError, match="FOREIGN KEY"):
            import_json(other, json.dumps(document))
        assert other.is_empty()


def test_csv_has_one_table_per_file_with_flat_scores(store: SqliteStore) -> None:
    fill(store)
    tables = csv_tables(store.all_records())
    rows = list(csv.DictReader(io.StringIO(tables["replies"])))
    assert rows[0]["assertiveness"] == "70" and rows[0]["conflict_resolution"] == ""
    assert json.loads(rows[0]["scores"])["active_listening"] == 40
    assert rows[1]["rewound"] == "true"
    phq_rows = list(csv.DictReader(io.StringIO(tables["phq9"])))
    assert json.loads(phq_rows[0]["answers"]) == [1, 0, 2, 0, 1, 0, 0, 0, 1]
