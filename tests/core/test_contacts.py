"""The learner's own crisis contacts: cleaning, limits, and the owner-only file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from ipt_trainer.core.contacts import (
    MAX_CONTACTS,
    MAX_LENGTH,
    ContactError,
    added,
    card_contacts,
    clean_contact,
    contacts_path,
    read_contacts,
    removed,
    write_contacts,
)
from ipt_trainer.core.resources import crisis_card_text


def test_clean_contact_tidies_spaces() -> None:
    assert clean_contact("  Sam  (sister)\t07700 900123 \n") == "Sam (sister) 07700 900123"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("   ", "write a name"),
        ("x" * (MAX_LENGTH + 1), f"the limit is {MAX_LENGTH}"),
        ("Sam\x1b[31m", "control characters"),
    ],
)
def test_clean_contact_rejects_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ContactError, match=says.replace("(", r"\(")):
        clean_contact(text)


def test_add_and_remove() -> None:
    contacts = added((), "Sam (sister) 07700 900123")
    contacts = added(contacts, "Dr Lee, therapist: 020 7946 0000")
    assert contacts == ("Sam (sister) 07700 900123", "Dr Lee, therapist: 020 7946 0000")
    with pytest.raises(ContactError, match="already"):
        added(contacts, "Sam  (sister) 07700 900123")
    rest, gone = removed(contacts, 1)
    assert (rest, gone) == (("Dr Lee, therapist: 020 7946 0000",), "Sam (sister) 07700 900123")
    with pytest.raises(ContactError, match="no contact 3; choose 1 to 2"):
        removed(contacts, 3)
    with pytest.raises(ContactError, match="no contacts to remove"):
        removed((), 1)


def test_a_full_list_refuses_more() -> None:
    full = tuple(f"Friend {n}" for n in range(MAX_CONTACTS))
    with pytest.raises(ContactError, match="remove one first"):
        added(full, "One more")


def test_written_owner_only_and_read_back(tmp_path: Path) -> None:
    path = contacts_path(tmp_path / "data")
    assert read_contacts(path) == ()  # no file yet: no contacts, no error
    write_contacts(path, ("Sam (sister) 07700 900123",))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert read_contacts(path) == ("Sam (sister) 07700 900123",)
    assert json.loads(path.read_text(encoding="utf-8"))["contacts"] == ["Sam (sister) 07700 900123"]
    assert not path.with_suffix(".tmp").exists()


def test_default_path_is_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("IPT_TRAINER_DATA_DIR", str(tmp_path / "elsewhere"))
    assert contacts_path() == (tmp_path / "elsewhere" / "contacts.json").resolve()


@pytest.mark.parametrize("text", ["{not json", '{"contacts": "Sam"}', '{"contacts": [1]}', "[]"])
def test_a_damaged_file_is_reported_for_editing_but_never_stops_the_card(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "contacts.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContactError, match="contacts"):
        read_contacts(path)
    assert card_contacts(path) == ()


def test_the_card_shows_them_before_any_helpline(tmp_path: Path) -> None:
    path = tmp_path / "contacts.json"
    write_contacts(path, ("Sam (sister) 07700 900123",))
    card = crisis_card_text("GB", card_contacts(path))
    assert card.index("Sam (sister) 07700 900123") < card.index("Samaritans")
