"""A practice session: the engine, the real scorer and the progress store, joined.

The headless ``play`` command and the app both drive sessions through this
one class, so what a learner sees and what is saved cannot drift apart
between them. It holds the only mutable thing (the current engine state);
everything it returns is an immutable ``Step`` from the engine.

Saving follows the learner: every scored or picked reply is written the
moment the engine returns it, and the engine state is saved after it, so a
killed process resumes at the last reply the learner was shown. With no
store (``--no-save``, or a data dir that cannot be written) the session
runs the same and keeps nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from ipt_trainer.core.engine import Step, choose, current, reply, rewind, start
from ipt_trainer.core.events import EndingEvent, SafetyEvent
from ipt_trainer.core.library import Library
from ipt_trainer.core.loading import LoadedScenario
from ipt_trainer.core.model import Scenario
from ipt_trainer.core.scores import Scorer
from ipt_trainer.core.session import SessionState, Turn, restore
from ipt_trainer.store import ProgressStore


def _default_scorer() -> Scorer:
    from ipt_trainer.core.scoring import score_reply

    return score_reply


class ResumeError(LookupError):
    """A saved session cannot be continued (gone, finished, or its scenario changed)."""


class PracticeSession:
    """One learner's run through one scenario, saved as it goes."""

    def __init__(
        self,
        scenario: Scenario,
        state: SessionState,
        *,
        store: ProgressStore | None,
        session_id: str | None,
        scorer: Scorer | None = None,
    ) -> None:
        self._scenario = scenario
        self._state = state
        self._store = store
        self._session_id = session_id
        self._scorer = scorer if scorer is not None else _default_scorer()

    @classmethod
    def begin(
        cls,
        loaded: LoadedScenario,
        *,
        store: ProgressStore | None = None,
        personalisation: Mapping[str, str] | None = None,
        seed: int | None = None,
        scorer: Scorer | None = None,
    ) -> tuple[PracticeSession, Step]:
        """Start ``loaded`` and, when there is a store, open a session record for it."""
        scenario = loaded.scenario
        step = start(scenario, personalisation, seed)
        session_id = None
        if store is not None:
            record = store.start_session(
                scenario_id=scenario.id,
                scenario_version=scenario.version,
                scenario_hash=step.state.scenario_hash,
                title=scenario.title,
                seed=step.state.seed,
                problem_area=scenario.problem_area,
                personalisation=step.state.personalisation,
                engine_state=step.state.to_json(),
            )
            session_id = record.id
        session = cls(scenario, step.state, store=store, session_id=session_id, scorer=scorer)
        session._after(step, recorded=0)
        return session, step

    @classmethod
    def resume(
        cls,
        library: Library,
        store: ProgressStore,
        session_id: str,
        *,
        source: LoadedScenario | None = None,
        scorer: Scorer | None = None,
    ) -> tuple[PracticeSession, Step]:
        """Continue an open session where its last saved reply left it.

        ``source`` supplies the scenario when it was played from a file outside
        the library.
        """
        record = store.session(session_id)
        if record is None:
            raise ResumeError(f"no saved session {session_id!r}; `ipt-trainer resume` lists them")
        if record.status != "open" or record.engine_state is None:
            raise ResumeError(f"session {session_id} is {record.status}; it cannot be resumed")
        try:
            loaded = source if source is not None else library.get(record.scenario_id)
        except LookupError as exc:
            raise ResumeError(
                f"session {session_id[:12]} played {record.scenario_id!r}, which is not in the "
                "library; give its file with --from FILE"
            ) from exc
        scenario = loaded.scenario
        if scenario.id != record.scenario_id:
            raise ResumeError(f"{loaded.path} holds {scenario.id!r}, not {record.scenario_id!r}")
        try:
            state = restore(scenario, SessionState.from_json(record.engine_state))
        except ValueError as exc:
            raise ResumeError(f"session {session_id} cannot be restored: {exc}") from exc
        session = cls(scenario, state, store=store, session_id=session_id, scorer=scorer)
        return session, current(scenario, state)

    @property
    def scenario(self) -> Scenario:
        """The scenario being played."""
        return self._scenario

    @property
    def state(self) -> SessionState:
        """The engine state after the last step."""
        return self._state

    @property
    def session_id(self) -> str | None:
        """The saved session's id, or None when nothing is saved."""
        return self._session_id

    @property
    def saving(self) -> bool:
        """True when replies are being kept."""
        return self._store is not None and self._session_id is not None

    @property
    def finished(self) -> bool:
        """True once an ending has been reached."""
        return self._state.finished

    def reply(self, text: str) -> Step:
        """Score and route a typed reply (raises ``ReplyRejected`` for empty or huge text)."""
        step = reply(self._scenario, self._state, text, self._scorer)
        self._after(step, recorded=len(self._state.transcript))
        return step

    def choose(self, suggestion_id: str) -> Step:
        """Take a suggested reply."""
        step = choose(self._scenario, self._state, suggestion_id)
        self._after(step, recorded=len(self._state.transcript))
        return step

    def rewind(self) -> Step:
        """Step back before the last reply; the store keeps it, flagged as rewound."""
        before = self._state
        step = rewind(self._scenario, before)
        self._state = step.state
        if self.saving:
            assert self._store is not None and self._session_id is not None
            flagged = [
                index
                for index, (old, new) in enumerate(
                    zip(before.transcript, step.state.transcript, strict=False)
                )
                if new.rewound and not old.rewound
            ]
            self._store.mark_rewound(self._session_id, flagged)
            self._store.save_engine_state(self._session_id, step.state.to_json())
        return step

    def abandon(self) -> None:
        """Stop for good: the session is kept but no longer offered for resume."""
        if self.saving and not self.finished:
            assert self._store is not None and self._session_id is not None
            self._store.abandon_session(self._session_id)

    def _after(self, step: Step, *, recorded: int) -> None:
        """Adopt ``step`` and save what is new since transcript index ``recorded``."""
        self._state = step.state
        if not self.saving:
            return
        assert self._store is not None and self._session_id is not None
        for index, turn in enumerate(step.state.transcript[recorded:], start=recorded):
            self._record(index, turn, step)
        ending = next((e for e in step.events if isinstance(e, EndingEvent)), None)
        if ending is not None:
            self._store.finish_session(
                self._session_id,
                ending=ending.node,
                outcome=ending.outcome,
                engine_state=step.state.to_json(),
            )
        else:
            self._store.save_engine_state(self._session_id, step.state.to_json())

    def _record(self, index: int, turn: Turn, step: Step) -> None:
        assert self._store is not None and self._session_id is not None
        if turn.kind == "safety_pause":
            safety = next((e for e in step.events if isinstance(e, SafetyEvent)), None)
            category = (safety.check.category if safety else None) or "crisis language"
            self._store.record_safety_event(category, session_id=self._session_id)
            return
        self._store.record_reply(
            self._session_id,
            turn=index,
            node=turn.node,
            text=turn.text or "",
            source=turn.source or "typed",
            context=turn.context,
            suggestion_id=turn.suggestion_id,
            score=turn.score,
            route_index=turn.route_index,
            next_node=turn.next,
        )
