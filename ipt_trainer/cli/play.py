"""``ipt-trainer play`` and ``resume``: a role-play without the app.

A script file stands in for the learner: each line is the next typed reply,
and a line ``#N`` picks suggestion N. Therapists preview scenarios this way,
tests drive whole sessions, and the session is saved just as the app saves
it, so a script that runs out leaves a session to resume.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipt_trainer.cli.errors import fail

if TYPE_CHECKING:  # imported by the commands, so ``--help`` stays cheap
    from ipt_trainer.core.engine import Step
    from ipt_trainer.core.events import PromptEvent
    from ipt_trainer.practice import PracticeSession
    from ipt_trainer.store import ProgressStore

MAX_SCRIPT_BYTES = 1_000_000


class ScriptError(ValueError):
    """A script file that cannot be read; the message names the file and line."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``play`` and ``resume``."""
    play = sub.add_parser(
        "play",
        help="play a scenario headless from a script of replies",
        description=(
            "Play a scenario without the app. Each line of the script is your next reply; "
            "a line '#2' picks suggested reply 2. The session is saved like in the app."
        ),
    )
    play.add_argument("scenario", metavar="ID", help="scenario id or path to a .yaml file")
    play.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fill a placeholder, e.g. --set partner_name=Sam (repeatable)",
    )
    play.add_argument("--seed", type=int, help="seed for the scenario's random choices")
    _common(play)
    play.set_defaults(func=run_play)

    resume = sub.add_parser(
        "resume",
        help="list open sessions, or continue one from a script",
        description="Without SESSION, list open sessions. With it, continue from --script.",
    )
    resume.add_argument("session", nargs="?", metavar="SESSION", help="session id (or a prefix)")
    resume.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="FILE",
        help="the scenario file, when the session was played from a file outside the library",
    )
    _common(resume)
    resume.set_defaults(func=run_resume)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--script",
        type=Path,
        metavar="FILE",
        help="replies, one per line ('-' reads standard input)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--no-save", action="store_true", help="keep nothing of this session")


