"""Welcome: what the app is and is not, where urgent help is, and a few optional choices.

Shown once, on the first start (the app remembers it in the settings file),
and again from the command palette ("About / first-run"). Everything asked is
optional; closing the screen returns the updated ``Settings``, and the app
saves them in a worker.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from ipt_trainer.core.model import PROBLEM_AREAS
from ipt_trainer.ui.labels import PROBLEM_AREA_TITLES
from ipt_trainer.ui.screens.contacts import ContactsScreen
from ipt_trainer.ui.settings import MAX_PEOPLE, Person, Settings

INVENTORY_ROWS = 4
"""Rows shown for important people (the settings keep up to ``MAX_PEOPLE``)."""

WHAT_IT_IS = (
    "IPT Trainer is a place to practise the kinds of conversations Interpersonal "
    "Psychotherapy (IPT) works on: disagreements with people close to you, big life "
    "changes, grief, and feeling isolated. You reply to a character in short role-plays "
    "and get feedback on assertiveness, active listening and resolving conflict. "
    "Everything stays on this computer."
)
WHAT_IT_IS_NOT = (
    "It is not therapy and not a crisis service, and the character is not a person. "
    "It can sit alongside therapy, never replace it."
)
URGENT_HELP = (
    "If you need help urgently: in danger now, call your local emergency number. "
    "US: call or text 988. UK & Ireland: Samaritans, 116 123 (free, any time). "
    "Elsewhere: findahelpline.com lists free, confidential helplines."
)
CONTACTS_HINT = (
    "Optional: people you would want to reach if things got hard. "
    "They are shown first on the support card."
)


class FirstRunScreen(Screen[Settings]):
    """The welcome: read, optionally fill in, continue."""

    AUTO_FOCUS = "#continue"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip"),
    ]

    def __init__(self, settings: Settings, *, contacts: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.settings = settings
        self.contacts = contacts
        """The learner's own crisis contacts (edited in ``ContactsScreen``, saved by the app)."""

    def compose(self) -> ComposeResult:
        people = list(self.settings.people)
        yield Header()
        with VerticalScroll(id="welcome-body"):
            yield Static(Text("Welcome to IPT Trainer", style="bold"), id="welcome-title")
            yield Static(Text(WHAT_IT_IS), markup=False)
            yield Static(Text(WHAT_IT_IS_NOT, style="bold"), markup=False)
            yield Static(Text(URGENT_HELP), id="urgent-help", markup=False)
            with Horizontal(id="welcome-contacts-row"):
                yield Static(Text(CONTACTS_HINT), id="contacts-hint", markup=False)
                yield Button(self._contacts_label(), id="welcome-contacts", compact=True)
            yield Label("What should we call you? (optional)")
            yield Input(
                value=self.settings.display_name,
                placeholder="A name or nickname",
                max_length=40,
                id="display-name",
                compact=True,
            )
            yield Label("Which area would you like to work on first? (optional)")
            yield Select(
                [(PROBLEM_AREA_TITLES[area], area) for area in PROBLEM_AREAS],
                prompt="No preference",
                value=self.settings.focus_area or Select.NULL,
                id="focus-area",
                compact=True,
            )
            yield Static(
                Text(
                    "Important people in your life (optional). Their names are offered "
                    "when you set up a role-play. Kept only on this computer."
                ),
                classes="section",
                markup=False,
            )
            rows = max(INVENTORY_ROWS, min(len(people), MAX_PEOPLE))
            for row in range(rows):
                person = people[row] if row < len(people) else None
                with Horizontal(classes="person-row"):
                    yield Input(
                        value=person.name if person else "",
                        placeholder="Name",
                        max_length=40,
                        id=f"person-{row}-name",
                        compact=True,
                    )
                    yield Input(
                        value=person.relationship if person else "",
                        placeholder="Relationship (e.g. partner, mum)",
                        max_length=40,
                        id=f"person-{row}-relationship",
                        compact=True,
                    )
        with Horizontal(id="welcome-buttons"):
            yield Button("Continue", id="continue", variant="primary", compact=True)
            yield Button("Skip", id="skip", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Welcome"

    def _contacts_label(self) -> str:
        count = len(self.contacts)
        return "Add contacts" if not count else f"Contacts ({count})"

    @on(Button.Pressed, "#welcome-contacts")
    def action_contacts(self) -> None:
        """Add or change the people shown first on the support card."""
        self.app.push_screen(ContactsScreen(self.contacts), self._contacts_edited)

    def _contacts_edited(self, contacts: tuple[str, ...] | None) -> None:
        if contacts is not None:
            self.contacts = contacts
            self.query_one("#welcome-contacts", Button).label = self._contacts_label()

    def chosen(self) -> Settings:
        """The settings with the learner's answers, blanks dropped."""
        focus = self.query_one("#focus-area", Select).value
        people = []
        for row in self.query(".person-row"):
            name, relationship = (field.value.strip() for field in row.query(Input))
            if name:
                people.append(Person(name=name, relationship=relationship))
        return self.settings.updated(
            first_run_done=True,
            display_name=self.query_one("#display-name", Input).value.strip(),
            focus_area=focus if isinstance(focus, str) else None,
            people=tuple(people[:MAX_PEOPLE]),
        )

    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        """Keep the answers and go to the library."""
        self.dismiss(self.chosen())

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        """Go to the library, remembering only that the welcome was seen."""
        self.dismiss(self.settings.updated(first_run_done=True))
