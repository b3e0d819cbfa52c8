"""``ipt-trainer report``: a summary of practice to bring to a therapist or supervisor.

The content is built by ``reports.report`` from the store's records and
only laid out here, so Markdown, HTML and JSON say the same. Reading never
creates the data folder; a report written to a file is owner-only, like
the data it comes from.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

EXIT_OK = 0
EXIT_PROBLEMS = 1
FORMATS = ("md", "html", "json")


def _since(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"
        ) from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report``."""
    parser = sub.add_parser(
        "report",
        help="a summary of your practice to share with a therapist or supervisor",
        description=(
            "Homework status, skill scores and trends, scenarios played, mood and PHQ-9 "
            "history, and your strongest and weakest replies. A practice summary, not a "
            "clinical assessment."
        ),
    )
    parser.add_argument("--since", type=_since, metavar="DATE", help="only practice from DATE on")
    parser.add_argument(
        "--format", choices=FORMATS, default="md", help="md (default), html or json"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (owner-only); default: print",
    )
    parser.add_argument(
        "--with-transcripts", action="store_true", help="include every session's replies in full"
    )
    parser.set_defaults(func=run_report)


def _render(args: argparse.Namespace) -> str:
    from ipt_trainer.reports.html import render_html
    from ipt_trainer.reports.markdown import render_markdown
    from ipt_trainer.reports.report import ReportInputs, build_report, gather, render_json
    from ipt_trainer.store import SqliteStore, default_path

    inputs = ReportInputs()
    if default_path().exists():
        with SqliteStore() as store:
            # aggregates in SQL unless every reply is wanted (tz: the system's, as below)
            inputs = gather(store, since=args.since, facts=not args.with_transcripts)
    report = build_report(
        inputs,
        today=date.today(),
        produced_at=datetime.now(UTC).replace(microsecond=0),
        since=args.since,
        with_transcripts=args.with_transcripts,
    )
    renderers = {"md": render_markdown, "html": render_html, "json": render_json}
    return renderers[args.format](report)


def run_report(args: argparse.Namespace) -> int:
    """Build the report and print it, or write it owner-only to ``--output``."""
    from ipt_trainer.reports.install import write_private
    from ipt_trainer.store import StoreCorrupted, StoreError

    try:
        text = _render(args)
        if args.output is None:
            sys.stdout.write(text)
            return EXIT_OK
        output: Path = args.output
        if output.is_dir():
            raise IsADirectoryError(21, "is a folder; give a file name", str(output))
        write_private(output, text)
    except StoreCorrupted as error:
        print(f"ipt-trainer: error: {error} To do that, run: ipt-trainer recover", file=sys.stderr)
        return EXIT_PROBLEMS
    except StoreError as error:
        print(f"ipt-trainer: error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        where = error.filename or args.output
        print(f"ipt-trainer: error: {where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Report written to {output} (readable only by you).", file=sys.stderr)
    return EXIT_OK
