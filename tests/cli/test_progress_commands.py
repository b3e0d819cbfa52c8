"""progress, checkin, phq9, export, import, forget, recover from the command line."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipt_trainer import paths
from ipt_trainer.cli import progress as progress_cli
from ipt_trainer.cli.main import main
from ipt_trainer.core.scores import ReplyScore
from ipt_trainer.store import SqliteStore


@pytest.fixture(autouse=True)
def _reset_override() -> Iterator[None]:
    yield
    paths.set_data_dir(None)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def run(data: Path, *argv: str) -> int:
    return main(["--data-dir", str(data), *argv])


def seed(data: Path) -> None:
    with SqliteStore(data) as store:
        sid = store.start_session(
            scenario_id="rent_talk",
            scenario_version=1,
            scenario_hash="h",
            title="Rent",
            seed=1,
            problem_area="role_dispute",
        ).id
        score = ReplyScore(
            assertiveness=70,
            assertiveness_style="assertive",
            active_listening=40,
            listening_level=1,
        )
        store.record_reply(sid, turn=0, node="a", text="I feel", source="typed", score=score)
        store.finish_session(sid, ending="end", outcome="repaired")


def test_progress_on_nothing_creates_nothing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data, "progress") == 0
    assert "No practice recorded yet" in capsys.readouterr().out
    assert run(data, "progress", "--json") == 0
    assert json.loads(capsys.readouterr().out)["replies"] == 0
    assert not data.exists()


def test_progress_summary_and_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed(data)
    assert run(data, "checkin", "--mood", "6") == 0
    assert run(data, "progress") == 0
    out = capsys.readouterr().out
    assert "1 replies in 1 sessions" in out
    assert "Assertiveness" in out and "70" in out
    assert "role dispute 1" in out and "repaired 1" in out
    assert "▆" in out  # today's assertiveness bar / the mood line
    assert run(data, "progress", "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["skills"][0]["average"] == 70
    assert summary["outcomes_by_scenario"] == {"rent_talk": {"repaired": 1}}


def test_sparkline() -> None:
    assert progress_cli.sparkline([0, 50, 100, None]) == "▁▅█·"
    assert progress_cli.sparkline([0, 10], top=10) == "▁█"


@pytest.mark.parametrize("value", ["11", "-1", "five", "3.5"])
def test_checkin_validates(data: Path, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "checkin", "--mood", value) == 1
    err = capsys.readouterr().err
    assert err.startswith("ipt-trainer: error: --mood takes a whole number from 0")
    assert "Traceback" not in err


def test_checkin_saves(data: Path) -> None:
    assert run(data, "checkin", "--mood", "0", "--when", "after") == 0
    with SqliteStore(data) as store:
        (mood,) = store.moods()
    assert (mood.value, mood.when) == (0, "after")


def test_phq9_without_item_nine(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "phq9", "--answers", "1,1,1,1,1,1,1,1,0") == 0
    out = capsys.readouterr().out
    assert "PHQ-9 total: 8 of 27 (mild)" in out
    assert "116 123" not in out
    with SqliteStore(data) as store:
        assert store.safety_events() == []
        assert store.phq9_results()[0].total == 8


def test_phq9_item_nine_shows_card_and_records_event(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data, "phq9", "--answers", "0,0,0,0,0,0,0,0,1") == 0
    out = capsys.readouterr().out
    assert "(minimal)" in out and "988" in out and "116 123" in out
    with SqliteStore(data) as store:
        assert [e.category for e in store.safety_events()] == ["phq9_item9"]
        assert [e.text for e in store.safety_events()] == [None]


def test_phq9_uses_shared_crisis_text(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the command imports the card text when it runs (so ``--help`` stays cheap): patch its source
    monkeypatch.setattr(
        "ipt_trainer.core.resources.crisis_card_text", lambda **_: "SHARED CARD TEXT"
    )
    assert run(data, "phq9", "--answers", "3,3,3,3,3,3,3,3,3") == 0
    assert "SHARED CARD TEXT" in capsys.readouterr().out


def test_phq9_card_lists_own_contacts_first(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "contacts", "add", "Sam (sister) 07700 900123") == 0
    capsys.readouterr()
    assert run(data, "phq9", "--answers", "0,0,0,0,0,0,0,0,1") == 0
    out = capsys.readouterr().out
    assert "Sam (sister) 07700 900123" in out
    assert out.index("Sam (sister)") < out.index("findahelpline.com")


def test_phq9_bad_answers(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "phq9", "--answers", "0,1,2") == 1
    assert capsys.readouterr().err.startswith("ipt-trainer: error: the PHQ-9 has 9 questions")
    assert not data.exists()


def test_export_import_round_trip_through_the_cli(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data)
    run(data, "phq9", "--answers", "0,0,0,0,0,0,0,0,2")
    capsys.readouterr()
    first = tmp_path / "export.json"
    assert run(data, "export", "-o", str(first)) == 0
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600
    other = tmp_path / "other"
    assert run(other, "import", str(first)) == 0
    assert "Imported 1 sessions, 1 replies" in capsys.readouterr().out
    assert run(other, "export") == 0
    assert capsys.readouterr().out == first.read_text(encoding="utf-8")
    assert run(other, "import", str(first)) == 1
    assert "--merge" in capsys.readouterr().err
    assert run(other, "import", str(first), "--merge") == 0


def test_export_refuses_to_overwrite(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "exists.json"
    target.write_text("keep me")
    assert run(data, "export", "-o", str(target)) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "keep me"


def test_csv_export(tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed(data)
    assert run(data, "export", "--format", "csv") == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("id,session_id,turn,node")
    folder = tmp_path / "csv"
    assert run(data, "export", "--format", "csv", "-o", str(folder)) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "homework_assignments.csv",
        "moods.csv",
        "phq9.csv",
        "replies.csv",
        "safety_events.csv",
        "sessions.csv",
    ]
    assert stat.S_IMODE(os.stat(folder / "replies.csv").st_mode) == 0o600
    assert run(data, "export", "--format", "csv", "-o", str(folder)) == 1
    assert "choose an empty folder" in capsys.readouterr().err


def test_import_errors_are_one_line(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data, "import", str(tmp_path / "missing.json")) == 1
    err = capsys.readouterr().err
    assert err.startswith("ipt-trainer: error:") and "No such file" in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something"}')
    assert run(data, "import", str(bad)) == 1
    assert "not an IPT Trainer export" in capsys.readouterr().err


class FakeStdin(io.StringIO):
    def __init__(self, text: str, tty: bool) -> None:
        super().__init__(text)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_forget_without_a_terminal_refuses(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data)
    monkeypatch.setattr(sys, "stdin", FakeStdin("", tty=False))
    assert run(data, "forget", "--all") == 1
    assert "add --yes" in capsys.readouterr().err
    assert (data / "progress.sqlite3").exists()


def test_forget_asks_and_respects_no(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data)
    monkeypatch.setattr(sys, "stdin", FakeStdin("no\n", tty=True))
    assert run(data, "forget", "--all") == 0
    assert "Nothing deleted" in capsys.readouterr().out
    assert (data / "progress.sqlite3").exists()
    monkeypatch.setattr(sys, "stdin", FakeStdin("yes\n", tty=True))
    assert run(data, "forget", "--all") == 0
    assert "progress.sqlite3" in capsys.readouterr().out
    assert not data.exists()


def test_forget_yes_deletes_everything(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed(data)
    (data / "contacts.json").write_text("{}")
    assert run(data, "forget", "--all", "--yes") == 0
    out = capsys.readouterr().out
    assert "contacts.json" in out and "progress.sqlite3" in out
    assert not data.exists()
    assert run(data, "forget", "--all", "--yes") == 0
    assert "nothing to delete" in capsys.readouterr().out


def test_forget_needs_all_and_refuses_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "forget") == 1
    assert "--all" in capsys.readouterr().err
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "precious.txt").write_text("mine")
    assert run(tmp_path, "forget", "--all", "--yes") == 1
    assert "refusing to empty" in capsys.readouterr().err
    assert (tmp_path / "precious.txt").exists()


def test_damaged_store_reports_and_recovers(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data.mkdir()
    (data / "progress.sqlite3").write_bytes(b"junk" * 500)
    assert run(data, "progress") == 1
    err = capsys.readouterr().err
    assert err.startswith("ipt-trainer: error: the progress file")
    assert "ipt-trainer recover" in err and "Traceback" not in err
    assert run(data, "recover", "--yes") == 0
    assert "kept as" in capsys.readouterr().out
    backups = list(data.glob("progress.sqlite3.corrupt-*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == b"junk" * 500
    assert run(data, "progress") == 0
    assert run(data, "recover") == 0
    assert "is sound" in capsys.readouterr().out
