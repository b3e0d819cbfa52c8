"""Putting exported rows back into the tables, alone or merged with what is there.

Kept apart from the store's everyday writes because import has its own rule
for duplicates: sessions and assignments are matched by id (and a skipped
session takes its replies with it); other rows are skipped only when an
identical row is already kept, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from ipt_trainer.store.convert import to_row
from ipt_trainer.store.schema import TABLES


def insert_row(conn: sqlite3.Connection, table: str, row: Mapping[str, Any]) -> int:
    names = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join("?" for _ in row)
    cursor = conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))
    return int(cursor.lastrowid or 0)


def import_rows(
    conn: sqlite3.Connection, tables: Mapping[str, Sequence[BaseModel]], merge: bool
) -> dict[str, int]:
    counts = dict.fromkeys(TABLES, 0)
    skipped_sessions: set[str] = set()
    for table in TABLES:
        for record in tables.get(table, ()):
            row = to_row(record)
            if table in ("sessions", "homework_assignments"):
                exists = conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row["id"],))
                if exists.fetchone() is not None:
                    if table == "sessions":
                        skipped_sessions.add(row["id"])
                    continue
            elif merge:
                if table == "replies" and row["session_id"] in skipped_sessions:
                    continue
                del row["id"]
                if _has_same(conn, table, row):
                    continue
            insert_row(conn, table, row)
            counts[table] += 1
    return counts


def _has_same(conn: sqlite3.Connection, table: str, row: Mapping[str, Any]) -> bool:
    where = " AND ".join(f'"{name}" IS ?' for name in row)
    found = conn.execute(f"SELECT 1 FROM {table} WHERE {where} LIMIT 1", tuple(row.values()))
    return found.fetchone() is not None
