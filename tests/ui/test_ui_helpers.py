"""The UI's small pure helpers: library grouping and search, and the run summary."""

from __future__ import annotations

from pathlib import Path

from ui_fixtures import TALK, TRICKY, make_library, stub_score

from ipt_trainer.core.debrief import overall, summarise_run
from ipt_trainer.core.engine import choose, reply, rewind, start
from ipt_trainer.core.library import index_of
from ipt_trainer.ui.screens.library import DRILLS, describe, group_of, grouped, matches


def test_grouping_orders_problem_areas_then_drills(tmp_path: Path) -> None:
    entries = index_of(make_library(tmp_path, TALK, TRICKY)).entries
    talk, tricky = (next(e for e in entries if e.id == key) for key in ("talk", "tricky"))
    assert group_of(talk) == "role_dispute" and group_of(tricky) == DRILLS
    groups = grouped(entries)
    assert [key for key, _ in groups] == [
        "role_dispute",
        "role_transition",
        "grief",
        "interpersonal_deficits",
        DRILLS,
    ]
    assert [len(items) for _, items in groups] == [1, 0, 0, 0, 1]


def test_search_matches_every_word_in_visible_details(tmp_path: Path) -> None:
    [talk] = index_of(make_library(tmp_path, TALK)).entries
    assert matches(talk, "dishes sam")  # title and the default name
    assert matches(talk, "ROLE disputes")
    assert matches(talk, "listening")
    assert not matches(talk, "dishes grief")
    assert describe(talk).plain.startswith("Talking about the dishes\nwith Sam (partner)")


def test_run_summary_skips_rewound_turns_and_ranks_replies(tmp_path: Path) -> None:
    scenario = make_library(tmp_path, TALK).scenarios["talk"].scenario
    state = start(scenario, seed=1).state
    state = reply(scenario, state, "whatever", stub_score).state  # retry, score 30/45/60
    state = reply(scenario, state, "I feel tired.", stub_score).state  # 80/45/60
    state = rewind(scenario, state).state  # taken back: not counted
    state = choose(scenario, state, "calm").state  # picked: counted, not scored
    summary = summarise_run(state)
    assert summary.typed == 1 and summary.picked == 1
    assert summary.averages == {
        "assertiveness": 30.0,
        "active_listening": 45.0,
        "conflict_resolution": 60.0,
    }
    assert summary.strongest is not None and summary.strongest.text == "whatever"
    assert summary.weakest is None  # one scored reply: nothing to compare
    assert overall(stub_score("I feel x")) == (80 + 45 + 60) / 3
