"""``ProgressStore`` over one SQLite file.

The safety properties (private files, one commit per write, busy retries,
refusing newer or damaged files) live in ``database``; this module maps the
store's methods onto tables, and aggregates in SQL where volume matters
(replies are bucketed per quarter hour, sessions tallied by GROUP BY).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ipt_trainer import paths
from ipt_trainer.core.model import Skill
from ipt_trainer.core.phq9 import Phq9Result
from ipt_trainer.core.progress import (
    MoodPoint,
    Phq9Point,
    ProgressInputs,
    ScoreBucket,
    SessionTally,
)
from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.store import facts
from ipt_trainer.store.convert import (
    RECORDS,
    dump_json,
    iso,
    parse_time,
    to_record,
    to_row,
    trusted_records,
)
from ipt_trainer.store.database import Clock, Database, recover, utcnow
from ipt_trainer.store.errors import StoreCorrupted, StoreError
from ipt_trainer.store.merge import import_rows, insert_row
from ipt_trainer.store.protocol import ProgressStore
from ipt_trainer.store.records import (
    HomeworkRecord,
    HomeworkStatus,
    MoodRecord,
    MoodWhen,
    Phq9Record,
    ReplyRecord,
    ReplySource,
    SafetyEventRecord,
    SessionRecord,
    SessionStatus,
)
from ipt_trainer.store.schema import TABLES

FILENAME = "progress.sqlite3"
T = TypeVar("T")
R = TypeVar("R", bound=BaseModel)

_ORDER = {
    "sessions": "started_at, id",
    "homework_assignments": "added_at, id",
}
_BUCKETS_SQL = """
SELECT quarter, replies, a_count, a_sum, a_max, l_count, l_sum, l_max, c_count, c_sum, c_max
FROM reply_quarters ORDER BY quarter
"""


def default_path(directory: Path | None = None) -> Path:
    """The progress file inside ``directory`` (default: the data dir)."""
    return (directory if directory is not None else paths.data_dir()) / FILENAME


class SqliteStore:
    """``ProgressStore`` over one SQLite file; see the module docstring."""

    def __init__(
        self,
        directory: Path | None = None,
        *,
        clock: Clock = utcnow,
        busy_timeout_ms: int = 5000,
        retries: int = 5,
    ) -> None:
        self._path = default_path(directory)
        self._clock = clock
        self._db = Database(self._path, busy_timeout_ms=busy_timeout_ms, retries=retries)

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    def _transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return self._db.transaction(work)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return self._db.query(sql, params)

    def _records(self, kind: type[R], sql: str, params: Sequence[Any] = ()) -> list[R]:
        columns, rows = self._db.query_columns(sql, params)
        return trusted_records(kind, columns, rows)

    def _now(self) -> str:
        return iso(self._clock())

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def recover(path: Path, clock: Clock = utcnow) -> Path:
        """Set a damaged file aside as ``<name>.corrupt-<ts>.bak`` (kept); see ``database``."""
        return recover(path, clock)

    def integrity_check(self) -> list[str]:
        """Problems the full integrity check finds (empty when the file is sound)."""
        try:
            found = [str(row[0]) for row in self._query("PRAGMA integrity_check")]
        except StoreCorrupted as error:  # damage so bad the check itself stops
            return [error.detail]
        return [] if found == ["ok"] else found

    def schema_version(self) -> int:
        """The file's schema version."""
        return int(self._query("PRAGMA user_version")[0][0])

    # sessions ----------------------------------------------------------------

    def start_session(
        self,
        *,
        scenario_id: str,
        scenario_version: int,
        scenario_hash: str,
        title: str,
        seed: int,
        problem_area: str | None = None,
        personalisation: Mapping[str, str] | None = None,
        engine_state: str | None = None,
    ) -> SessionRecord:
        """Open a new session and return it."""
        record = SessionRecord(
            id=uuid.uuid4().hex,
            scenario_id=scenario_id,
            scenario_version=scenario_version,
            scenario_hash=scenario_hash,
            title=title,
            problem_area=problem_area,
            personalisation=dict(personalisation or {}),
            seed=seed,
            started_at=parse_time(self._now()),
            engine_state=engine_state,
        )
        self._insert("sessions", record)
        return record

    def save_engine_state(self, session_id: str, engine_state: str) -> None:
        """Keep the engine's state for resume."""
        self._update_session(session_id, "engine_state = ?", (engine_state,))

    def finish_session(
        self, session_id: str, *, ending: str, outcome: str | None, engine_state: str | None = None
    ) -> SessionRecord:
        """Mark the session finished at ``ending``."""
        self._update_session(
            session_id,
            "status = 'finished', ended_at = ?, ending = ?, outcome = ?, "
            "engine_state = coalesce(?, engine_state)",
            (self._now(), ending, outcome, engine_state),
        )
        return self._session_or_fail(session_id)

    def abandon_session(self, session_id: str) -> SessionRecord:
        """Mark the session abandoned."""
        self._update_session(
            session_id, "status = 'abandoned', ended_at = coalesce(ended_at, ?)", (self._now(),)
        )
        return self._session_or_fail(session_id)

    def _update_session(self, session_id: str, assignments: str, params: Sequence[Any]) -> None:
        def work(conn: sqlite3.Connection) -> int:
            sql = f"UPDATE sessions SET {assignments} WHERE id = ?"
            return conn.execute(sql, (*params, session_id)).rowcount

        if self._transaction(work) == 0:
            raise StoreError(f"no session {session_id} in {self._path}")

    def _session_or_fail(self, session_id: str) -> SessionRecord:
        found = self.session(session_id)
        if found is None:
            raise StoreError(f"no session {session_id} in {self._path}")
        return found

    def session(self, session_id: str) -> SessionRecord | None:
        """One session, or None."""
        found = self._records(SessionRecord, "SELECT * FROM sessions WHERE id = ?", (session_id,))
        return found[0] if found else None

    def sessions(self, status: SessionStatus | None = None) -> list[SessionRecord]:
        """Sessions, oldest first."""
        if status is None:
            return self._records(SessionRecord, "SELECT * FROM sessions ORDER BY started_at, id")
        return self._records(
            SessionRecord,
            "SELECT * FROM sessions WHERE status = ? ORDER BY started_at, id",
            (status,),
        )

    # replies -------------------------------------------------------------------

    def record_reply(
        self,
        session_id: str,
        *,
        turn: int,
        node: str,
        text: str,
        source: ReplySource,
        context: str = "",
        suggestion_id: str | None = None,
        score: ReplyScore | None = None,
        route_index: int | None = None,
        next_node: str | None = None,
    ) -> ReplyRecord:
        """Save one reply, committed before this returns."""
        columns: dict[str, Any] = {
            "session_id": session_id,
            "turn": turn,
            "node": node,
            "context": context,
            "text": text,
            "source": source,
            "suggestion_id": suggestion_id,
            "scores": None if score is None else dump_json(score.model_dump(mode="json")),
            "route_index": route_index,
            "next_node": next_node,
            "created_at": self._now(),
            "rewound": 0,
        }
        if score is not None:
            columns |= {
                "assertiveness": score.assertiveness,
                "assertiveness_style": score.assertiveness_style,
                "active_listening": score.active_listening,
                "listening_level": score.listening_level,
                "conflict_resolution": score.conflict_resolution,
                "conflict_mode": score.conflict_mode,
            }
        new_id = self._transaction(lambda conn: insert_row(conn, "replies", columns))
        return to_record(ReplyRecord, {"id": new_id, **_reply_defaults(), **columns})

    def mark_rewound(self, session_id: str, turns: Sequence[int]) -> None:
        """Flag turns the learner stepped back from."""
        self._transaction(
            lambda conn: conn.executemany(
                "UPDATE replies SET rewound = 1 WHERE session_id = ? AND turn = ?",
                [(session_id, turn) for turn in turns],
            )
        )

    def replies(self, session_id: str | None = None) -> list[ReplyRecord]:
        """Replies in the order recorded."""
        if session_id is None:
            return self._records(ReplyRecord, "SELECT * FROM replies ORDER BY id")
        return self._records(
            ReplyRecord, "SELECT * FROM replies WHERE session_id = ? ORDER BY id", (session_id,)
        )

    # wellbeing, safety, homework ---------------------------------------------------

    def record_safety_event(
        self, category: str, *, session_id: str | None = None, text: str | None = None
    ) -> SafetyEventRecord:
        """Note a safety event (text only when the user chose to keep it)."""
        row = {"session_id": session_id, "created_at": self._now(), "category": category}
        row["text"] = text
        return self._insert_new(SafetyEventRecord, "safety_events", row)

    def safety_events(self) -> list[SafetyEventRecord]:
        """Safety events, oldest first."""
        return self._records(SafetyEventRecord, "SELECT * FROM safety_events ORDER BY id")

    def record_mood(
        self, value: int, *, when: MoodWhen = "standalone", session_id: str | None = None
    ) -> MoodRecord:
        """Save a mood check-in."""
        if not 0 <= value <= 10:
            raise StoreError(f"a mood is 0-10, not {value}")
        row = {"value": value, "when": when, "session_id": session_id, "created_at": self._now()}
        return self._insert_new(MoodRecord, "moods", row)

    def moods(self) -> list[MoodRecord]:
        """Mood check-ins, oldest first."""
        return self._records(MoodRecord, "SELECT * FROM moods ORDER BY id")

    def record_phq9(self, result: Phq9Result) -> Phq9Record:
        """Save a scored PHQ-9."""
        row = {
            "answers": dump_json(list(result.answers)),
            "total": result.total,
            "band": result.band,
            "created_at": self._now(),
        }
        return self._insert_new(Phq9Record, "phq9", row)

    def phq9_results(self) -> list[Phq9Record]:
        """PHQ-9 results, oldest first."""
        return self._records(Phq9Record, "SELECT * FROM phq9 ORDER BY id")

    def add_homework(
        self,
        *,
        homework_id: str,
        label: str,
        scenario_id: str | None = None,
        due: date | None = None,
        targets: Mapping[str, Any] | None = None,
        note: str | None = None,
        personalisation: Mapping[str, str] | None = None,
    ) -> HomeworkRecord:
        """Add an assignment."""
        record = HomeworkRecord(
            id=uuid.uuid4().hex,
            homework_id=homework_id,
            label=label,
            scenario_id=scenario_id,
            due=due,
            targets=dict(targets or {}),
            note=note,
            personalisation=dict(personalisation or {}),
            added_at=parse_time(self._now()),
        )
        self._insert("homework_assignments", record)
        return record

    def homework(self, status: HomeworkStatus | None = None) -> list[HomeworkRecord]:
        """Assignments, oldest first."""
        sql = "SELECT * FROM homework_assignments"
        params: tuple[str, ...] = ()
        if status is not None:
            sql, params = sql + " WHERE status = ?", (status,)
        return self._records(HomeworkRecord, sql + " ORDER BY added_at, id", params)

    def set_homework_status(self, assignment_id: str, status: HomeworkStatus) -> HomeworkRecord:
        """Change an assignment's status."""
        changed = self._transaction(
            lambda conn: (
                conn.execute(
                    "UPDATE homework_assignments SET status = ? WHERE id = ?",
                    (status, assignment_id),
                ).rowcount
            )
        )
        found = self._records(
            HomeworkRecord, "SELECT * FROM homework_assignments WHERE id = ?", (assignment_id,)
        )
        if not changed or not found:
            raise StoreError(f"no homework assignment {assignment_id} in {self._path}")
        return found[0]

    # whole store ---------------------------------------------------------------------

    def progress_inputs(self) -> ProgressInputs:
        """Replies as per-quarter-hour sums (kept by triggers); sessions tallied in SQL."""
        buckets = list(map(ScoreBucket._make, self._db.query_tuples(_BUCKETS_SQL)))
        tallies = [
            SessionTally(row[0], row[1], row[2], row[3], row[4])
            for row in self._query(
                "SELECT scenario_id, problem_area, status, outcome, count(*) FROM sessions "
                "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
            )
        ]
        moods = [
            MoodPoint(at=record.created_at, value=record.value, when=record.when)
            for record in self.moods()
        ]
        phq9 = [
            Phq9Point(at=record.created_at, total=record.total, band=record.band)
            for record in self.phq9_results()
        ]
        return ProgressInputs(buckets=buckets, sessions=tallies, moods=moods, phq9=phq9)

    # report facts (see ``store.facts``) --------------------------------------------

    def kept_buckets(self, first_quarter: int = 0) -> list[ScoreBucket]:
        """Quarter-hour sums from ``first_quarter`` on; scores of kept replies only."""
        return facts.kept_buckets(self._db, first_quarter)

    def kept_days(self, first_quarter: int, spans: Sequence[tuple[int, int]]) -> list[ScoreBucket]:
        """``kept_buckets`` summed per local day; ``spans``: (first quarter, UTC offset)."""
        return facts.kept_days(self._db, first_quarter, spans)

    def quarter_span(self) -> tuple[int, int] | None:
        """The first and last quarter hour with a reply."""
        return facts.quarter_span(self._db)

    def kept_values(self, skill: Skill, first: int, until: int | None) -> list[int]:
        """One skill's kept scores in quarter hours ``first`` to ``until`` (excluded)."""
        return facts.kept_values(self._db, skill, first, until)

    def ranked_replies(
        self, *, since: datetime | None, strongest: bool, limit: int
    ) -> list[ReplyRecord]:
        """The strongest (or weakest) typed, kept replies since ``since``."""
        return facts.ranked_replies(self._db, since=since, strongest=strongest, limit=limit)

    def scenario_facts(
        self, since: datetime | None
    ) -> tuple[list[facts.ScenarioFacts], list[facts.EndingFacts]]:
        """Sessions started since ``since``, per scenario and per ending."""
        return facts.scenario_facts(self._db, since)

    def assignment_facts(self) -> dict[str, facts.AssignmentFacts]:
        """Each assignment's sessions and best scores since it was added."""
        return facts.assignment_facts(self._db)

    def session_titles(self, ids: Sequence[str]) -> dict[str, str]:
        """Titles of a few sessions."""
        return facts.session_titles(self._db, ids)

    def is_empty(self) -> bool:
        """True when no table has a row."""
        return all(not self._query(f"SELECT 1 FROM {table} LIMIT 1") for table in TABLES)

    def all_records(self) -> dict[str, list[BaseModel]]:
        """Every table, parents first, each in a stable order."""
        result: dict[str, list[BaseModel]] = {}
        for table in TABLES:
            order = _ORDER.get(table, "id")
            result[table] = list(
                self._records(RECORDS[table], f"SELECT * FROM {table} ORDER BY {order}")
            )
        return result

    def import_records(
        self, tables: Mapping[str, Sequence[BaseModel]], *, merge: bool = False
    ) -> dict[str, int]:
        """Add exported records in one transaction (all or nothing).

        Into an empty store everything goes in as it was, ids included, so an
        export of the result is byte-identical. With ``merge``, sessions and
        assignments already present (same id) are skipped with their replies,
        and other rows identical to one already kept are skipped.
        """

        def work(conn: sqlite3.Connection) -> dict[str, int]:
            # checked inside the transaction, so no other writer can slip in between
            if not merge and any(
                conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in TABLES
            ):
                raise StoreError(
                    f"{self._path} already holds progress; use --merge to add to it, "
                    "or 'ipt-trainer forget --all' first."
                )
            return import_rows(conn, tables, merge)

        return self._transaction(work)

    def _insert(self, table: str, record: BaseModel) -> None:
        row = to_row(record)
        self._transaction(lambda conn: insert_row(conn, table, row))

    def _insert_new(self, kind: type[R], table: str, row: dict[str, Any]) -> R:
        new_id = self._transaction(lambda conn: insert_row(conn, table, row))
        return to_record(kind, {"id": new_id, **row})


def _reply_defaults() -> dict[str, Any]:
    return dict.fromkeys(
        (
            "assertiveness",
            "assertiveness_style",
            "active_listening",
            "listening_level",
            "conflict_resolution",
            "conflict_mode",
        )
    )


@contextmanager
def opened(directory: Path | None = None, clock: Clock = utcnow) -> Iterator[SqliteStore]:
    """A store for the length of a ``with`` block."""
    store = SqliteStore(directory, clock=clock)
    try:
        yield store
    finally:
        store.close()


def _satisfies_protocol(store: SqliteStore) -> ProgressStore:
    """Never called: mypy proves here that ``SqliteStore`` is a ``ProgressStore``."""
    return store
