"""The database schema as an ordered list of migrations.

``PRAGMA user_version`` records how many have run. Each migration is applied
in its own transaction, so a crash mid-upgrade leaves the previous version
intact. Scripts are split into statements with ``sqlite3.complete_statement``.
Never edit a released migration: append a new one, and add a fixture
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

_QUARTER = "CAST(strftime('%s', {row}created_at) AS INTEGER) / 900"
_SUMS = """
    count(*), count(assertiveness), coalesce(sum(assertiveness), 0), max(assertiveness),
    count(active_listening), coalesce(sum(active_listening), 0), max(active_listening),
    count(conflict_resolution), coalesce(sum(conflict_resolution), 0), max(conflict_resolution)
"""
_ROLLUP = ("quarter", "replies", "a_count", "a_sum", "a_max", "l_count", "l_sum", "l_max")
_COLUMNS = "(" + ", ".join((*_ROLLUP, "c_count", "c_sum", "c_max")) + ")"


def _add_new_reply(table: str) -> str:
    """Trigger body adding the new reply to its quarter-hour row in ``table``."""
    return f"""\
    INSERT INTO {table} {_COLUMNS} VALUES (
        {_QUARTER.format(row="new.")}, 1,
        new.assertiveness IS NOT NULL, coalesce(new.assertiveness, 0), new.assertiveness,
        new.active_listening IS NOT NULL, coalesce(new.active_listening, 0), new.active_listening,
        new.conflict_resolution IS NOT NULL, coalesce(new.conflict_resolution, 0),
        new.conflict_resolution
    )
    ON CONFLICT (quarter) DO UPDATE SET
        replies = replies + 1,
        a_count = a_count + excluded.a_count, a_sum = a_sum + excluded.a_sum,
        a_max = coalesce(max(a_max, excluded.a_max), a_max, excluded.a_max),
        l_count = l_count + excluded.l_count, l_sum = l_sum + excluded.l_sum,
        l_max = coalesce(max(l_max, excluded.l_max), l_max, excluded.l_max),
        c_count = c_count + excluded.c_count, c_sum = c_sum + excluded.c_sum,
        c_max = coalesce(max(c_max, excluded.c_max), c_max, excluded.c_max);"""


V2 = f"""
CREATE TABLE reply_quarters (
    quarter INTEGER PRIMARY KEY,
    replies INTEGER NOT NULL,
    a_count INTEGER NOT NULL, a_sum INTEGER NOT NULL, a_max INTEGER,
    l_count INTEGER NOT NULL, l_sum INTEGER NOT NULL, l_max INTEGER,
    c_count INTEGER NOT NULL, c_sum INTEGER NOT NULL, c_max INTEGER
);
INSERT INTO reply_quarters {_COLUMNS}
    SELECT {_QUARTER.format(row="")} AS q, {_SUMS} FROM replies GROUP BY q;
CREATE TRIGGER replies_rollup_insert AFTER INSERT ON replies BEGIN
{_add_new_reply("reply_quarters")}
END;
CREATE TRIGGER replies_rollup_delete AFTER DELETE ON replies BEGIN
    DELETE FROM reply_quarters WHERE quarter = {_QUARTER.format(row="old.")};
    INSERT INTO reply_quarters {_COLUMNS}
        SELECT {_QUARTER.format(row="old.")}, {_SUMS} FROM replies
        WHERE created_at >= strftime('%Y-%m-%dT%H:%M', {_QUARTER.format(row="old.")} * 900,
                                     'unixepoch')
          AND created_at < strftime('%Y-%m-%dT%H:%M', ({_QUARTER.format(row="old.")} + 1) * 900,
                                    'unixepoch')
        HAVING count(*) > 0;
END;
CREATE INDEX replies_created_at ON replies (created_at);
CREATE INDEX sessions_started_at ON sessions (started_at);
CREATE INDEX sessions_tally ON sessions (scenario_id, problem_area, status, outcome);
"""
"""Progress without reading every reply: ``reply_quarters`` holds per-UTC-quarter-hour
sums, kept by triggers whoever writes (insert adds; delete recomputes that quarter
through the ``created_at`` index); sessions are tallied from a covering index,
never touching their saved engine state. Replies' times and scores are never updated; if
that ever changes, add an UPDATE trigger. Times must keep the fixed stored format
(``convert.iso``) for the text range in the delete trigger."""

_KEPT_RECOUNT = f"""
    DELETE FROM kept_quarters WHERE quarter = {_QUARTER.format(row="{row}.")};
    INSERT INTO kept_quarters {_COLUMNS}
        SELECT {_QUARTER.format(row="{row}.")}, {_SUMS} FROM replies
        WHERE created_at >= strftime('%Y-%m-%dT%H:%M', {_QUARTER.format(row="{row}.")} * 900,
                                     'unixepoch')
          AND created_at < strftime('%Y-%m-%dT%H:%M', ({_QUARTER.format(row="{row}.")} + 1) * 900,
                                    'unixepoch')
          AND rewound = 0
        HAVING count(*) > 0;
    DELETE FROM session_best WHERE session_id = {{row}}.session_id;
    INSERT INTO session_best (session_id, a_max, l_max, c_max)
        SELECT session_id, max(assertiveness), max(active_listening), max(conflict_resolution)
        FROM replies WHERE session_id = {{row}}.session_id AND rewound = 0
        HAVING count(*) > 0;