def read_script(path: Path) -> list[str]:
    """Replies from ``path``; blank lines are skipped."""
    try:
        if str(path) == "-":
            raw = sys.stdin.buffer.read(MAX_SCRIPT_BYTES + 1)
        else:
            with path.open("rb") as handle:
                raw = handle.read(MAX_SCRIPT_BYTES + 1)
    except OSError as exc:
        raise ScriptError(f"{path}: cannot read the script: {exc.strerror or exc}") from exc
    if len(raw) > MAX_SCRIPT_BYTES:
        raise ScriptError(f"{path}: the script is over {MAX_SCRIPT_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScriptError(f"{path}:{line}: not UTF-8 text") from exc
    return [line for line in text.splitlines() if line.strip()]


def _parse_sets(pairs: list[str]) -> dict[str, str]:
    from ipt_trainer.core.text import PersonalisationError

    chosen: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise PersonalisationError(f"--set expects NAME=VALUE, got {pair!r}")
        chosen[name.strip()] = value
    return chosen


def _open_store(args: argparse.Namespace) -> ProgressStore | None:
    if args.no_save:
        return None
    from ipt_trainer.store import SqliteStore

    return SqliteStore()


def run_play(args: argparse.Namespace) -> int:
    """Play a scenario from a script; exit 0 when it ran, 1 on a problem."""
    from ipt_trainer.core.library import ScenarioNotFound, load_library
    from ipt_trainer.core.loading import ScenarioError
    from ipt_trainer.core.text import PersonalisationError
    from ipt_trainer.practice import PracticeSession
    from ipt_trainer.store import StoreError

    try:
        replies = read_script(args.script) if args.script is not None else []
        personalisation = _parse_sets(args.set)
        loaded = load_library().get(args.scenario)
        store = _open_store(args)
        session, first = PracticeSession.begin(
            loaded, store=store, personalisation=personalisation, seed=args.seed
        )
    except ScenarioError as exc:
        return fail("\n".join(p.format() for p in exc.problems))
    except (ScriptError, PersonalisationError, ScenarioNotFound, StoreError) as exc:
        return fail(str(exc).strip("'\""))
    return _drive(session, first, replies, args)


def run_resume(args: argparse.Namespace) -> int:
    """List open sessions, or continue one from a script."""
    from ipt_trainer.core.library import ScenarioNotFound, load_library
    from ipt_trainer.core.loading import ScenarioError
    from ipt_trainer.practice import PracticeSession, ResumeError
    from ipt_trainer.store import SqliteStore, StoreError

    try:
        store = SqliteStore()
        if args.session is None:
            return _list_open(store, as_json=args.json)
        session_id = _match_session(store, args.session)
        replies = read_script(args.script) if args.script is not None else []
        library = load_library()
        source = library.get(args.source) if args.source is not None else None
        session, first = PracticeSession.resume(library, store, session_id, source=source)
    except ScenarioError as exc:
        return fail("\n".join(p.format() for p in exc.problems))
    except (ResumeError, ScriptError, StoreError, ScenarioNotFound) as exc:
        return fail(str(exc).strip("'\""))
    return _drive(session, first, replies, args)


def _match_session(store: ProgressStore, wanted: str) -> str:
    from ipt_trainer.practice import ResumeError

    ids = [record.id for record in store.sessions("open") if record.id.startswith(wanted)]
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise ResumeError(
            f"no open session starts with {wanted!r}; `ipt-trainer resume` lists them"
        )
    raise ResumeError(f"{wanted!r} matches {len(ids)} open sessions; give more of the id")


def _list_open(store: ProgressStore, *, as_json: bool) -> int:
    open_sessions = store.sessions("open")
    if as_json:
        rows = [
            {
                "id": s.id,
                "scenario_id": s.scenario_id,
                "title": s.title,
                "started_at": s.started_at.isoformat(),
            }
            for s in open_sessions
        ]
        print(json.dumps(rows, indent=2))
        return 0
    if not open_sessions:
        print("No open sessions.")
        return 0
    for record in open_sessions:
        started = record.started_at.strftime("%Y-%m-%d %H:%M")
        print(f"{record.id[:12]}  {started}  {record.title}")
    print("\nContinue one with: ipt-trainer resume ID --script FILE")
    return 0


def _drive(
    session: PracticeSession, first: Step, replies: list[str], args: argparse.Namespace
) -> int:
    """Feed the script to the session, printing as it goes (or JSON at the end)."""
    from ipt_trainer.cli.render import render_events
    from ipt_trainer.core.engine import EngineError
    from ipt_trainer.core.text import ReplyRejected

    steps: list[Step] = [first]
    if not args.json:
        render_events(first.events, sys.stdout)
    problems = 0
    for number, line in enumerate(replies, start=1):
        if session.finished:
            print(
                f"(script line {number} onward not used: the scenario has ended)", file=sys.stderr
            )
            break
        try:
            step = _one(session, line, steps[-1])
        except (ReplyRejected, EngineError) as exc:
            problems += 1
            print(f"ipt-trainer: script line {number}: {exc}", file=sys.stderr)
            continue
        steps.append(step)
        if not args.json:
            last = step.state.transcript[-1] if step.state.transcript else None
            render_events(step.events, sys.stdout, reply=last.text if last else None)
    if args.json:
        print(json.dumps(_as_json(session, steps), indent=2, ensure_ascii=False))
    elif not session.finished:
        _say_open(session)
    return 1 if problems else 0


def _one(session: PracticeSession, line: str, previous: Step) -> Step:
    from ipt_trainer.core.engine import Step
    from ipt_trainer.core.events import PromptEvent, SafetyEvent
    from ipt_trainer.core.text import ReplyRejected

    stripped = line.strip()
    if stripped.startswith("#") and stripped[1:].isdigit():
        number = int(stripped[1:])
        prompt = next((e for e in reversed(previous.events) if isinstance(e, PromptEvent)), None)
        offered = prompt.suggestions if prompt is not None else ()
        if not 1 <= number <= len(offered):
            raise ReplyRejected(
                f"'#{number}' picks a suggested reply, but this turn offers {len(offered)}"
            )
        return session.choose(offered[number - 1].id)
    reply = session.reply(line)
    if any(isinstance(e, SafetyEvent) for e in reply.events):
        # the prompt stays open; keep the previous prompt for '#N' lookups
        return Step(state=reply.state, events=(*reply.events, *_last_prompt(previous)))
    return reply


def _last_prompt(step: Step) -> tuple[PromptEvent, ...]:
    from ipt_trainer.core.events import PromptEvent

    found = [e for e in step.events if isinstance(e, PromptEvent)]
    return tuple(found[-1:])


def _say_open(session: PracticeSession) -> None:
    if session.session_id is not None:
        short = session.session_id[:12]
        print(
            f"\nThe script ran out before an ending. Session {short} is saved; "
            f"continue with: ipt-trainer resume {short} --script FILE"
        )
    else:
        print("\nThe script ran out before an ending (nothing was saved).")


def _as_json(session: PracticeSession, steps: list[Step]) -> dict[str, Any]:
    state = session.state
    events = [e.model_dump(mode="json") for step in steps for e in step.events]
    ending = next((e for e in reversed(events) if e["kind"] == "ending"), None)
    return {
        "session_id": session.session_id,
        "scenario": {"id": session.scenario.id, "version": session.scenario.version},
        "finished": session.finished,
        "ending": ending,
        "transcript": [turn.model_dump(mode="json") for turn in state.transcript],
        "events": events,
    }
