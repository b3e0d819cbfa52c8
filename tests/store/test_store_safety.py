"""The store under stress: newer, damaged, read-only and full files; two writers; SIGKILL."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from store_helpers import make_score, start

from ipt_trainer.store import SqliteStore, StoreCorrupted, StoreError
from ipt_trainer.store.database import translate
from ipt_trainer.store.schema import SCHEMA_VERSION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with SqliteStore(folder) as store:
        store.record_mood(5)
        path = store.path
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    before, listing = digest(path), folder_listing(folder)
    with pytest.raises(StoreError, match=r"newer IPT Trainer.*not downgrading it"):
        SqliteStore(folder)
    assert digest(path) == before
    assert folder_listing(folder) == listing


def test_not_a_database_is_reported_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "progress.sqlite3"
    path.write_bytes(b"this is not sqlite at all, just some text " * 200)
    before = digest(path)
    with pytest.raises(StoreCorrupted, match="is damaged") as caught:
        SqliteStore(folder)
    assert caught.value.path == path
    assert digest(path) == before


def damage_pages(path: Path) -> None:
    """Overwrite the middle of the file (past the header page) with noise."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page + 100, len(data) - 100, 997):
        data[offset : offset + 40] = b"\xa5" * 40
    path.write_bytes(bytes(data))


def test_damaged_pages_fail_the_integrity_check(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with SqliteStore(folder) as store:
        sid = start(store)
        for turn in range(200):
            store.record_reply(sid, turn=turn, node="n", text="x" * 200, source="typed")
        path = store.path
    damage_pages(path)
    with pytest.raises(StoreCorrupted):
        SqliteStore(folder)


def test_damaged_reply_pages_are_reported_at_first_read(tmp_path: Path) -> None:
    """Opening checks only the small tables; a read reaching a damaged page still says so."""
    folder = tmp_path / "data"
    with SqliteStore(folder) as store:
        sid = start(store)
        for turn in range(200):
            store.record_reply(sid, turn=turn, node="n", text="x" * 200, source="typed")
        path = store.path
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'replies'")
        page = int(root.fetchone()[0])
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    conn.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * size : page * size] = b"\xa5" * size
    path.write_bytes(bytes(data))
    with SqliteStore(folder) as store:
        assert store.progress_inputs().buckets  # the roll-up is intact
        with pytest.raises(StoreCorrupted, match="is damaged"):
            store.replies()
        assert store.integrity_check()


def test_recover_sets_the_file_aside_and_starts_fresh(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "progress.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreCorrupted):
        SqliteStore(folder)
    backup = SqliteStore.recover(path, clock=lambda: datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    assert backup.name == "progress.sqlite3.corrupt-20260301T093000Z.bak"
    assert backup.read_bytes() == b"garbage" * 1000
    with SqliteStore(folder) as store:
        assert store.is_empty()
        store.record_mood(5)
    assert backup.exists()


def test_read_only_database_gives_a_clear_message(store: SqliteStore) -> None:
    store._db.query("PRAGMA query_only=ON")
    with pytest.raises(StoreError, match="read-only") as caught:
        store.record_mood(5)
    assert "--data-dir" in str(caught.value)


def test_full_disk_gives_a_clear_message_and_keeps_what_was_saved(store: SqliteStore) -> None:
    sid = start(store)
    pages = store._db.query("PRAGMA page_count")[0][0]
    store._db.query(f"PRAGMA max_page_count={pages + 2}")
    saved = 0
    with pytest.raises(StoreError, match="disk is full"):
        for turn in range(10_000):
            store.record_reply(sid, turn=turn, node="n", text="x" * 2000, source="typed")
            saved += 1
    assert saved > 0
    assert len(store.replies()) == saved


def test_unusable_folder_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create"):
        SqliteStore(blocker / "data")


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "data" / "progress.sqlite3").mkdir(parents=True)
    with pytest.raises(StoreError, match="not a file"):
        SqliteStore(tmp_path / "data")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("attempt to write a readonly database", "read-only"),
        ("database or disk is full", "disk is full"),
        ("unable to open database file", "cannot open"),
        ("database is locked", "busy"),
        ("database disk image is malformed", "damaged"),
        ("something else", "could not use"),
    ],
)
def test_translated_messages(message: str, expected: str) -> None:
    error = translate(sqlite3.OperationalError(message), Path("/x/progress.sqlite3"))
    assert expected in str(error)
    assert "/x/progress.sqlite3" in str(error)


def test_two_instances_write_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    stores = [SqliteStore(folder, busy_timeout_ms=200, retries=20) for _ in range(2)]
    sessions = [start(s) for s in stores]
    errors: list[BaseException] = []

    def write(store: SqliteStore, sid: str) -> None:
        try:
            for turn in range(80):
                store.record_reply(
                    sid, turn=turn, node="n", text="t", source="typed", score=make_score()
                )
                store.save_engine_state(sid, f'{{"turn": {turn}}}')
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [
        threading.Thread(target=write, args=pair) for pair in zip(stores, sessions, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for store in stores:
        store.close()
    with SqliteStore(folder) as check:
        assert len(check.replies()) == 160
        assert check.integrity_check() == []


def test_two_processes_opening_a_new_store_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    go = tmp_path / "go"
    script = (
        "import sys, time; from pathlib import Path; from ipt_trainer.store import SqliteStore\n"
        "print('ready', flush=True)\n"
        "while not Path(sys.argv[2]).exists(): time.sleep(0.005)\n"
        "s = SqliteStore(Path(sys.argv[1]))\n"
        "for i in range(20): s.record_mood(i % 11)\n"
        "s.close()\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(folder), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for proc in procs:  # both imported and waiting: they open the new store together
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    go.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    with SqliteStore(folder) as store:
        assert len(store.moods()) == 40
        assert store.schema_version() == SCHEMA_VERSION


WRITER = """
import sys
from pathlib import Path
from ipt_trainer.store import SqliteStore
store = SqliteStore(Path(sys.argv[1]))
sid = store.start_session(
    scenario_id="s", scenario_version=1, scenario_hash="h", title="t", seed=1
).id
print("session", sid, flush=True)
turn = 0
while True:
    store.record_reply(sid, turn=turn, node="n", text="reply %d" % turn, source="typed")
    print("wrote", turn, flush=True)
    turn += 1
"""


@pytest.mark.slow
def test_sigkill_loses_nothing_reported(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    reported: list[int] = []
    session = ""
    for line in proc.stdout:
        kind, value = line.split()
        if kind == "session":
            session = value
        else:
            reported.append(int(value))
        if len(reported) >= 60:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    with SqliteStore(folder) as store:
        kept = {reply.turn for reply in store.replies(session)}
        assert set(reported) <= kept
        assert store.integrity_check() == []
