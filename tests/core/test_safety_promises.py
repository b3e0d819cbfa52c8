"""Issue-5 promises that had no test of their own (see the table in docs/safety.md).

A crisis reply typed in a headless ``play`` session: the card is shown, the
reply is neither scored nor saved, one safety event is recorded without the
text, and nothing is written outside the data dir, where everything is owner-only.
Plus the honesty of the leave-one-file-out measurement and the cache key.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipt_trainer import paths
from ipt_trainer.cli.main import main
from ipt_trainer.core import safety_lofo, safety_patterns
from ipt_trainer.core.safety_model import Model
from ipt_trainer.store import SqliteStore

FIXTURE = Path(__file__).resolve().parents[1] / "cli" / "play_fixture.yaml"
CRISIS = "I just want it to be over for good"
"""Caught by the learned stage, not by a phrase: the whole pipeline is exercised."""


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A home, config and cache of our own, so any stray write would show up."""
    home = tmp_path / "home"
    home.mkdir()
    for name, where in [
        ("HOME", home),
        ("XDG_DATA_HOME", home / ".local" / "share"),
        ("XDG_CACHE_HOME", home / ".cache"),
        ("XDG_CONFIG_HOME", home / ".config"),
        ("IPT_TRAINER_CONFIG_DIR", tmp_path / "data" / "config"),
    ]:
        monkeypatch.setenv(name, str(where))
    monkeypatch.delenv("IPT_TRAINER_CACHE_DIR", raising=False)
    paths.set_data_dir(tmp_path / "data")
    yield tmp_path
    paths.set_data_dir(None)


def _play(root: Path, *lines: str) -> str:
    script = root / "script.txt"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["play", str(FIXTURE), "--script", str(script)]) == 0
    return str(script)


def test_a_crisis_reply_is_paused_unscored_and_recorded_without_its_text(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _play(isolated, CRISIS, "Could we take turns, one night each?")
    out = capsys.readouterr().out
    assert "The role-play is paused" in out and "has not been scored" in out
    with SqliteStore() as store:
        (event,) = store.safety_events()
        (session,) = store.sessions()
        replies = store.replies(session.id)
    assert event.text is None and event.category
    assert all(CRISIS not in (r.text or "") for r in replies)
    dump = b"".join(p.read_bytes() for p in (isolated / "data").rglob("*") if p.is_file())
    assert CRISIS.encode() not in dump


def test_nothing_is_written_outside_the_data_dir_and_all_of_it_is_owner_only(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _play(isolated, CRISIS, "Could we take turns, one night each?")
    capsys.readouterr()
    outside = [
        p
        for p in isolated.rglob("*")
        if p.is_file() and (isolated / "data") not in p.parents and str(p) != script
    ]
    assert outside == []
    data = isolated / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    written = [p for p in data.rglob("*") if p.is_file()]
    assert written  # the progress store at least (and the caches, when this process made them)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_leave_one_file_out_never_fits_on_the_file_it_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    for name, texts in {
        "a.jsonl": ["I want to die", "dead tired"],
        "b.jsonl": ["I want to end my life", "this job is killing me"],
        "c.jsonl": ["I keep cutting myself", "I cut my finger"],
    }.items():
        path = tmp_path / name
        rows = [{"id": t, "text": t, "risk": i == 0, "kind": "x"} for i, t in enumerate(texts)]
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        files.append(path)
    seen: list[tuple[list[str], list[str]]] = []

    def spy(paths_: list[Path], threshold: float, held_out: list[Path] = ()) -> Model:  # type: ignore[assignment]
        seen.append(([p.name for p in paths_], [p.name for p in held_out]))
        return Model(weights={}, bias=0.0, threshold=threshold, window=24, concepts={})

    monkeypatch.setattr(safety_lofo, "fit_files", spy)
    scored = safety_lofo.out_of_file_scores(files)
    assert len(scored) == 6
    assert seen == [
        (["b.jsonl", "c.jsonl"], ["a.jsonl"]),
        (["a.jsonl", "c.jsonl"], ["b.jsonl"]),
        (["a.jsonl", "b.jsonl"], ["c.jsonl"]),
    ]


def test_the_compiled_lexicon_cache_key_covers_the_learned_weights() -> None:
    assert "model.json" in safety_patterns._DATA_FILES


def test_eval_reports_the_checks_recall_and_false_alarms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ("I want to kill myself", True),
        (f"honestly {CRISIS}", True),
        ("I'm not going to hurt myself, I'm just venting", True),  # the check misses it: 2 of 3
        ("this job is killing me", False),
        ("nice weather today", False),
    ]
    path = tmp_path / "risk.jsonl"
    path.write_text(
        "".join(json.dumps({"text": t, "risk": r}) + "\n" for t, r in rows), encoding="utf-8"
    )
    assert main(["eval", str(path), "--json"]) == 0
    values = {r["metric"]: r["value"] for r in json.loads(capsys.readouterr().out)}
    assert values["recall"] == pytest.approx(2 / 3)
    assert values["false-alarm rate"] == 0.0
