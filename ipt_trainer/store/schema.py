"""The database schema as an ordered list of migrations.

``PRAGMA user_version`` records how many have run. Each migration is applied
in its own transaction, so a crash mid-upgrade leaves the previous version
intact. Never edit a released migration: append a new one, and add a fixture
database of the version before it under ``tests/fixtures/db/``.
"""

from __future__ import annotations

V1 = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL,
    scenario_version INTEGER NOT NULL,
    scenario_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    problem_area TEXT,
    personalisation TEXT NOT NULL DEFAULT '{}',
    seed INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    ending TEXT,
    outcome TEXT,
    engine_state TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished', 'abandoned'))
);
CREATE TABLE replies (
    id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    node TEXT NOT NULL,
    context TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('typed', 'suggestion')),
    suggestion_id TEXT,
    scores TEXT,
    assertiveness INTEGER,
    assertiveness_style TEXT,
    active_listening INTEGER,
    listening_level INTEGER,
    conflict_resolution INTEGER,
    conflict_mode TEXT,
    route_index INTEGER,
    next_node TEXT,
    created_at TEXT NOT NULL,
    rewound INTEGER NOT NULL DEFAULT 0,
    UNIQUE (session_id, turn)
);
CREATE TABLE safety_events (
    id INTEGER PRIMARY KEY,
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    category TEXT NOT NULL,
    text TEXT
);
CREATE TABLE moods (
    id INTEGER PRIMARY KEY,
    value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),
    "when" TEXT NOT NULL CHECK ("when" IN ('before', 'after', 'standalone')),
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE phq9 (
    id INTEGER PRIMARY KEY,
    answers TEXT NOT NULL,
    total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 27),
    band TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE homework_assignments (
    id TEXT PRIMARY KEY,
    homework_id TEXT NOT NULL,
    label TEXT NOT NULL,
    scenario_id TEXT,
    due TEXT,
    targets TEXT NOT NULL DEFAULT '{}',
    note TEXT,
    personalisation TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'assigned',
    added_at TEXT NOT NULL
);
"""

V2 = """
CREATE INDEX replies_created_at ON replies (created_at);
CREATE INDEX sessions_started_at ON sessions (started_at);
"""

MIGRATIONS: tuple[str, ...] = (V1, V2)
"""Migration ``i`` takes the database from version ``i`` to ``i + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The newest version this code knows."""

TABLES: tuple[str, ...] = (
    "sessions",
    "replies",
    "safety_events",
    "moods",
    "phq9",
    "homework_assignments",
)
"""Every table, parents before children (the order export and import use)."""
