"""The role-play: the conversation, the reply box, suggestions and the coach panel.

The screen owns one ``PracticeSession`` and never calls it on the event
loop: each begin, reply, choice and rewind runs in a thread worker (the
scorer and the store may block) which posts the resulting ``Step`` back as a
message. Only the message handlers touch widgets. While a call is running
the screen is ``busy`` and ignores further intent, so the session, which is
not thread-safe, only ever sees one call at a time.

"Try again" takes the last reply back; the next reply at that prompt is then
shown beside the one taken back (``AttemptsCompare``), both from the
session's own records. Store writes that outlive the screen (the mood before,
abandoning on quit) run in app-owned workers that report back with ``Saved``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from ipt_trainer.core.engine import EngineError, Step
from ipt_trainer.core.events import (
    CoachEvent,
    EndingEvent,
    FeedbackEvent,
    LineEvent,
    NarrationEvent,
    PromptEvent,
    SafetyEvent,
)
from ipt_trainer.core.session import SessionState, Turn
from ipt_trainer.core.text import (
    PersonalisationError,
    ReplyRejected,
    clean_reply,
    fill,
    placeholder_values,
)
from ipt_trainer.practice import PracticeSession, ResumeError
from ipt_trainer.store import StoreError
from ipt_trainer.ui.messages import save_in_background
from ipt_trainer.ui.screens.crisis import CardChoice, CrisisScreen
from ipt_trainer.ui.screens.pause import PauseChoice, PauseScreen
from ipt_trainer.ui.screens.setup import PracticePlan
from ipt_trainer.ui.services import Backend
from ipt_trainer.ui.widgets.attempts import AttemptsCompare
from ipt_trainer.ui.widgets.coach_panel import CoachPanel
from ipt_trainer.ui.widgets.reply_box import ReplyBox
from ipt_trainer.ui.widgets.suggestions import SuggestionList
from ipt_trainer.ui.widgets.transcript import (
    Entry,
    Transcript,
    coach_entry,
    history_entries,
    learner_entry,
    line_entry,
    narration_entry,
    note_entry,
)

Action = Literal["begin", "reply", "choose", "rewind"]


def _unexpected(error: Exception) -> str:
    return (
        f"Something went wrong ({type(error).__name__}: {error}). Your replies so far are "
        "saved; please report this."
    )


class RolePlayScreen(Screen[None]):
    """One run through one scenario."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "pause", "Pause"),
        Binding("ctrl+r", "try_again", "Try again"),
        Binding("f2,ctrl+s", "toggle_suggestions", "Suggestions", key_display="F2"),
    ]

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Screen declares it as a plain attribute
        (0, "-narrow"),
        (72, "-wide"),
    ]
    """Below 72 columns the coach panel moves under the conversation."""

    busy: reactive[bool] = reactive(True)
    """True while the session is working on the learner's last request."""

    class Began(Message):
        """The session exists and the opening has been played."""

        def __init__(self, session: PracticeSession, step: Step) -> None:
            super().__init__()
            self.session = session
            self.step = step

    class Stepped(Message):
        """The session answered a reply, choice or rewind with ``step``."""

        def __init__(self, action: Action, step: Step) -> None:
            super().__init__()
            self.action = action
            self.step = step

    class Failed(Message):
        """A request could not be carried out; ``text`` is safe to show."""

        def __init__(self, text: str, *, fatal: bool = False) -> None:
            super().__init__()
            self.text = text
            self.fatal = fatal

    class Finished(Message):
        """The learner asked to see the debrief for ``state``."""

        def __init__(self, session: PracticeSession, ending: EndingEvent) -> None:
            super().__init__()
            self.session = session
            self.ending = ending

    class Left(Message):
        """The learner left the role-play for the library."""

    def __init__(
        self,
        plan: PracticePlan,
        backend: Backend,
        *,
        cursor_blink: bool = True,
        resume_id: str | None = None,
    ) -> None:
        super().__init__()
        self.plan = plan
        self.resume_id = resume_id
        """The open session to continue instead of starting a new one."""
        self.backend = backend
        self.cursor_blink = cursor_blink
        self.session: PracticeSession | None = None
        self.ending: EndingEvent | None = None
        self.prompt: PromptEvent | None = None
        self._taking_back: Turn | None = None
        """The turn a rewind in flight is taking back."""
        self.first_try: Turn | None = None
        """The reply last taken back, shown beside the next reply at the same prompt."""

    def compose(self) -> ComposeResult:
        scenario = self.plan.loaded.scenario
        yield Header()
        with Horizontal(id="roleplay-body"):
            with Vertical(id="conversation"):
                yield Transcript(id="transcript")
                yield Static("", id="instruction", markup=False)
                yield SuggestionList(id="suggestions")
                yield ReplyBox(id="reply", cursor_blink=self.cursor_blink)
                yield Button("See your debrief", id="debrief", variant="primary")
            yield CoachPanel(scenario.variables, id="coach")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "IPT Trainer"
        self.sub_title = self.plan.loaded.scenario.title
        self.query_one("#suggestions").display = False
        self.query_one("#debrief").display = False
        self._begin()

    # workers: the only place the session is called

    @work(thread=True, exclusive=True, group="session")
    def _begin(self) -> None:
        try:
            if self.resume_id is not None:
                session, step = self.backend.resume(self.resume_id)
            else:
                session, step = self.backend.begin(self.plan.loaded, self.plan.personalisation)
        except ResumeError as error:
            self.post_message(self.Failed(f"Could not continue: {error}", fatal=True))
        except PersonalisationError as error:
            self.post_message(self.Failed(str(error), fatal=True))
        except (EngineError, StoreError) as error:
            self.post_message(self.Failed(f"Could not start: {error}", fatal=True))
        except Exception as error:  # reported to the learner, never silently dropped
            self.post_message(self.Failed(_unexpected(error), fatal=True))
        else:
            self.post_message(self.Began(session, step))

    @work(thread=True, exclusive=True, group="session")
    def _call(self, action: Action, call: Callable[[], Step]) -> None:
        try:
            with self.backend.using_store():  # quitting waits for this save
                step = call()
        except ReplyRejected as error:
            self.post_message(self.Failed(str(error)))
        except (EngineError, StoreError) as error:
            self.post_message(self.Failed(str(error)))
        except Exception as error:  # reported to the learner, never silently dropped
            self.post_message(self.Failed(_unexpected(error)))
        else:
            self.post_message(self.Stepped(action, step))

    # results, on the event loop

    def on_role_play_screen_began(self, message: Began) -> None:
        self.session = message.session
        if self.backend.store_problem:
            self.notify(
                f"Your progress is not being saved: {self.backend.store_problem}",
                severity="warning",
            )
        mood, session_id = self.plan.mood_before, message.session.session_id
        if self.resume_id is None and mood is not None and session_id is not None:
            backend = self.backend
            save_in_background(
                self.app,
                "mood",
                lambda: backend.record_mood(mood, "before", session_id),
                failure="Could not save your mood",
            )
        if self.resume_id is not None:
            state = message.session.state
            self.query_one(Transcript).add(*history_entries(state, self._speaker(state)))
        self._show(message.step, "begin")

    def _speaker(self, state: SessionState) -> str:
        scenario = self.plan.loaded.scenario
        return fill(scenario.other_person.name, placeholder_values(scenario, state.personalisation))

    async def on_role_play_screen_stepped(self, message: Stepped) -> None:
        if message.action == "rewind":
            self.first_try, self._taking_back = self._taking_back, None
            await self.query_one(Transcript).take_back()
            self.query_one(Transcript).add(
                note_entry("note", "You took that reply back.", "Try it another way.")
            )
            self.query_one(CoachPanel).clear_feedback()
            self.ending = None
        self._show(message.step, message.action)

    def on_role_play_screen_failed(self, message: Failed) -> None:
        self._taking_back = None
        self.notify(message.text, severity="error" if message.fatal else "warning")
        if message.fatal:
            self.dismiss()
            return
        self.busy = False

    def _show(self, step: Step, action: Action) -> None:
        transcript = self.query_one(Transcript)
        coach = self.query_one(CoachPanel)
        state = step.state
        safety = next((e for e in step.events if isinstance(e, SafetyEvent)), None)
        reply_text = ""
        compare: AttemptsCompare | None = None
        if action in ("reply", "choose") and safety is None and state.transcript:
            turn = state.transcript[-1]
            reply_text = turn.text or ""
            transcript.mark_turn()
            transcript.add(learner_entry(reply_text, picked=action == "choose"))
            compare = self._compare(turn)
        if action in ("reply", "choose"):
            self.query_one(ReplyBox).clear()
        deltas: dict[str, int] = {}
        entries: list[Entry] = []
        for event in step.events:
            if isinstance(event, LineEvent):
                entries.append(line_entry(event))
            elif isinstance(event, NarrationEvent):
                entries.append(narration_entry(event))
            elif isinstance(event, CoachEvent):
                entries.append(coach_entry(event))
            elif isinstance(event, FeedbackEvent):
                coach.show_feedback(event, reply_text)
                deltas = {effect.name: effect.delta for effect in event.effects}
                if event.retry:
                    entries.append(note_entry("hint", "Have another go.", ""))
            elif isinstance(event, PromptEvent):
                self._prompt(event)
                if event.hint:
                    entries.append(note_entry("hint", "Hint", event.hint))
            elif isinstance(event, EndingEvent):
                entries.append(note_entry("note", "The conversation has ended.", event.title))
                self._ended(event)
        transcript.add(*entries)
        if compare is not None:
            transcript.show_from(compare)  # the two tries first; what follows is a scroll away
        coach.show_vars(state.vars, deltas)
        self.busy = False
        if safety is not None:
            self.app.push_screen(CrisisScreen(self.backend.contacts), self._after_card)
        else:
            self._focus_input()

    def _compare(self, turn: Turn) -> AttemptsCompare | None:
        """After a try again: both replies at this prompt, side by side, in the conversation."""
        first, self.first_try = self.first_try, None
        if first is None or turn.kind != "reply" or first.node != turn.node:
            return None
        compare = AttemptsCompare(first, turn)
        self.query_one(Transcript).add(compare)
        return compare

    def _prompt(self, event: PromptEvent) -> None:
        self.prompt = event
        self.ending = None
        instruction = event.instruction or "Your turn."
        if self.plan.mode == "choose":
            count = min(len(event.suggestions), 8)
            keys = "1" if count == 1 else f"1-{count}"
            instruction += (
                f" Pick a reply: {keys}, arrows and Enter, or click."
                if count
                else " No suggestions here: type your own reply."
            )
        self.query_one("#instruction", Static).update(instruction)
        suggestions = self.query_one(SuggestionList)
        suggestions.show(event.suggestions)
        showing = self.plan.mode == "choose" and bool(event.suggestions)
        suggestions.display = showing or (suggestions.display and bool(event.suggestions))
        self.query_one(ReplyBox).display = True
        self.query_one("#debrief").display = False

    def _ended(self, event: EndingEvent) -> None:
        self.ending = event
        self.prompt = None
        self.query_one("#instruction", Static).update(
            "The role-play is over. Open your debrief, or press ctrl+r to try the last reply again."
        )
        self.query_one(SuggestionList).display = False
        self.query_one(ReplyBox).display = False
        self.query_one("#debrief").display = True

    def _focus_input(self) -> None:
        if self.ending is not None:
            self.query_one("#debrief").focus()
        elif self.query_one(SuggestionList).display and self.plan.mode == "choose":
            self.query_one(SuggestionList).focus()
        else:
            self.query_one(ReplyBox).focus()

    def _after_card(self, choice: CardChoice | None) -> None:
        self.query_one(ReplyBox).clear()
        if choice == "stop":
            self.post_message(self.Left())  # not abandoned: it can be resumed later
            return
        self._focus_input()

    def watch_busy(self, busy: bool) -> None:
        if not self.is_mounted:
            return
        self.query_one(ReplyBox).read_only = busy
        self.query_one("#conversation").set_class(busy, "-busy")

    # learner intent

    @on(ReplyBox.Submitted)
    def _send(self, message: ReplyBox.Submitted) -> None:
        if self.busy or self.session is None or self.prompt is None:
            return
        try:
            clean_reply(message.text)
        except ReplyRejected as error:
            self.notify(str(error), title="Nothing sent", severity="information")
            return
        self.busy = True
        session, text = self.session, message.text
        self._call("reply", lambda: session.reply(text))

    @on(SuggestionList.Picked)
    def _pick(self, message: SuggestionList.Picked) -> None:
        if self.busy or self.session is None or self.prompt is None:
            return
        self.busy = True
        session, suggestion_id = self.session, message.suggestion_id
        self._call("choose", lambda: session.choose(suggestion_id))

    @on(Button.Pressed, "#debrief")
    def _debrief(self) -> None:
        if self.session is not None and self.ending is not None:
            self.post_message(self.Finished(self.session, self.ending))

    def action_try_again(self) -> None:
        """Take back the last reply or choice and try it another way."""
        if self.busy or self.session is None:
            return
        if not self.session.state.can_rewind:
            self.notify("There is no reply to take back yet.", severity="information")
            return
        self.busy = True
        session = self.session
        state = session.state
        self._taking_back = state.transcript[state.history[-1].turn]
        self._call("rewind", session.rewind)

    def action_toggle_suggestions(self) -> None:
        """Show or hide the suggested replies."""
        suggestions = self.query_one(SuggestionList)
        if self.prompt is None or not self.prompt.suggestions:
            self.notify("No suggestions at this turn: type your own reply.", severity="information")
            return
        suggestions.display = not suggestions.display
        if suggestions.display:
            suggestions.focus()
        else:
            self.query_one(ReplyBox).focus()

    def action_pause(self) -> None:
        """Pause: resume, or quit to the library."""
        self.app.push_screen(PauseScreen(), self._after_pause)

    def _after_pause(self, choice: PauseChoice | None) -> None:
        if choice != "quit":
            self._focus_input()
            return
        session = self.session
        if session is not None and not session.finished:
            backend = self.backend

            def abandon() -> None:
                with backend.using_store():  # quitting the app waits for this save
                    session.abandon()

            # the screen is closing, so the app runs and reports the write
            save_in_background(
                self.app, "session", abandon, failure="Could not save where you stopped"
            )
        self.post_message(self.Left())

    def current_state(self) -> SessionState | None:
        """The session's state, for tests and the debrief."""
        return None if self.session is None else self.session.state
