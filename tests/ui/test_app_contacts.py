"""The learner's own crisis contacts in the app: first on the card, editable, saved in a worker."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import AppFactory
from helpers import answer_phq9, open_roleplay, plain, send, settle
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static

from ipt_trainer.core.contacts import contacts_path, read_contacts, write_contacts
from ipt_trainer.core.resources import crisis_card_text
from ipt_trainer.ui.screens.contacts import NOBODY_YET, ContactsScreen
from ipt_trainer.ui.screens.crisis import CrisisScreen
from ipt_trainer.ui.screens.first_run import FirstRunScreen
from ipt_trainer.ui.screens.library import LibraryScreen
from ipt_trainer.ui.screens.phq9 import Phq9Screen
from ipt_trainer.ui.screens.roleplay import RolePlayScreen

SAM = "Sam (sister) 07700 900123"
LEE = "Dr Lee [b]therapist[/b] 020 7946 0000"
"""Looks like markup on purpose: it must be shown exactly as written."""


def listed(screen: ContactsScreen) -> list[str]:
    options = screen.query_one("#contact-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_the_card_lists_them_first(make_app: AppFactory, tmp_path: Path) -> None:
    write_contacts(contacts_path(tmp_path / "data"), (SAM, LEE))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_roleplay(pilot)
        await send(pilot, "I want to kill myself")
        card = app.screen
        assert isinstance(card, CrisisScreen)
        text = plain(card.query_one("#crisis-text", Static))
        assert text == crisis_card_text(own_contacts=(SAM, LEE))
        assert f"People you chose to contact:\n  - {SAM}\n  - {LEE}" in text
        assert text.index(LEE) < text.index("You can talk to someone now")


async def test_added_from_the_card_shown_at_once_and_saved(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_roleplay(pilot)
        await send(pilot, "I want to kill myself")
        card = app.screen
        assert isinstance(card, CrisisScreen)
        assert "People you chose" not in plain(card.query_one("#crisis-text", Static))
        await pilot.click("#contacts")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ContactsScreen)
        assert listed(editor) == [NOBODY_YET]
        assert app.focused is editor.query_one("#contact-new", Input)
        await pilot.press(*SAM)
        await pilot.press("enter")
        await pilot.pause()
        assert listed(editor) == [f"1. {SAM}"]
        assert editor.query_one("#contact-new", Input).value == ""
        await pilot.press("escape")  # done: keeps what was added
        await settle(pilot)
        assert app.screen is card
        assert f"  - {SAM}" in plain(card.query_one("#crisis-text", Static))
        path = contacts_path(tmp_path / "data")
        assert read_contacts(path) == (SAM,)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert any("contacts are saved" in n.message for n in app._notifications)
        await pilot.click("#back")
        await pilot.pause()
        assert app.screen is screen and isinstance(screen, RolePlayScreen)


async def test_edited_from_the_palette_with_the_keyboard(
    make_app: AppFactory, tmp_path: Path
) -> None:
    path = contacts_path(tmp_path / "data")
    write_contacts(path, (SAM, LEE))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.action_contacts()
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ContactsScreen)
        assert listed(editor) == [f"1. {SAM}", f"2. {LEE}"]  # literally, no markup
        await pilot.press("   ")
        await pilot.press("enter")  # a blank line is refused, with a reason
        await pilot.pause()
        assert any("Write a name" in n.message for n in app._notifications)
        editor.query_one("#contact-list", OptionList).focus()
        await pilot.press("home", "delete")
        await pilot.pause()
        assert listed(editor) == [f"1. {LEE}"]
        await pilot.click("#contact-done")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.backend.contacts == (LEE,)
    assert read_contacts(path) == (LEE,)


async def test_closing_without_changes_writes_nothing(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("c")  # the library's key for contacts
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ContactsScreen)
        assert editor.query_one("#contact-remove", Button).disabled
        await pilot.press("escape")
        await settle(pilot)
    assert not contacts_path(tmp_path / "data").exists()


async def test_reachable_from_the_welcome(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(first_run=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        welcome = app.screen
        assert isinstance(welcome, FirstRunScreen)
        button = welcome.query_one("#welcome-contacts", Button)
        assert str(button.label) == "Add contacts"
        await pilot.click("#welcome-contacts")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press(*SAM, "enter")
        await pilot.click("#contact-done")
        await settle(pilot)
        assert app.screen is welcome
        assert str(button.label) == "Contacts (1)"
    assert read_contacts(contacts_path(tmp_path / "data")) == (SAM,)


async def test_phq9_card_lists_them_too(make_app: AppFactory, tmp_path: Path) -> None:
    write_contacts(contacts_path(tmp_path / "data"), (SAM,))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        app.action_phq9()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Phq9Screen)
        answer_phq9(screen, item_nine=1)
        await pilot.pause()
        screen.action_submit()
        await settle(pilot)
        card = app.screen
        assert isinstance(card, CrisisScreen)
        assert f"  - {SAM}" in plain(card.query_one("#crisis-text", Static))


async def _card_then_editor(pilot: Pilot[None]) -> None:
    await open_roleplay(pilot)
    await send(pilot, "I want to kill myself")
    await pilot.click("#contacts")
    await pilot.pause()


def test_snapshot_editor_over_the_card(
    snap_compare: Any, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # no country: the same card on every machine
    write_contacts(contacts_path(tmp_path / "data"), (SAM, LEE))
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_card_then_editor)


async def _card(pilot: Pilot[None]) -> None:
    await open_roleplay(pilot)
    await send(pilot, "I want to kill myself")


def test_snapshot_card_with_contacts(
    snap_compare: Any, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # no country: the same card on every machine
    write_contacts(contacts_path(tmp_path / "data"), (SAM,))
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_card)
