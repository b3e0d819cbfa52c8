"""``ipt-trainer score`` and ``ipt-trainer eval``, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipt_trainer.cli import scoring as cli_scoring
from ipt_trainer.cli.main import main
from ipt_trainer.core.safety import CrisisCheck

CTX = "I've been so stressed since Mum moved in with us."
FIXTURE = Path(__file__).parents[1] / "data" / "scoring" / "rubric-dev.jsonl"


def test_score_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    reply = "It sounds like you're exhausted since she arrived. What's been hardest?"
    assert main(["score", reply, "--context", CTX]) == 0
    out = capsys.readouterr().out
    assert "Assertiveness" in out and "Active listening" in out and "Conflict handling" in out
    assert "level 3 of 3" in out
    assert "reflection of feeling" in out
    assert "Tips:" in out
    assert "\x1b[" not in out, "no colour codes when stdout is not a terminal"


def test_score_json_carries_crisis_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "you never help!!", "--context", "Long day?", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["crisis"] is False and rec["crisis_match"] is None
    assert rec["scores"]["assertiveness_style"] == "aggressive"
    assert 1 <= len(rec["scores"]["feedback"]) <= 3


@pytest.mark.parametrize("reply", ["", "   "])
def test_empty_reply_is_usage_error(reply: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", reply]) == 2
    assert "empty" in capsys.readouterr().err


def test_crisis_line_shown_when_check_fires(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ipt_trainer.core.safety as safety

    monkeypatch.setattr(
        safety, "check_text", lambda text: CrisisCheck(crisis=True, match="test phrase")
    )
    assert main(["score", "some words", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["crisis"] is True and rec["crisis_match"] == "test phrase"
    assert main(["score", "some words"]) == 0
    out = capsys.readouterr().out
    assert "116 123" in out
    assert "held back" in out and "Tips:" not in out, "a crisis message is not coached"
    assert "988" in cli_scoring.CRISIS_LINE


def test_score_file_keeps_fields_and_reports_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    dst = tmp_path / "out.jsonl"
    src.write_text(
        json.dumps(
            {"id": "a", "reply": "What happened?", "context": "I lost my job.", "labels": {"x": 1}}
        )
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "c", "reply": "  "})
        + "\n"
        + json.dumps({"id": "d", "reply": "ok"})
        + "\n",
        encoding="utf-8",
    )
    assert main(["score", "--input", str(src), "--output", str(dst)]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2:" in err and f"{src}:3:" in err
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "d"]
    assert rows[0]["labels"] == {"x": 1}
    assert rows[0]["scores"]["listening_level"] == 2
    assert rows[0]["crisis"] is False and "crisis_match" in rows[0]


def test_score_file_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"reply": f"reply {i}"}) for i in range(50)) + "\n")
    assert main(["score", "--input", str(src)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 50


def test_missing_input_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--input", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_eval_rubric_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(FIXTURE), "--json"]) == 0
    rows = {r["metric"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["style_macro_f1"]["value"] >= 0.8
    assert rows["listening_qwk"]["target"] == 0.85
    assert main(["eval", str(FIXTURE)]) == 0
    assert "target 0.80 met" in capsys.readouterr().out


def test_eval_crisis_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "risk.jsonl"
    f.write_text(
        json.dumps({"text": "this job is killing me", "risk": False})
        + "\n"
        + json.dumps({"reply": "nice weather", "risk": False})
        + "\n",
        encoding="utf-8",
    )
    assert main(["eval", str(f), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["metric"] for r in rows} == {"recall", "false-alarm rate"}


def test_eval_public_shape_on_a_tiny_synthetic_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Shape only: a handful of made-up AnnoMI-like rows (no public data in the repo)."""
    f = tmp_path / "annomi_therapist.jsonl"
    lines = []
    for i, (reply, proxy, refl) in enumerate(
        [
            ("So you're worried about your drinking.", 2, True),
            ("Do you drink every day?", 1, False),
            ("You need to cut down.", 0, False),
            ("What would you like to change?", 2, False),
        ]
    ):
        lines.append(
            json.dumps(
                {
                    "id": f"x{i}",
                    "context": "I drink a bit.",
                    "reply": reply,
                    "labels": {"_listening_proxy": proxy, "reflection_exists": refl, "_group": "g"},
                }
            )
        )
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["eval", str(f), "--split", "all", "--bootstrap", "20", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["row"] == "L1 AnnoMI" and rows[0]["ceiling"] == 0.8


def test_eval_unknown_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "mystery.jsonl"
    f.write_text(json.dumps({"reply": "x", "labels": {}}) + "\n", encoding="utf-8")
    assert main(["eval", str(f)]) == 1
    assert "cannot tell" in capsys.readouterr().err


def test_score_file_reads_text_when_there_is_no_reply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Crisis sets are ``{text, risk}`` lines; they are measured through the same command."""
    src = tmp_path / "crisis.jsonl"
    lines = [{"id": "c1", "text": "I want to kill myself", "risk": True}, {"id": "c2", "text": ""}]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    assert main(["score", "--input", str(src)]) == 1
    captured = capsys.readouterr()
    row = json.loads(captured.out.splitlines()[0])
    assert row["id"] == "c1" and row["risk"] is True and row["crisis"] is True
    assert "crisis.jsonl:2: missing or empty 'reply' (or 'text')" in captured.err
