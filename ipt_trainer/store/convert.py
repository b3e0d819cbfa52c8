"""Rows to records and back - the only place that knows both shapes.

Times are stored as fixed-width UTC ISO-8601 text (microseconds, ``+00:00``)
so they sort as text and the SQL bucketing in ``sqlite`` can slice them.
JSON columns are written with sorted keys so an export of the same data is
the same bytes every time.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from ipt_trainer.store.records import (
    HomeworkRecord,
    MoodRecord,
    Phq9Record,
    ReplyRecord,
    SafetyEventRecord,
    SessionRecord,
)

Row = dict[str, Any]
R = TypeVar("R", bound=BaseModel)

RECORDS: dict[str, type[BaseModel]] = {
    "sessions": SessionRecord,
    "replies": ReplyRecord,
    "safety_events": SafetyEventRecord,
    "moods": MoodRecord,
    "phq9": Phq9Record,
    "homework_assignments": HomeworkRecord,
}
"""The record type of each table."""

_JSON_FIELDS = {"personalisation", "scores", "targets", "answers"}
_TIME_FIELDS = {"started_at", "ended_at", "created_at", "added_at"}
_BOOL_FIELDS = {"rewound"}


def iso(moment: datetime) -> str:
    """A UTC instant as stored: '2026-01-31T09:05:00.000000+00:00'."""
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_time(text: str) -> datetime:
    """A stored time back to an aware datetime."""
    return datetime.fromisoformat(text)


def dump_json(value: Any) -> str:
    """JSON text for a nested column, canonical so exports are stable."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def to_record(kind: type[R], row: sqlite3.Row | Row) -> R:
    """A row (sqlite3.Row or dict) as a record of type ``kind``.

    Columns the record does not name (such as the generated ``replies.quarter``)
    are left out, so ``SELECT *`` stays safe as the schema grows.
    """
    data = {key: value for key, value in dict(row).items() if key in kind.model_fields}
    for key, value in data.items():
        if value is None:
            continue
        if key in _JSON_FIELDS:
            data[key] = json.loads(value)
        elif key in _TIME_FIELDS:
            data[key] = parse_time(value)
        elif key in _BOOL_FIELDS:
            data[key] = bool(value)
        elif key == "due":
            data[key] = date.fromisoformat(value)
    return kind.model_validate(data)


def _loads_tuple(text: str) -> tuple[Any, ...]:
    return tuple(json.loads(text))


def _converter(kind: type[BaseModel], column: str) -> Callable[[Any], Any] | None:
    if column in _JSON_FIELDS:
        return _loads_tuple if column == "answers" else json.loads
    if column in _TIME_FIELDS:
        return parse_time
    if column in _BOOL_FIELDS:
        return bool
    if column == "due":
        return date.fromisoformat
    return None


def trusted_records(
    kind: type[R], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> list[R]:
    """Rows read back from our own file as records, without validating them again.

    Every row was validated as a record before it was written (``to_row``),
    and the schema's constraints hold it since; re-validating 100,000 replies
    cost most of an all-time report. Values get the same conversions as in
    ``to_record``; columns the record does not name are left out.
    """
    fields = kind.model_fields
    wanted = [(index, name) for index, name in enumerate(columns) if name in fields]
    plain = [(index, name) for index, name in wanted if _converter(kind, name) is None]
    converted = [
        (index, name, convert)
        for index, name in wanted
        if (convert := _converter(kind, name)) is not None
    ]
    construct = kind.model_construct
    result = []
    for row in rows:
        data = {name: row[index] for index, name in plain}
        for index, name, convert in converted:
            value = row[index]
            data[name] = None if value is None else convert(value)
        result.append(construct(**data))
    return result


def to_row(record: BaseModel) -> Row:
    """A record as column values ready to insert."""
    data = record.model_dump()
    for key, value in data.items():
        if value is None:
            continue
        if key in _JSON_FIELDS:
            data[key] = dump_json(list(value) if isinstance(value, tuple) else value)
        elif key in _TIME_FIELDS:
            data[key] = iso(value)
        elif key in _BOOL_FIELDS:
            data[key] = int(value)
        elif key == "due":
            data[key] = value.isoformat()
    return data
