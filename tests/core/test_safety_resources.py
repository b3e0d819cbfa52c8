"""Crisis resources and the crisis card."""

from __future__ import annotations

import pytest

from ipt_trainer.core.resources import (
    CARD_OPENING,
    country_from_locale,
    crisis_card_text,
    default_country,
    load_resources,
)


def test_resources_cover_the_promised_countries() -> None:
    resources = load_resources()
    assert {"US", "GB", "IE", "CA", "AU"} <= set(resources.countries)
    assert "findahelpline.com" in resources.directory.detail
    assert "emergency number" in resources.emergency


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("US", "988"),
        ("us", "call or text 988"),
        ("UK", "116 123"),
        ("GB", "Samaritans"),
        ("IE", "116 123"),
        ("CA", "988"),
        ("AU", "13 11 14"),
    ],
)
def test_card_shows_the_countrys_line(country: str, expected: str) -> None:
    card = crisis_card_text(country)
    assert expected in card
    assert "findahelpline.com" in card
    assert "emergency number" in card


def test_card_is_calm_and_says_the_role_play_is_paused() -> None:
    card = crisis_card_text("GB")
    assert card.startswith(CARD_OPENING)
    assert "You don't have to go through this alone." in card
    assert "paused" in card and "go back to the role-play" in card
    assert "not a crisis service" in card
    for alarming in ("!", "WARNING", "danger!", "emergency!", "you must"):
        assert alarming not in card


def test_own_contacts_come_first() -> None:
    card = crisis_card_text("US", ["Sam (sister) 555 0100", "  ", "Dr Lee 555 0199"])
    assert card.index("Sam (sister) 555 0100") < card.index("988")
    assert card.index("Dr Lee 555 0199") < card.index("988")
    assert "  - \n" not in card


def test_unknown_country_shows_the_international_list() -> None:
    card = crisis_card_text("ZZ", environ={})
    assert "findahelpline.com" in card
    for number in ("988", "116 123", "13 11 14"):
        assert number in card


def test_no_country_uses_the_locale() -> None:
    assert "Samaritans" in crisis_card_text(environ={"LANG": "en_GB.UTF-8"})
    assert "Lifeline" in crisis_card_text(environ={"LC_ALL": "en_AU.UTF-8", "LANG": "en_US"})


@pytest.mark.parametrize(
    ("environ", "code"),
    [
        ({"LANG": "en_GB.UTF-8"}, "GB"),
        ({"LC_ALL": "en_IE@euro"}, "IE"),
        ({"LANG": "C"}, None),
        ({"LANG": "C.UTF-8"}, None),
        ({}, None),
        ({"LC_ALL": "", "LANG": "fr_CA.UTF-8"}, "CA"),
        ({"LANG": "en_419"}, None),
    ],
)
def test_country_from_locale(environ: dict[str, str], code: str | None) -> None:
    assert country_from_locale(environ) == code


def test_a_setting_beats_the_locale() -> None:
    assert default_country("uk", {"LANG": "en_US.UTF-8"}) == "UK"
    assert default_country(None, {"LANG": "en_US.UTF-8"}) == "US"
    assert default_country("  ", {"LANG": "en_US.UTF-8"}) == "US"


def test_card_never_contains_links_to_open() -> None:
    card = crisis_card_text()
    assert "http" not in card and "www." not in card


def test_the_card_with_no_arguments_reads_the_process_locale(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_AU.UTF-8")
    assert "Lifeline" in crisis_card_text()
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert "Samaritans" in crisis_card_text()


def test_card_falls_back_to_built_in_text_when_the_data_is_broken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ipt_trainer.core import resources

    def broken() -> None:
        raise resources.ResourcesError("crisis_resources.yaml: unreadable")

    monkeypatch.setattr(resources, "load_resources", broken)
    card = resources.crisis_card_text("GB")
    assert card == resources.FALLBACK_CARD
    assert "988" in card and "116 123" in card and "paused" in card
