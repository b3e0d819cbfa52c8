"""``play`` and ``resume``: headless sessions that are saved as the app saves them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ipt_trainer import paths
from ipt_trainer.cli.main import main
from ipt_trainer.store import SqliteStore

FIXTURE = Path(__file__).with_name("play_fixture.yaml")


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path) -> None:
    paths.set_data_dir(tmp_path / "data")
    yield
    paths.set_data_dir(None)


def _script(tmp_path: Path, *lines: str) -> Path:
    script = tmp_path / "script.txt"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return script


def test_play_to_an_ending_prints_and_saves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script(tmp_path, "#1", "Could we take turns, one night each?")
    code = main(["play", str(FIXTURE), "--script", str(script), "--set", "friend=Robin"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Robin (sheepish): The sink is full again" in out
    assert "You: I'd like us to take turns with the dishes." in out
    assert "Assertiveness" in out and "/100" in out
    assert "== Sorted (repaired) ==" in out
    with SqliteStore() as store:
        (session,) = store.sessions()
        assert session.status == "finished" and session.outcome == "repaired"
        replies = store.replies(session.id)
    assert [r.source for r in replies] == ["suggestion", "typed"]
    assert replies[1].text == "Could we take turns, one night each?"


def test_play_json_has_transcript_scores_and_ending(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script(tmp_path, "I need us to share the dishes.", "What if we alternate days?")
    assert main(["play", str(FIXTURE), "--script", str(script), "--json", "--no-save"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["finished"] is True and result["session_id"] is None
    assert result["ending"]["outcome"] == "repaired"
    assert [t["source"] for t in result["transcript"]] == ["typed", "typed"]
    assert all(t["score"]["assertiveness_style"] for t in result["transcript"])
    assert not list(tmp_path.rglob("*.sqlite3*")), "--no-save must keep no progress"


def test_script_running_out_leaves_a_session_to_resume(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["play", str(FIXTURE), "--script", str(_script(tmp_path, "#1"))]) == 0
    assert "resume" in capsys.readouterr().out
    assert main(["resume"]) == 0
    listed = capsys.readouterr().out
    session_id = listed.split()[0]
    again = str(_script(tmp_path, "Alternate days?"))
    assert main(["resume", session_id, "--script", again]) == 1
    assert "give its file with --from FILE" in capsys.readouterr().err
    code = main(["resume", session_id, "--from", str(FIXTURE), "--script", again])
    out = capsys.readouterr().out
    assert code == 0
    assert "== Sorted (repaired) ==" in out


def test_bad_inputs_are_messages_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["play", "no_such_scenario", "--no-save"]) == 1
    assert "ipt-trainer: error:" in capsys.readouterr().err
    assert main(["play", str(FIXTURE), "--set", "nonsense", "--no-save"]) == 1
    assert "NAME=VALUE" in capsys.readouterr().err
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"ok\n\xff\xfe\n")
    assert main(["play", str(FIXTURE), "--script", str(binary), "--no-save"]) == 1
    assert "bad.txt:2: not UTF-8" in capsys.readouterr().err
    huge = _script(tmp_path, "x" * 50_000, "#7")
    assert main(["play", str(FIXTURE), "--script", str(huge), "--no-save"]) == 1
    err = capsys.readouterr().err
    assert "script line 1: That reply is 50000 characters long" in err
    assert "script line 2: '#7' picks a suggested reply, but this turn offers 1" in err


def test_sigkill_mid_session_loses_nothing_shown(tmp_path: Path) -> None:
    """A real process, killed after showing feedback, resumes from that reply."""
    env = {**os.environ, paths.DATA_DIR_ENV: str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipt_trainer", "play", str(FIXTURE), "--script", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("I'd like us to share the dishes, please.\n")
    proc.stdin.flush()
    proc.stdin.close()
    shown = ""
    while "Fair enough" not in shown:
        line = proc.stdout.readline()
        assert line, "play ended before showing the reply's outcome"
        shown += line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    with SqliteStore(tmp_path / "data") as store:
        (session,) = store.sessions("open")
        (saved,) = store.replies(session.id)
    assert saved.text == "I'd like us to share the dishes, please."
    command = [sys.executable, "-m", "ipt_trainer", "resume", session.id[:8]]
    resumed = subprocess.run(
        [*command, "--script", "-", "--from", str(FIXTURE)],
        input="Alternate nights?\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "== Sorted (repaired) ==" in resumed.stdout
