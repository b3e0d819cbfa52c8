"""Scorer commands: ``score`` (one reply or a JSONL file) and ``eval`` (agreement figures).

Every scored reply also goes through the crisis check first; its result is
part of every record, and a calm pointer to help is shown when it fires.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

CRISIS_LINE = (
    "It sounds like you might be going through something very hard. You deserve support: "
    "in the US call or text 988; in the UK & Ireland call Samaritans on 116 123; elsewhere, "
    "find a local helpline at findahelpline.com."
)
CRISIS_HELD_BACK = (
    "Scores and tips are held back for this message: what you said matters more than how "
    "it was put. (They are still in the --json output.)"
)

RUBRIC_TARGETS = {
    "style_macro_f1": 0.80,
    "listening_qwk": 0.85,
    "conflict_macro_f1": 0.65,
    "pairwise_assertiveness": 0.85,
    "pairwise_listening": 0.85,
    "pairwise_conflict": 0.85,
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the scorer commands."""
    p = sub.add_parser(
        "score",
        help="score a reply for assertiveness, active listening and conflict handling",
        description="Score one reply, or every line of a JSONL file with --input.",
    )
    p.add_argument("reply", nargs="?", help="what you would say")
    p.add_argument("--context", default="", help="what the other person just said")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--input",
        type=Path,
        metavar="FILE.jsonl",
        help="score objects with 'reply' (or 'text') and optional 'context'; other fields kept",
    )
    p.add_argument(
        "--output",
        type=Path,
        metavar="FILE.jsonl",
        help="write results here instead of standard output (with --input)",
    )
    p.set_defaults(func=run_score)

    e = sub.add_parser(
        "eval",
        help="measure the scorer against labelled files",
        description="Agreement with rubric labels, public research labels, or crisis labels.",
    )
    e.add_argument("files", nargs="*", type=Path, metavar="FILE")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.add_argument(
        "--split",
        choices=("dev", "holdout", "all"),
        default="holdout",
        help="half of the public files to use (default: holdout)",
    )
    e.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="bootstrap resamples for intervals (0 to skip; default 1000)",
    )
    e.set_defaults(func=run_eval)


# ---------------------------------------------------------------- score


def _record(reply: str, context: str) -> dict[str, Any]:
    from ipt_trainer.core.safety import check_text
    from ipt_trainer.core.scoring import score_reply

    check = check_text(reply)
    return {
        "scores": score_reply(reply, context).model_dump(mode="json"),
        "crisis": check.crisis,
        "crisis_match": check.match,
    }


