"""Aggregates a report reads instead of every reply: a handful of rows each.

They come from the derived tables of migration 3 (``kept_quarters``,
``session_best``) and the ``replies_rank`` index, so an all-time report on
100,000 replies reads a few thousand small rows and six full replies. Times
are compared as stored text (fixed-width UTC, see ``convert.iso``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import pairwise
from typing import NamedTuple

from ipt_trainer.core.model import Skill
from ipt_trainer.core.progress import ScoreBucket
from ipt_trainer.store.convert import iso, parse_time, trusted_records
from ipt_trainer.store.database import Database
from ipt_trainer.store.records import ReplyRecord
from ipt_trainer.store.schema import MEAN, RANKED


class ScenarioFacts(NamedTuple):
    """One scenario's sessions started in a period."""

    scenario_id: str
    title: str
    """The title of its latest session."""
    sessions: int
    finished: int
    last_played: datetime


class EndingFacts(NamedTuple):
    """How often a finished session of a scenario reached one ending."""

    scenario_id: str
    ending: str
    outcome: str | None
    times: int


class AssignmentFacts(NamedTuple):
    """Sessions of an assignment's scenario since it was added, and their best scores."""

    sessions: int
    finished: int
    last_played: datetime | None
    best: tuple[int | None, int | None, int | None]
    """Best kept score per skill, in ``SKILLS`` order."""


_COLUMN = {"assertiveness": "assertiveness", "active_listening": "active_listening"}
_COLUMN["conflict_resolution"] = "conflict_resolution"
_KEPT_BUCKETS = """
SELECT q.quarter, q.replies,
       coalesce(k.a_count, 0), coalesce(k.a_sum, 0), k.a_max,
       coalesce(k.l_count, 0), coalesce(k.l_sum, 0), k.l_max,
       coalesce(k.c_count, 0), coalesce(k.c_sum, 0), k.c_max
FROM reply_quarters AS q LEFT JOIN kept_quarters AS k USING (quarter)
WHERE q.quarter >= ? ORDER BY q.quarter
"""


def kept_buckets(db: Database, first_quarter: int = 0) -> list[ScoreBucket]:
    """Per quarter hour: every reply counted, but scores of kept (not rewound) ones only."""
    return list(map(ScoreBucket._make, db.query_tuples(_KEPT_BUCKETS, (first_quarter,))))


def kept_days(
    db: Database, first_quarter: int, spans: Sequence[tuple[int, int]]
) -> list[ScoreBucket]:
    """``kept_buckets`` summed per local day, in SQL: 16,000 quarter hours become ~730 rows.

    ``spans`` are ``(first quarter, UTC offset in seconds)`` pairs, in order: the
    zone's offset from that quarter on. Each row's ``quarter`` is the day's first
    quarter hour with a reply, so it falls on the same local day.
    """
    if not spans:
        return []
    cases = " ".join("WHEN q.quarter < ? THEN ?" for _ in spans[1:])
    offset = f"CASE {cases} ELSE ? END" if cases else "?"
    params: list[int] = [first_quarter]
    for (_, before), (start, _) in pairwise(spans):
        params += [start, before]
    params.append(spans[-1][1])
    sql = f"""
    SELECT min(q.quarter), sum(q.replies),
           coalesce(sum(k.a_count), 0), coalesce(sum(k.a_sum), 0), max(k.a_max),
           coalesce(sum(k.l_count), 0), coalesce(sum(k.l_sum), 0), max(k.l_max),
           coalesce(sum(k.c_count), 0), coalesce(sum(k.c_sum), 0), max(k.c_max)
    FROM reply_quarters AS q LEFT JOIN kept_quarters AS k USING (quarter)
    WHERE q.quarter >= ?
    GROUP BY (q.quarter * 900 + {offset}) / 86400 ORDER BY 1
    """
    return list(map(ScoreBucket._make, db.query_tuples(sql, params)))


def quarter_span(db: Database) -> tuple[int, int] | None:
    """The first and last quarter hour with a reply, if any."""
    row = db.query_tuples("SELECT min(quarter), max(quarter) FROM reply_quarters")[0]
    return None if row[0] is None else (int(row[0]), int(row[1]))


