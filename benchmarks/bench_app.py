"""The app's start-up, memory and typing latency, each beside a bare Textual baseline.

Run by hand (never from the tests): ``.venv/bin/python benchmarks/bench_app.py``.
Results go in docs/performance.md, section "App".

* Start-up: ``ipt-trainer`` with no arguments (the real entry point, the
  bundled library, a warm scenario cache, the welcome already seen) until
  the library list is filled, the footer shows its keys, and the screen is
  painted, headless, against a bare Textual app that shows one ``Static``
  until it is painted. Each run is a fresh
  interpreter; the two kinds alternate, and the medians are compared. The
  figure is the child's CPU time at "ready" (``time.process_time``, all
  threads, interpreter start included), because the machine is shared;
  wall time is printed for reference only. ``--pydantic-settings`` adds a
  third kind: the app with pydantic imported and the settings validated by
  frozen pydantic models before it starts (what pydantic settings would add
  to the first paint).
* Memory: the child's peak resident size (``ru_maxrss``) at "ready".
* Typing: CPU time per key typed into the reply box (Pilot ``press``, which
  waits for the key to be handled and the screen updated) with a 200-turn
  transcript (400 entries) against an empty one, alternating rounds.

Targets (issue 7): start-up <= 1.3x, memory <= 1.5x, typing unaffected.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REPAINT = 0.03
"""Seconds of idle after each key: enough for Textual to handle it and repaint."""

# children ---------------------------------------------------------------------------


def _report(started: float) -> None:
    """Print what the parent needs, at the moment the first screen is ready."""
    print(
        json.dumps(
            {
                "cpu": time.process_time(),
                "wall": time.time() - started,
                "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        ),
        flush=True,
    )


def child_bare(started: float) -> None:
    """A Textual app that shows one Static: the floor any Textual app pays."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hello")

        def on_mount(self) -> None:
            self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            _report(started)
            self.exit()

    Bare().run(headless=True, size=(100, 30))


def _pydantic_settings() -> None:
    """Validate the settings file with frozen pydantic models, as ``ui/settings.py`` would."""
    from pydantic import BaseModel, ConfigDict, Field

    class Person(BaseModel):
        model_config = ConfigDict(frozen=True, extra="ignore")
        name: str = Field(min_length=1, max_length=40)
        relationship: str = Field(default="", max_length=40)

    class Settings(BaseModel):
        model_config = ConfigDict(frozen=True, extra="ignore")
        first_run_done: bool = False
        display_name: str = Field(default="", max_length=40)
        focus_area: str | None = None
        people: tuple[Person, ...] = Field(default=(), max_length=6)
        theme: str = "textual-dark"

    folder = Path(os.environ["IPT_TRAINER_CONFIG_DIR"])
    Settings.model_validate_json((folder / "settings.json").read_bytes())


def child_app(started: float, pydantic_settings: bool = False) -> None:
    """``ipt-trainer`` as a learner starts it, until the library screen is whole."""
    from textual.app import App
    from textual.widgets import OptionList

    from ipt_trainer.cli.main import main
    from ipt_trainer.ui import app as app_module
    from ipt_trainer.ui.widgets.footer import KeyFooter

    original_mount = app_module.IPTTrainerApp.on_mount

    def mount_and_watch(app: app_module.IPTTrainerApp) -> None:
        original_mount(app)

        def check() -> None:
            # the footer's keys: Textual's own Footer mounted them only after a second
            # compose, which the check once missed (it reported an empty footer); the
            # one-widget footer counts the keys it has drawn
            screen = app.library_screen
            listed = screen.query_one("#scenarios", OptionList).option_count
            if listed and screen.query_one(KeyFooter).drawn:  # list filled, footer keys drawn
                timer.stop()
                app.call_after_refresh(finish)

        def finish() -> None:
            _report(started)
            app.exit()

        timer = app.set_interval(0.002, check)

    def run_headless(app: app_module.IPTTrainerApp, *args: object, **kwargs: object) -> None:
        App.run(app, headless=True, size=(100, 30))

    app_module.IPTTrainerApp.on_mount = mount_and_watch  # type: ignore[method-assign,assignment]
    app_module.IPTTrainerApp.run = run_headless  # type: ignore[method-assign,assignment]
    if pydantic_settings:
        _pydantic_settings()
    sys.exit(main([]))


# start-up and memory ----------------------------------------------------------------


def _environment(folder: Path, bytecode: bool = True) -> dict[str, str]:
    """The children's environment: their own data and config folders, no animations.

    Compiled bytecode is kept in the run's temporary folder (filled by the
    preparing run), as an installed package has it: pip compiles a wheel's
    modules when it installs them. Without this, on a machine that sets
    ``PYTHONDONTWRITEBYTECODE`` (as this one does) an editable install
    compiles the app's own modules from source at every start, a cost no
    learner pays, while Textual's come precompiled from site-packages.
    """
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    env["IPT_TRAINER_DATA_DIR"] = str(folder / "data")
    env["IPT_TRAINER_CONFIG_DIR"] = str(folder / "config")
    env["TEXTUAL_ANIMATIONS"] = "none"
    return env


