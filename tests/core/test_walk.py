"""The walker: every branch forced, problems found, bounds respected."""

from __future__ import annotations

from typing import Any

from engine_fixtures import basic_scenario, ending, scenario

from ipt_trainer.core.walk import walk


def prompt(*routes: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"kind": "prompt", "skills": ["assertiveness"], "routes": list(routes), **extra}


def otherwise(target: str | None = None, **extra: Any) -> dict[str, Any]:
    shape = {"next": target} if target else {"retry": True}
    return {"otherwise": True, **shape, **extra}


def test_a_sound_scenario_reaches_every_ending() -> None:
    report = walk(basic_scenario())
    assert report.ok
    assert [(e.node, e.outcome) for e in report.endings] == [
        ("good", "repaired"),
        ("bad", "escalated"),
    ]
    assert report.unreached == () and report.dead_ends == () and report.loops == ()
    assert not report.bound_hit and report.states > 0


def test_score_conditions_are_forced_so_every_scored_route_is_explored() -> None:
    sc = scenario(
        {
            "ask": prompt(
                {"when": {"assertiveness": "high", "listening_level": 3}, "next": "a"},
                {"when": {"conflict_mode": "collaborating"}, "next": "b"},
                otherwise("c"),
            ),
            "a": ending(),
            "b": ending("partial"),
            "c": ending("stalemate"),
        }
    )
    assert [e.node for e in walk(sc).endings] == ["a", "b", "c"]


def test_unreached_nodes_are_listed() -> None:
    sc = scenario({"ask": prompt(otherwise("end")), "end": ending(), "island": ending()})
    report = walk(sc)
    assert report.unreached == ("island",) and not report.ok


def test_a_next_to_a_missing_node_is_a_dead_end() -> None:
    sc = scenario({"hi": {"kind": "say", "text": "Hi", "next": "ghost"}})
    report = walk(sc)
    assert [(d.node, d.reason) for d in report.dead_ends] == [
        ("hi", "leads to 'ghost', which does not exist")
    ]
    assert not report.ok


def test_a_prompt_with_no_possible_route_is_a_dead_end() -> None:
    sc = scenario(
        {"ask": prompt({"when": {"vars": {"trust": ">= 90"}}, "next": "end"}), "end": ending()},
        variables={"trust": {"start": 10}},
    )
    report = walk(sc)
    assert [d.node for d in report.dead_ends] == ["ask"]
    assert report.unreached == ("end",)


def test_loops_with_no_way_to_an_ending_are_found() -> None:
    sc = scenario(
        {
            "start": prompt(
                otherwise("p0"), suggestions=[{"id": "end", "text": "Bye", "next": "e"}]
            ),
            "p0": prompt(otherwise("p1")),
            "p1": prompt(otherwise("p0"), suggestions=[{"id": "x", "text": "Hm", "next": "p0"}]),
            "e": ending(),
        }
    )
    report = walk(sc)
    assert report.loops == (("p0", "p1"),)
    assert report.unreached == () and report.dead_ends == ()
    assert not report.ok


def test_a_retry_with_no_limit_and_no_other_way_is_a_trap() -> None:
    sc = scenario({"ask": prompt(otherwise()), "end": ending()})
    report = walk(sc)
    assert report.loops == (("ask",),)
    assert report.unreached == ("end",)


def test_loops_of_automatic_nodes_are_found() -> None:
    sc = scenario(
        {
            "a": {"kind": "say", "text": "Hi", "next": "b"},
            "b": {"kind": "coach", "text": "Again", "next": "a"},
        }
    )
    assert walk(sc).loops == (("a", "b"),)


def test_retry_exhaustion_is_explored() -> None:
    sc = scenario(
        {
            "ask": prompt(
                {"when": {"assertiveness": "high"}, "retry": True},
                otherwise(),
                retry={"max_attempts": 3, "then": "moved_on"},
            ),
            "moved_on": ending("partial"),
        }
    )
    report = walk(sc)
    assert report.ok and [e.node for e in report.endings] == ["moved_on"]


def test_variable_conditions_follow_the_effects_actually_possible() -> None:
    def scene(step: int) -> Any:
        return scenario(
            {
                "ask": prompt(
                    {"when": {"vars": {"trust": ">= 80"}}, "next": "secret"},
                    otherwise("end"),
                    suggestions=[
                        {"id": "warm", "text": "Warm", "effects": {"trust": step}, "next": "ask"}
                    ],
                ),
                "secret": ending("repaired"),
                "end": ending("stalemate"),
            },
            variables={"trust": {"start": 50, "max": 100}},
        )

    assert walk(scene(10)).unreached == ()
    assert walk(scene(0)).unreached == ("secret",)
    assert walk(scene(-10)).unreached == ("secret",)


def test_an_earlier_route_without_score_conditions_shadows_later_ones() -> None:
    sc = scenario(
        {
            "ask": prompt({"when": {"vars": {"trust": ">= 0"}}, "next": "a"}, otherwise("b")),
            "a": ending(),
            "b": ending(),
        },
        variables={"trust": {"start": 5}},
    )
    assert walk(sc).unreached == ("b",)


def test_visit_conditions_count_returns_to_a_prompt() -> None:
    def scene(loop: bool) -> Any:
        suggestions = [{"id": "again", "text": "Again", "next": "ask"}] if loop else []
        return scenario(
            {
                "ask": prompt(
                    {"when": {"visits": ">= 3"}, "next": "tired"},
                    otherwise("end"),
                    suggestions=suggestions,
                ),
                "tired": ending("stalemate"),
                "end": ending(),
            }
        )

    assert walk(scene(loop=True)).ok
    assert walk(scene(loop=False)).unreached == ("tired",)


def test_attempt_conditions_count_retries() -> None:
    sc = scenario(
        {
            "ask": prompt({"when": {"attempts": ">= 4"}, "next": "late"}, otherwise()),
            "late": ending(),
        }
    )
    report = walk(sc)
    assert report.ok and [e.node for e in report.endings] == ["late"]


def test_the_bound_stops_the_walk_and_says_so() -> None:
    report = walk(basic_scenario(), max_states=1)
    assert report.bound_hit and report.states == 1
    assert report.loops == ()  # unexplored states get the benefit of the doubt


def test_the_seed_only_changes_the_order() -> None:
    plain = walk(basic_scenario())
    for seed in range(3):
        assert walk(basic_scenario(), seed=seed) == plain


def test_states_cut_off_by_the_bound_are_not_called_traps() -> None:
    sc = scenario(
        {
            "p0": prompt(otherwise(), suggestions=[{"id": "on", "text": "On", "next": "p1"}]),
            "p1": prompt(otherwise("end")),
            "end": ending(),
        }
    )
    cut = walk(sc, max_states=1)
    assert cut.bound_hit and cut.loops == ()
    assert walk(sc).ok