def kept_values(db: Database, skill: Skill, first: int, until: int | None) -> list[int]:
    """One skill's kept scores from quarter hour ``first`` up to ``until`` (excluded; None:
    to the end), in the order given."""
    column = _COLUMN[skill]
    params = [iso(datetime.fromtimestamp(first * 900, UTC))]
    upper = ""
    if until is not None:
        upper = "AND created_at < ? "
        params.append(iso(datetime.fromtimestamp(until * 900, UTC)))
    sql = (
        f"SELECT {column} FROM replies INDEXED BY replies_created_at "
        f"WHERE created_at >= ? {upper}AND rewound = 0 "
        f"AND {column} IS NOT NULL ORDER BY created_at, id"
    )
    return [int(row[0]) for row in db.query_tuples(sql, params)]


def ranked_replies(
    db: Database, *, since: datetime | None, strongest: bool, limit: int
) -> list[ReplyRecord]:
    """The best (or worst) typed, kept replies by mean score; ties: later id first for the
    best, earlier id first for the worst (as ``reports.report`` ranks records)."""
    order = "DESC" if strongest else "ASC"
    source = "replies"
    params: tuple[object, ...] = (limit,)
    where = RANKED
    if since is not None:
        source = "replies INDEXED BY replies_created_at"
        where += " AND created_at >= ?"
        params = (iso(since), limit)
    sql = f"SELECT * FROM {source} WHERE {where} ORDER BY {MEAN} {order}, id {order} LIMIT ?"
    columns, rows = db.query_columns(sql, params)
    return trusted_records(ReplyRecord, columns, rows)


def scenario_facts(
    db: Database, since: datetime | None
) -> tuple[list[ScenarioFacts], list[EndingFacts]]:
    """Sessions started since ``since`` (all when None), per scenario and per ending."""
    bound = iso(since) if since is not None else ""
    # both read the covering index only, never the sessions' saved engine state
    rows = db.query_tuples(
        "SELECT scenario_id, count(*), sum(status = 'finished'), max(started_at) "
        "FROM sessions INDEXED BY sessions_scenario_started WHERE started_at >= ? "
        "GROUP BY scenario_id",
        (bound,),
    )
    played = [
        ScenarioFacts(row[0], _latest_title(db, row[0], row[3]), row[1], row[2], parse_time(row[3]))
        for row in rows
    ]
    endings = [
        EndingFacts(row[0], row[1], row[2], row[3])
        for row in db.query_tuples(
            "SELECT scenario_id, ending, outcome, count(*) "
            "FROM sessions INDEXED BY sessions_scenario_started "
            "WHERE started_at >= ? AND status = 'finished' AND ending IS NOT NULL "
            "GROUP BY scenario_id, ending, outcome",
            (bound,),
        )
    ]
    return played, endings


def _latest_title(db: Database, scenario_id: str, started_at: str) -> str:
    rows = db.query_tuples(
        "SELECT title FROM sessions INDEXED BY sessions_scenario_started "
        "WHERE scenario_id = ? AND started_at = ? ORDER BY id LIMIT 1",
        (scenario_id, started_at),
    )
    return str(rows[0][0]) if rows else ""


def assignment_facts(db: Database) -> dict[str, AssignmentFacts]:
    """Per assignment id (dropped ones too): its scenario's sessions since it was added."""
    rows = db.query_tuples(
        "SELECT h.id, count(s.id), coalesce(sum(s.status = 'finished'), 0), max(s.started_at), "
        "max(b.a_max), max(b.l_max), max(b.c_max) "
        "FROM homework_assignments AS h "
        "LEFT JOIN sessions AS s INDEXED BY sessions_scenario_started "
        "ON s.scenario_id = h.scenario_id AND s.started_at >= h.added_at "
        "LEFT JOIN session_best AS b ON b.session_id = s.id GROUP BY h.id"
    )
    return {
        str(row[0]): AssignmentFacts(
            int(row[1]),
            int(row[2]),
            None if row[3] is None else parse_time(row[3]),
            (row[4], row[5], row[6]),
        )
        for row in rows
    }


def session_titles(db: Database, ids: Sequence[str]) -> dict[str, str]:
    """Titles of a few sessions."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = db.query_tuples(f"SELECT id, title FROM sessions WHERE id IN ({marks})", tuple(ids))
    return {str(row[0]): str(row[1]) for row in rows}


__all__ = [
    "AssignmentFacts",
    "EndingFacts",
    "ScenarioFacts",
    "assignment_facts",
    "kept_buckets",
    "kept_values",
    "ranked_replies",
    "scenario_facts",
    "session_titles",
]