def _prepare(folder: Path, bytecode: bool) -> None:
    """Welcome seen, scenario cache warm: a returning learner's start."""
    config = folder / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps({"first_run_done": True}), encoding="utf-8")
    _spawn("app", folder, bytecode)  # fills the scenario cache (and compiles the bytecode)
    _spawn("bare", folder, bytecode)


def _spawn(kind: str, folder: Path, bytecode: bool) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(time.time())]
    done = subprocess.run(
        command,
        env=_environment(folder, bytecode),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{kind} child failed ({done.returncode}):\n{done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(lines[-1])
    return result


def startup(
    runs: int, bytecode: bool = True, index: bool = True, pydantic_settings: bool = False
) -> dict[str, Any]:
    """Alternating bare/app runs; ``index`` False removes the library index before each app run.

    Without the index the app starts as it did before it had one: the list
    waits for the full library (pydantic, the scenario models, every cached
    scenario validated), which is what the index saves.
    """
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _prepare(folder, bytecode)
        kinds = ["bare", "app"] + (["app-pydantic"] if pydantic_settings else [])
        samples: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
        for round_number in range(runs):
            order = kinds if round_number % 2 == 0 else kinds[::-1]
            for kind in order:
                if kind == "app" and not index:
                    shutil.rmtree(
                        folder / "data" / "cache" / "scenarios" / "index", ignore_errors=True
                    )
                samples[kind].append(_spawn(kind, folder, bytecode))
    medians = {
        kind: {key: statistics.median(s[key] for s in rows) for key in rows[0]}
        for kind, rows in samples.items()
    }
    extra: dict[str, Any] = {}
    if pydantic_settings:
        extra["pydantic_cpu_ratio"] = medians["app-pydantic"]["cpu"] / medians["bare"]["cpu"]
        extra["pydantic"] = medians["app-pydantic"]
    return {
        **extra,
        "runs": runs,
        "bare": medians["bare"],
        "app": medians["app"],
        "cpu_ratio": medians["app"]["cpu"] / medians["bare"]["cpu"],
        "wall_ratio": medians["app"]["wall"] / medians["bare"]["wall"],
        "memory_ratio": medians["app"]["maxrss_kb"] / medians["bare"]["maxrss_kb"],
        "bare_min_cpu": min(s["cpu"] for s in samples["bare"]),
        "app_min_cpu": min(s["cpu"] for s in samples["app"]),
        "min_cpu_ratio": min(s["cpu"] for s in samples["app"])
        / min(s["cpu"] for s in samples["bare"]),
        "pair_cpu_ratios": [
            a["cpu"] / b["cpu"] for a, b in zip(samples["app"], samples["bare"], strict=True)
        ],
    }


# typing -----------------------------------------------------------------------------


async def _typing_once(turns: int, keys: int, folder: Path, through_pilot: bool) -> list[float]:
    """CPU seconds per key typed into the reply box, with ``turns`` turns already shown.

    ``through_pilot``: time ``Pilot.press``, which after each key also waits for
    every widget on the screen to drain its queue (a cost of the test harness
    that grows with the number of widgets); otherwise send the key as the
    terminal driver does and give the app time to handle it and repaint.
    """
    from textual.widgets import OptionList

    from ipt_trainer.core.events import LineEvent
    from ipt_trainer.ui.app import IPTTrainerApp
    from ipt_trainer.ui.screens.roleplay import RolePlayScreen
    from ipt_trainer.ui.screens.setup import SetupScreen
    from ipt_trainer.ui.widgets.reply_box import ReplyBox
    from ipt_trainer.ui.widgets.transcript import Transcript, learner_entry, line_entry

    app = IPTTrainerApp(
        data_dir=folder / "data",
        config_dir=folder / "config",
        first_run=False,
        cursor_blink=False,
        save=False,
    )
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.library_screen.query_one("#scenarios", OptionList).option_count:
            await pilot.pause(0.01)
        listing = app.library_screen.query_one("#scenarios", OptionList)
        listing.focus()
        await pilot.press("enter")
        while not isinstance(app.screen, SetupScreen):  # the full library may still be loading
            await pilot.pause(0.01)
        await pilot.press("f5")
        while not (isinstance(app.screen, RolePlayScreen) and app.screen.session is not None):
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        for number in range(turns):
            line = LineEvent(
                node="bench",
                speaker="Sam",
                emotion="calm",
                text=f"Line {number}: something the other person says about the plan.",
            )
            transcript.add(
                line_entry(line),
                learner_entry(f"Reply {number}: I hear you, and I would like us to share it."),
            )
        await pilot.pause()
        await pilot.pause()
        box = app.screen.query_one(ReplyBox)
        box.focus()
        await pilot.pause()
        for _ in range(keys):
            start = time.process_time()
            if through_pilot:
                await pilot.press("a")
            else:
                await app._press_keys(["a"])  # the key through the driver, as a terminal sends it
                await asyncio.sleep(REPAINT)  # idle: the screen repaints; sleeping costs no CPU
            times.append(time.process_time() - start)
        assert box.text == "a" * keys
    return times


def typing(rounds: int, keys: int, *, through_pilot: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["TEXTUAL_ANIMATIONS"] = "none"
        os.environ["IPT_TRAINER_DATA_DIR"] = str(folder / "data")
        per_key: dict[int, list[float]] = {0: [], 200: []}
        for round_number in range(rounds):
            order = (0, 200) if round_number % 2 == 0 else (200, 0)
            for turns in order:
                per_key[turns] += asyncio.run(_typing_once(turns, keys, folder, through_pilot))
    empty = statistics.median(per_key[0])
    full = statistics.median(per_key[200])
    return {
        "rounds": rounds,
        "keys": keys,
        "empty_ms": empty * 1000,
        "full_ms": full * 1000,
        "ratio": full / empty,
        "empty_p90_ms": statistics.quantiles(per_key[0], n=10)[-1] * 1000,
        "full_p90_ms": statistics.quantiles(per_key[200], n=10)[-1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--child", choices=("bare", "app", "app-pydantic"), help=argparse.SUPPRESS)
    parser.add_argument("started", nargs="?", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of each kind")
    parser.add_argument("--rounds", type=int, default=4, help="typing rounds of each kind")
    parser.add_argument("--keys", type=int, default=40, help="keys typed per round")
    parser.add_argument("--skip-typing", action="store_true")
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="remove the library index before each app run (the start-up before the index)",
    )
    parser.add_argument(
        "--pydantic-settings",
        action="store_true",
        help="also time the app with its settings validated by pydantic before it starts",
    )
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="start-up children compile from source (as with PYTHONDONTWRITEBYTECODE)",
    )
    args = parser.parse_args()
    if args.child == "bare":
        child_bare(args.started)
        return
    if args.child in ("app", "app-pydantic"):
        child_app(args.started, pydantic_settings=args.child == "app-pydantic")
        return
    print(f"Python {sys.version.split()[0]}, {sys.platform}, load {os.getloadavg()[0]:.1f}")
    print(f"bytecode kept between start-up runs: {'no' if args.no_bytecode else 'yes'}")
    print(f"library index: {'removed before each app run' if args.no_index else 'kept'}")
    result = startup(
        args.runs,
        bytecode=not args.no_bytecode,
        index=not args.no_index,
        pydantic_settings=args.pydantic_settings,
    )
    bare, app = result["bare"], result["app"]
    print(f"start-up, median of {args.runs} alternating runs each (fresh interpreters):")
    print(f"  bare Textual app: {bare['cpu'] * 1000:.0f} ms CPU, {bare['wall'] * 1000:.0f} ms wall")
    print(f"  ipt-trainer:      {app['cpu'] * 1000:.0f} ms CPU, {app['wall'] * 1000:.0f} ms wall")
    print(
        f"  ratio: {result['cpu_ratio']:.2f}x CPU (target <= 1.3), {result['wall_ratio']:.2f}x wall"
    )
    print("  per pair:", ", ".join(f"{r:.2f}" for r in result["pair_cpu_ratios"]))
    print(
        f"  fastest of each: bare {result['bare_min_cpu'] * 1000:.0f} ms, "
        f"app {result['app_min_cpu'] * 1000:.0f} ms, ratio {result['min_cpu_ratio']:.2f}x"
    )
    print(
        f"peak memory: bare {bare['maxrss_kb'] / 1024:.1f} MiB, app {app['maxrss_kb'] / 1024:.1f} "
        f"MiB, ratio {result['memory_ratio']:.2f}x (target <= 1.5)"
    )
    if args.pydantic_settings:
        cpu = result["pydantic"]["cpu"]
        print(
            f"with pydantic settings before start: {cpu * 1000:.0f} ms CPU, "
            f"ratio {result['pydantic_cpu_ratio']:.2f}x against the bare app"
        )
    if args.skip_typing:
        return
    for through_pilot, how in ((False, "key sent as the terminal does"), (True, "Pilot.press")):
        typed = typing(args.rounds, args.keys, through_pilot=through_pilot)
        print(f"typing ({how}), {args.rounds} x {args.keys} keys, CPU per key, median / p90:")
        print(f"  empty transcript:    {typed['empty_ms']:.2f} / {typed['empty_p90_ms']:.2f} ms")
        print(f"  200-turn transcript: {typed['full_ms']:.2f} / {typed['full_p90_ms']:.2f} ms")
        print(f"  ratio: {typed['ratio']:.2f}x (target: unaffected, ~1.0)")


if __name__ == "__main__":
    main()
