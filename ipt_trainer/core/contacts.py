"""The person's own crisis contacts: people they chose, shown first on the crisis card.

A known voice is often the easiest call to make, so the card lists these
before any helpline. They are a short list of lines the person wrote
themselves ("Sam (sister) 07700 900123"), kept in ``contacts.json`` in the
data folder, readable by the owner only, and never sent anywhere.

Reading for the card never fails (``card_contacts``): a missing or damaged
file must not stop the card from showing. Reading to edit (``read_contacts``)
reports a damaged file, so the person is not silently left with an empty list.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Final

CONTACTS_FILE: Final = "contacts.json"
MAX_CONTACTS: Final = 10
MAX_LENGTH: Final = 120
FORMAT_VERSION: Final = 1


class ContactError(ValueError):
    """A contact that cannot be kept, or a contacts file that cannot be read; says which."""


def contacts_path(folder: Path | None = None) -> Path:
    """Where the contacts live: ``folder``, else the user's data folder."""
    if folder is None:
        from ipt_trainer.paths import data_dir

        folder = data_dir()
    return folder / CONTACTS_FILE


def clean_contact(text: str) -> str:
    """``text`` as one tidy line, or ``ContactError`` saying what to change."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text):
        raise ContactError("a contact cannot contain control characters")
    line = " ".join(text.split())
    if not line:
        raise ContactError("write a name and how to reach them, e.g. 'Sam (sister) 07700 900123'")
    if len(line) > MAX_LENGTH:
        raise ContactError(f"a contact is {len(line)} characters; the limit is {MAX_LENGTH}")
    return line


def read_contacts(path: Path) -> tuple[str, ...]:
    """The saved contacts (none if there is no file); ``ContactError`` if it is damaged."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ()
    except (OSError, ValueError) as error:
        raise ContactError(f"{path}: cannot read your contacts ({error})") from error
    items = raw.get("contacts") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ContactError(f"{path}: not a contacts file (expected a list of lines)")
    try:
        return tuple(clean_contact(item) for item in items)[:MAX_CONTACTS]
    except ContactError as error:
        raise ContactError(f"{path}: {error}") from error


def card_contacts(path: Path | None = None) -> tuple[str, ...]:
    """The contacts for the crisis card; empty, never an error, when they cannot be read."""
    try:
        return read_contacts(contacts_path() if path is None else path)
    except (ContactError, OSError):
        return ()


def write_contacts(path: Path, contacts: tuple[str, ...]) -> None:
    """Keep ``contacts`` owner-only, atomically (a crash leaves the old file whole)."""
    from ipt_trainer.paths import write_private_text

    cleaned = [clean_contact(item) for item in contacts]
    if len(cleaned) > MAX_CONTACTS:
        raise ContactError(f"up to {MAX_CONTACTS} contacts can be kept")
    data = json.dumps({"version": FORMAT_VERSION, "contacts": cleaned}, indent=2)
    write_private_text(path, data + "\n")


def added(contacts: tuple[str, ...], text: str) -> tuple[str, ...]:
    """``contacts`` with ``text`` cleaned and appended (``ContactError`` if it cannot be)."""
    line = clean_contact(text)
    if len(contacts) >= MAX_CONTACTS:
        raise ContactError(f"you already have {MAX_CONTACTS} contacts; remove one first")
    if line in contacts:
        raise ContactError(f"'{line}' is already in your contacts")
    return (*contacts, line)


def removed(contacts: tuple[str, ...], number: int) -> tuple[tuple[str, ...], str]:
    """``contacts`` without the ``number``-th (1-based), and the line taken out."""
    if not 1 <= number <= len(contacts):
        if not contacts:
            raise ContactError("there are no contacts to remove")
        raise ContactError(f"there is no contact {number}; choose 1 to {len(contacts)}")
    index = number - 1
    return (*contacts[:index], *contacts[index + 1 :]), contacts[index]
