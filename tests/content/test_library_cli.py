"""The library's quality bar, checked through the commands authors and CI run.

Issue 6 sets the bar: 24 role-plays (six per IPT problem area) and 6 drills;
each role-play with at least 12 nodes, 3 typed-reply prompts and 3 endings
with different outcomes; three difficulty levels; content notes wherever death,
illness or loss comes up; ``ipt-trainer walk`` reaching every node and ending;
and ``ipt-trainer validate --strict`` passing with the real scorer, which means
every model reply takes the route its author meant (no IPT031). The counts are
read from ``ipt-trainer list --json``, the same output a script would use.

The commands run in-process through the CLI's ``main`` (the same code path as
the console script, without paying interpreter start-up 30 times).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from extract_model_replies import FIXTURE, model_reply_records, render
from test_library import SENSITIVE, load, texts

from ipt_trainer import paths
from ipt_trainer.cli.main import main
from ipt_trainer.core.model import EndingNode

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "scenarios"
AREAS = ("role_dispute", "role_transition", "grief", "interpersonal_deficits")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's installed homework scenarios out of the listing."""
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.setattr(paths, "_override", None)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    """Run one command with --json; its exit code and parsed output."""
    capsys.readouterr()
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def rows(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """The rows of ``ipt-trainer list --json scenarios/``."""
    code, listed = run_cli(capsys, "list", "--json", str(SCENARIOS_DIR))
    assert code == 0
    assert isinstance(listed, list)
    return listed


def role_plays(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in rows if row["category"] == "scenario"]


def test_library_has_24_role_plays_six_per_area_and_6_drills(rows: list[dict[str, Any]]) -> None:
    plays = role_plays(rows)
    assert len(plays) == 24
    assert Counter(row["problem_area"] for row in plays) == dict.fromkeys(AREAS, 6)
    assert sum(row["category"] == "drill" for row in rows) == 6
    assert len(rows) == 30


def test_each_role_play_is_big_enough(rows: list[dict[str, Any]]) -> None:
    for row in role_plays(rows):
        assert row["nodes"] >= 12, row["id"]
        assert row["prompts"] >= 3, row["id"]
        assert row["endings"] >= 3, row["id"]
        endings = [n for n in load(Path(row["path"]).resolve()).nodes.values()]
        outcomes = {n.outcome for n in endings if isinstance(n, EndingNode)}
        assert len(outcomes) >= 3, f"{row['id']}: endings need different outcomes"


def test_three_difficulty_levels(rows: list[dict[str, Any]]) -> None:
    assert {row["difficulty"] for row in role_plays(rows)} == {1, 2, 3}


def test_content_notes_wherever_death_illness_or_loss_comes_up(
    rows: list[dict[str, Any]],
) -> None:
    for row in rows:
        scenario = load(Path(row["path"]).resolve())
        touches = row["problem_area"] == "grief" or any(
            SENSITIVE.search(t) for t in texts(scenario)
        )
        if touches:
            assert scenario.content_notes, f"{row['id']} touches death, illness or loss"


def test_walk_reaches_every_node_and_ending(
    capsys: pytest.CaptureFixture[str], rows: list[dict[str, Any]]
) -> None:
    for row in rows:
        code, report = run_cli(capsys, "walk", "--json", row["path"])
        scenario = load(Path(row["path"]).resolve())
        ending_ids = {nid for nid, n in scenario.nodes.items() if isinstance(n, EndingNode)}
        assert (code, report["ok"], report["bound_hit"]) == (0, True, False), row["id"]
        assert report["unreached"] == [], row["id"]
        assert {e["node"] for e in report["endings"]} == ending_ids, row["id"]


def test_validate_strict_passes_with_the_real_scorer(capsys: pytest.CaptureFixture[str]) -> None:
    """Every model reply, scored for real, takes the route its author meant."""
    code, report = run_cli(capsys, "validate", "--strict", "--json", str(SCENARIOS_DIR))
    off_route = [
        f"{p['file']}:{p['line']}: {p['message']}"
        for p in report["problems"]
        if p["code"] == "IPT031"
    ]
    assert off_route == []
    assert (report["files"], report["errors"], report["warnings"]) == (30, 0, 0)
    assert code == 0


def test_model_replies_fixture_is_current() -> None:
    """The scorer's fitting data says what the scenarios say.

    Fix a failure with: python tests/content/extract_model_replies.py
    """
    committed = FIXTURE.read_text(encoding="utf-8").splitlines(keepends=True)
    current = render(model_reply_records()).splitlines(keepends=True)
    stale = sorted({json.loads(line)["id"] for line in set(committed) ^ set(current)})
    assert stale == [], f"out of date for {len(stale)} model replies, e.g. {stale[:5]}"
    assert committed == current  # same records, same order
