"""``ipt-trainer contacts``: the people you chose, shown first on the crisis card.

The list lives in the data folder, owner-only (``core.contacts``); nothing
here uses the network. ``list`` never creates the data folder; ``add`` and
``remove`` change only the contacts file. ``core.contacts`` is standard
library only, so importing it here keeps ``--help`` cheap.
"""

from __future__ import annotations

import argparse

from ipt_trainer.cli.errors import guarded
from ipt_trainer.core.contacts import (
    MAX_CONTACTS,
    ContactError,
    added,
    contacts_path,
    read_contacts,
    removed,
    write_contacts,
)

ABOUT = (
    "People you would want to reach if things got really hard: a friend, a relative, your "
    "therapist. If IPT Trainer ever shows its support card, they are listed first, above the "
    f"helplines. Up to {MAX_CONTACTS}, kept only on this computer, readable only by you."
)


def _expected() -> tuple[type[Exception], ...]:
    return (ContactError,)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``contacts`` with ``list``, ``add`` and ``remove``."""
    parser = sub.add_parser(
        "contacts",
        help="people you chose, listed first on the support card if it is ever shown",
        description=ABOUT,
        epilog='Example: ipt-trainer contacts add "Sam (sister) 07700 900123"',
    )
    actions = parser.add_subparsers(dest="contacts_command", metavar="ACTION")
    parser.set_defaults(func=guarded(run_list, _expected))

    listing = actions.add_parser("list", help="show your contacts, numbered")
    listing.set_defaults(func=guarded(run_list, _expected))

    add = actions.add_parser(
        "add",
        help="add a contact: a name and how to reach them",
        description="Add one line to your contacts, as you want it shown on the card.",
        epilog='Example: ipt-trainer contacts add "Sam (sister) 07700 900123"',
    )
    add.add_argument("text", nargs="+", metavar="TEXT", help='e.g. "Sam (sister) 07700 900123"')
    add.set_defaults(func=guarded(run_add, _expected))

    remove = actions.add_parser(
        "remove",
        help="remove contact N (as numbered by 'contacts list')",
        description="Remove one contact by its number in 'ipt-trainer contacts list'.",
    )
    remove.add_argument("number", type=int, metavar="N", help="the contact's number")
    remove.set_defaults(func=guarded(run_remove, _expected))


def run_list(args: argparse.Namespace) -> int:
    """Print the contacts, numbered from 1, or how to add one."""
    contacts = read_contacts(contacts_path())
    if not contacts:
        print('No contacts yet. Add one with: ipt-trainer contacts add "Sam (sister) 07700 900123"')
        return 0
    for number, line in enumerate(contacts, start=1):
        print(f"{number}. {line}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Append a contact and say where it will appear."""
    path = contacts_path()
    contacts = added(read_contacts(path), " ".join(args.text))
    write_contacts(path, contacts)
    print(f"Added {len(contacts)}. {contacts[-1]}")
    print("It will be shown first on the support card.")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Take out contact N."""
    path = contacts_path()
    remaining, line = removed(read_contacts(path), args.number)
    write_contacts(path, remaining)
    print(f"Removed: {line}")
    return 0
