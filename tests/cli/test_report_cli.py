"""``ipt-trainer report``: formats, output file, --since, transcripts, empty store."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipt_trainer import paths
from ipt_trainer.cli.main import main

FIXTURE = Path(__file__).with_name("play_fixture.yaml")
DISCLAIMER = "Produced by IPT Trainer, a practice tool. It is not a clinical assessment."


@pytest.fixture(scope="module")
def _shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("library-cache")


@pytest.fixture(autouse=True)
def _data_dir(
    tmp_path: Path, _shared_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    # one validation cache for the module: every test would otherwise re-lint the library
    monkeypatch.setattr("ipt_trainer.core.library.default_cache_dir", lambda: _shared_cache)
    paths.set_data_dir(tmp_path / "data")
    yield
    paths.set_data_dir(None)


def play(tmp_path: Path, *lines: str) -> None:
    script = tmp_path / "script.txt"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["play", str(FIXTURE), "--script", str(script)]) == 0


def test_empty_store_gives_a_short_report_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2] == DISCLAIMER
    assert "Nothing recorded yet" in out
    assert not (tmp_path / "data").exists()


def test_markdown_report_after_play(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    play(tmp_path, "#1", "<script>alert(1)</script> [bold]x[/] I need us to share the dishes.")
    assert main(["checkin", "--mood", "6"]) == 0
    capsys.readouterr()
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert DISCLAIMER in out.splitlines()[:4]
    assert "| A tiny talk | 1 | 1 | done (repaired) ×1 |" in out
    assert r"&lt;script&gt;alert(1)&lt;/script&gt; \[bold\]x\[/\]" in out
    assert "<script>" not in out and "## Transcripts" not in out
    assert "Mood (0-10), 1 check-in" in out


def test_transcripts_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    play(tmp_path, "#1", "Could we take turns, one night each?")
    capsys.readouterr()
    assert main(["report", "--with-transcripts"]) == 0
    out = capsys.readouterr().out
    assert "## Transcripts" in out
    assert "- **You:** I'd like us to take turns with the dishes. (suggested reply)" in out


def test_html_to_a_private_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    play(tmp_path, "#1", "Could we take turns?")
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    capsys.readouterr()
    assert main(["report", "--format", "html", "-o", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "readable only by you" in captured.err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and DISCLAIMER in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    play(tmp_path, "#1", "Could we take turns?")
    assert main(["phq9", "--answers", "0,0,0,0,0,0,0,0,1"]) == 0
    capsys.readouterr()
    assert main(["report", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["disclaimer"] == DISCLAIMER
    assert data["sessions"] == 1 and data["phq9_item9"] is True
    assert "988" in data["crisis_resources"]
    assert data["transcripts"] is None


def test_since_leaves_out_earlier_practice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    play(tmp_path, "#1", "Could we take turns?")
    capsys.readouterr()
    assert main(["report", "--since", "2999-01-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["since"] == "2999-01-01" and data["sessions"] == 0 and data["empty"] is True


def test_a_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["report", "--since", "last week"])
    assert stopped.value.code == 2
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


def test_an_unwritable_output_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "-o", str(tmp_path / "missing" / "r.md")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ipt-trainer: error: ") and "Traceback" not in err
    assert main(["report", "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