def run_score(args: argparse.Namespace) -> int:
    """``ipt-trainer score``."""
    if args.input is not None:
        if args.reply:
            print("score: give a reply or --input, not both", file=sys.stderr)
            return EXIT_USAGE
        return _score_file(args.input, args.output)
    if args.output is not None:
        print("score: --output needs --input", file=sys.stderr)
        return EXIT_USAGE
    if args.reply is None or not args.reply.strip():
        print("score: the reply is empty; type what you would say, in quotes", file=sys.stderr)
        return EXIT_USAGE
    rec = _record(args.reply, args.context or "")
    if args.json:
        print(
            json.dumps(
                {"reply": args.reply, "context": args.context or "", **rec},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        _print_human(args.reply, rec, sys.stdout)
    return EXIT_OK


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        yield from enumerate(fh, 1)


def _reply_of(obj: dict[str, Any]) -> Any:
    """The text to score: ``reply``, or ``text`` as in the crisis sets (as ``eval`` reads them)."""
    return obj["reply"] if "reply" in obj else obj.get("text")


def _score_file(path: Path, output: Path | None) -> int:
    """Score each line; a bad line is reported by file and line number and skipped (exit 1)."""
    if not path.is_file():
        print(f"score: {path}: no such file", file=sys.stderr)
        return EXIT_USAGE
    bad = 0
    out: TextIO = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for n, line in _lines(path):
            if not line.strip():
                continue
            problem = None
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                problem = f"not valid JSON ({exc.msg})"
            else:
                if not isinstance(obj, dict):
                    problem = "expected a JSON object"
                elif not isinstance(_reply_of(obj), str) or not _reply_of(obj).strip():
                    problem = "missing or empty 'reply' (or 'text')"
                elif not isinstance(obj.get("context", ""), str | None):
                    problem = "'context' must be text"
            if problem:
                print(f"{path}:{n}: {problem}; line skipped", file=sys.stderr)
                bad += 1
                continue
            obj.update(_record(_reply_of(obj), obj.get("context") or ""))
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    return EXIT_PROBLEMS if bad else EXIT_OK


def _style(text: str, code: str, tty: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if tty else text


def _print_human(reply: str, rec: dict[str, Any], out: TextIO) -> None:
    tty = out.isatty()
    s = rec["scores"]
    if rec["crisis"]:
        # As in a role-play, a message like this is not coached: tips on phrasing would
        # miss the point. The scores stay in the --json record for anyone measuring.
        print(_style(CRISIS_LINE, "1", tty), file=out)
        print(file=out)
        print(CRISIS_HELD_BACK, file=out)
        return
    mode = s["conflict_mode"] or "no disagreement here"
    conflict = "n/a" if s["conflict_resolution"] is None else f"{s['conflict_resolution']:>3}/100"
    print(f"Assertiveness       {s['assertiveness']:>3}/100  {s['assertiveness_style']}", file=out)
    print(
        f"Active listening    {s['active_listening']:>3}/100  level {s['listening_level']} of 3",
        file=out,
    )
    print(f"Conflict handling   {conflict:>7}  {mode}", file=out)
    if s["evidence"]:
        print(file=out)
        print(_style("What the scorer noticed:", "1", tty), file=out)
        for ev in s["evidence"]:
            mark = "+" if ev["polarity"] == "strength" else "-"
            colour = "32" if ev["polarity"] == "strength" else "33"
            quote = _style(f'"{ev["text"]}"', f"1;{colour}", tty)
            print(f"  {mark} {quote}  {ev['label']} ({ev['skill'].replace('_', ' ')})", file=out)
    print(file=out)
    print(_style("Tips:", "1", tty), file=out)
    for i, tip in enumerate(s["feedback"], 1):
        quoted = f' You wrote: "{tip["quote"]}".' if tip["quote"] else ""
        print(f"  {i}.{quoted} {tip['message']}", file=out)
        if tip["suggestion"]:
            print(f'     Try: "{tip["suggestion"]}"', file=out)


# ---------------------------------------------------------------- eval


def _default_eval_files() -> list[Path]:
    from ipt_trainer.core.scoring.fit import default_files

    return default_files()


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    recs = []
    for n, line in _lines(path):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise ValueError(f"{path}:{n}: expected a JSON object")
        recs.append(obj)
    return recs


def _rubric_rows(path: Path, recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from ipt_trainer.core.evaluation import rubric_metrics
    from ipt_trainer.core.scoring import score_reply

    rows = []
    for n, r in enumerate(recs, 1):
        if not str(r.get("reply", "")).strip() or "labels" not in r:
            raise ValueError(f"{path}:{n}: needs 'reply' and 'labels'")
    scored = [(r, score_reply(str(r["reply"]), str(r.get("context") or ""))) for r in recs]
    metrics = rubric_metrics(scored)
    n_ctx = len({str(r.get("context", "")) for r in recs})
    for key, target in RUBRIC_TARGETS.items():
        pairs = metrics.get(key + "_pairs")
        rows.append(
            {
                "file": path.name,
                "row": "Rubric",
                "metric": key,
                "value": metrics[key],
                "n": int(pairs) if pairs is not None else len(recs),
                "groups": n_ctx,
                "target": target,
                "floor": None,
                "ceiling": None,
                "ci": None,
                "note": "",
            }
        )
    return rows


def _public_rows(
    path: Path, kind: str, recs: list[dict[str, Any]], split: str, boot: int
) -> list[dict[str, Any]]:
    from dataclasses import asdict

    from ipt_trainer.core.scoring import public_eval as pe

    if kind != "crisis" and split != "all":
        recs = [r for r in recs if pe.half(r) == split]
    if kind == "annomi":
        rows = pe.annomi(recs, boot)
    elif kind == "epitome":
        rows = pe.epitome(recs, boot)
    elif kind == "casino":
        rows = pe.casino(recs, boot)
    elif kind == "wikitactics":
        rows = pe.wikitactics(recs, boot)
    elif kind == "politeness":
        rows = pe.politeness(recs, boot, "wikipedia" if "wiki" in path.name else "stackexchange")
    else:
        rows = pe.crisis(recs)
    return [
        {
            "file": path.name,
            "split": split if kind != "crisis" else "all",
            "target": None,
            **asdict(r),
        }
        for r in rows
    ]


def run_eval(args: argparse.Namespace) -> int:
    """``ipt-trainer eval``."""
    from ipt_trainer.core.scoring import public_eval as pe

    files = list(args.files) or _default_eval_files()
    if not files:
        print("eval: no files given and no rubric-dev file found", file=sys.stderr)
        return EXIT_USAGE
    rows: list[dict[str, Any]] = []
    for path in files:
        if not path.is_file():
            print(f"eval: {path}: no such file", file=sys.stderr)
            return EXIT_USAGE
        try:
            recs = _read_jsonl(path)
        except ValueError as exc:
            print(f"eval: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        if not recs:
            print(f"eval: {path}: no records", file=sys.stderr)
            return EXIT_PROBLEMS
        kind = pe.kind_of(path.name, recs[0])
        if kind is None:
            print(f"eval: {path}: cannot tell what labels these are", file=sys.stderr)
            return EXIT_PROBLEMS
        try:
            if kind == "rubric":
                rows.extend(_rubric_rows(path, recs))
            else:
                rows.extend(_public_rows(path, kind, recs, args.split, args.bootstrap))
        except (KeyError, TypeError, ValueError) as exc:
            print(f"eval: {path}: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        _print_rows(rows)
    return EXIT_OK


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _print_rows(rows: list[dict[str, Any]]) -> None:
    last = None
    for r in rows:
        if r["file"] != last:
            split = f" ({r['split']} half)" if r.get("split") and r["split"] != "all" else ""
            print(f"\n{r['file']}{split}")
            last = r["file"]
        ci = f" [{r['ci'][0]:.3f}, {r['ci'][1]:.3f}]" if r.get("ci") else ""
        extra = []
        if r.get("target") is not None:
            extra.append(
                f"target {r['target']:.2f} {'met' if r['value'] >= r['target'] else 'MISSED'}"
            )
        if r.get("floor") is not None:
            extra.append(f"floor {_fmt(r['floor'])}")
        if r.get("ceiling") is not None:
            extra.append(f"ceiling {_fmt(r['ceiling'])}")
        print(
            f"  {r['row']:<16} {r['metric']:<52} {r['value']:.3f}{ci}  n={r['n']} "
            f"groups={r['groups']}  " + "  ".join(extra)
        )
        if r.get("note"):
            print(f"  {'':<16} {r['note']}")