"""
_MEAN = (
    "(coalesce(assertiveness, 0) + coalesce(active_listening, 0) "
    "+ coalesce(conflict_resolution, 0)) * 1.0 / ((assertiveness IS NOT NULL) "
    "+ (active_listening IS NOT NULL) + (conflict_resolution IS NOT NULL))"
)
"""A reply's mean score, as reports rank replies (the rank index is on this text)."""
RANKED = (
    "source = 'typed' AND rewound = 0 AND (assertiveness IS NOT NULL "
    "OR active_listening IS NOT NULL OR conflict_resolution IS NOT NULL)"
)
"""The replies a report ranks as strongest and weakest."""
MEAN = _MEAN

V3 = f"""
CREATE TABLE kept_quarters (
    quarter INTEGER PRIMARY KEY,
    replies INTEGER NOT NULL,
    a_count INTEGER NOT NULL, a_sum INTEGER NOT NULL, a_max INTEGER,
    l_count INTEGER NOT NULL, l_sum INTEGER NOT NULL, l_max INTEGER,
    c_count INTEGER NOT NULL, c_sum INTEGER NOT NULL, c_max INTEGER
);
INSERT INTO kept_quarters {_COLUMNS}
    SELECT {_QUARTER.format(row="")} AS q, {_SUMS} FROM replies WHERE rewound = 0 GROUP BY q;
CREATE TABLE session_best (
    session_id TEXT PRIMARY KEY,
    a_max INTEGER,
    l_max INTEGER,
    c_max INTEGER
) WITHOUT ROWID;
INSERT INTO session_best (session_id, a_max, l_max, c_max)
    SELECT session_id, max(assertiveness), max(active_listening), max(conflict_resolution)
    FROM replies WHERE rewound = 0 GROUP BY session_id;
CREATE TRIGGER replies_kept_insert AFTER INSERT ON replies WHEN new.rewound = 0 BEGIN
{_add_new_reply("kept_quarters")}
    INSERT INTO session_best (session_id, a_max, l_max, c_max)
        VALUES (new.session_id, new.assertiveness, new.active_listening, new.conflict_resolution)
    ON CONFLICT (session_id) DO UPDATE SET
        a_max = coalesce(max(a_max, excluded.a_max), a_max, excluded.a_max),
        l_max = coalesce(max(l_max, excluded.l_max), l_max, excluded.l_max),
        c_max = coalesce(max(c_max, excluded.c_max), c_max, excluded.c_max);
END;
CREATE TRIGGER replies_kept_delete AFTER DELETE ON replies WHEN old.rewound = 0 BEGIN
{_KEPT_RECOUNT.format(row="old")}
END;
CREATE TRIGGER replies_kept_rewound AFTER UPDATE OF rewound ON replies
WHEN old.rewound IS NOT new.rewound BEGIN
{_KEPT_RECOUNT.format(row="new")}
END;
CREATE INDEX replies_rank ON replies ({_MEAN}, id) WHERE {RANKED};
CREATE INDEX sessions_scenario_started
    ON sessions (scenario_id, started_at, status, ending, outcome, id);
"""
"""Reports without reading every reply: ``kept_quarters`` is ``reply_quarters`` over
the replies the learner kept (not rewound), ``session_best`` each session's best kept
scores (for homework), both kept by triggers, recounted from ``replies`` when a reply is
deleted or rewound; ``replies_rank`` lets the strongest and weakest replies be read
off an index. Like ``reply_quarters``, none of this is exported."""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3)
"""Migration ``i`` takes the database from version ``i`` to ``i + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The newest version this code knows."""

DERIVED_TABLES: tuple[str, ...] = ("reply_quarters", "kept_quarters", "session_best")
"""Tables rebuilt from others (not exported, not counted by ``is_empty``)."""

TABLES: tuple[str, ...] = (
    "sessions",
    "replies",
    "safety_events",
    "moods",
    "phq9",
    "homework_assignments",
)
"""Every table, parents before children (the order export and import use)."""
