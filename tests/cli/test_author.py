"""validate, list, schema and new, through the real argument parser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ipt_trainer.cli.author import scenario_schema
from ipt_trainer.cli.main import main
from ipt_trainer.core.lint import lint
from ipt_trainer.core.loading import load_scenario
from ipt_trainer.core.starter import starter_text

REPO = Path(__file__).resolve().parents[2]
STARTER = starter_text()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.yaml"
    path.write_text(STARTER, encoding="utf-8")
    return path


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    path = tmp_path / "warned.yaml"
    text = STARTER.replace("id: my-first-scenario", "id: warned")
    path.write_text(text.replace("variables:", "variables:\n  spare: {start: 1}"), encoding="utf-8")
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    text = STARTER.replace("id: my-first-scenario", "id: broken")
    path.write_text(
        text.replace("    emotion: defensive", "    emoton: defensive"), encoding="utf-8"
    )
    return path


def test_validate_clean_file(capsys: pytest.CaptureFixture[str], good: Path) -> None:
    code, out, _ = run(capsys, "validate", "--no-scorer", str(good))
    assert code == 0
    assert out == "1 file, 0 errors, 0 warnings\n"


def test_validate_reports_problems_with_positions(
    capsys: pytest.CaptureFixture[str], good: Path, broken: Path, warned: Path
) -> None:
    code, out, _ = run(capsys, "validate", "--no-scorer", str(good.parent))
    lines = out.splitlines()
    assert code == 1
    assert any(
        line.endswith(
            "nodes.opening.emoton: unknown field 'emoton'; did you mean 'emotion'? [IPT013]"
        )
        and ":53:5:" in line
        for line in lines
    )
    assert any("[IPT021]" in line for line in lines)
    assert lines[-1] == "3 files, 1 error, 1 warning"


def test_warnings_fail_only_with_strict(capsys: pytest.CaptureFixture[str], warned: Path) -> None:
    assert run(capsys, "validate", "--no-scorer", str(warned))[0] == 0
    assert run(capsys, "validate", "--no-scorer", "--strict", str(warned))[0] == 1


def test_validate_json(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    code, out, _ = run(capsys, "validate", "--no-scorer", "--json", str(broken))
    report = json.loads(out)
    assert code == 1
    assert (report["files"], report["errors"], report["warnings"]) == (1, 1, 0)
    [problem] = report["problems"]
    assert problem["code"] == "IPT013"
    assert problem["loc"] == ["nodes", "opening", "emoton"]
    assert (problem["line"], problem["col"]) == (53, 5)


def test_validate_paths_are_relative_to_cwd(
    capsys: pytest.CaptureFixture[str], broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken.parent)
    _, out, _ = run(capsys, "validate", "--no-scorer", str(broken))
    assert out.startswith("broken.yaml:53:5: ")


def test_duplicate_ids_across_files(capsys: pytest.CaptureFixture[str], good: Path) -> None:
    (good.parent / "copy.yaml").write_text(STARTER, encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--no-scorer", str(good.parent))
    assert code == 1
    assert "[IPT029]" in out


def test_validate_missing_path_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "no such file or folder" in err


def test_validate_notes_a_missing_scorer(
    capsys: pytest.CaptureFixture[str], good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ipt_trainer.cli.author as author

    monkeypatch.setattr(author, "load_scorer", lambda: None)
    code, _, err = run(capsys, "validate", str(good))
    assert code == 0
    assert "scorer is not available" in err


def test_validate_uses_a_scorer_when_there_is_one(
    capsys: pytest.CaptureFixture[str], good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ipt_trainer.cli.author as author
    from ipt_trainer.core.scores import ReplyScore

    def passive(reply: str, context: str = "") -> ReplyScore:
        return ReplyScore(
            assertiveness=10, assertiveness_style="passive", active_listening=10, listening_level=0
        )

    monkeypatch.setattr(author, "load_scorer", lambda: passive)
    code, out, _ = run(capsys, "validate", str(good))
    assert code == 0
    assert "[IPT030]" not in out and "[IPT031]" in out
    assert out.endswith("0 errors, 1 warning, 1 note (not failures; show them with --notes)\n")
    code, out, _ = run(capsys, "validate", "--notes", str(good))
    assert "[IPT030]" in out and out.endswith("1 warning, 1 note\n")
    assert run(capsys, "validate", "--strict", str(good))[0] == 1
    assert run(capsys, "validate", "--no-scorer", str(good))[1].endswith("0 warnings\n")


def test_notes_alone_do_not_fail_strict(
    capsys: pytest.CaptureFixture[str], good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model reply on its intended route passes --strict even if its labels differ."""
    import ipt_trainer.cli.author as author
    from ipt_trainer.core.diagnostics import make_problem

    note = make_problem("IPT030", str(good), "the scorer gives listening_level 2, not 1")
    monkeypatch.setattr(author, "load_scorer", lambda: None)
    monkeypatch.setattr("ipt_trainer.core.lint.lint", lambda loaded, scorer=None: [note])
    code, out, _ = run(capsys, "validate", "--strict", str(good))
    assert code == 0
    assert out.endswith("0 warnings, 1 note (not failures; show them with --notes)\n")
    code, out, _ = run(capsys, "validate", "--strict", "--json", str(good))
    report = json.loads(out)
    assert (code, report["warnings"], report["notes"]) == (0, 0, 1)
    assert report["problems"][0]["severity"] == "note"


def test_list_table_and_json(capsys: pytest.CaptureFixture[str], good: Path) -> None:
    code, out, _ = run(capsys, "list", str(good.parent))
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["ID", "TITLE", "CATEGORY"]
    assert "my-first-scenario" in out
    code, out, _ = run(capsys, "list", "--json", str(good))
    [row] = json.loads(out)
    assert list(row) == [
        "id",
        "title",
        "category",
        "problem_area",
        "difficulty",
        "minutes",
        "nodes",
        "prompts",
        "endings",
        "learning_goals",
        "path",
    ]
    assert (row["nodes"], row["prompts"], row["endings"]) == (6, 1, 2)
    assert row["learning_goals"] == ["assertiveness", "active_listening"]


def test_list_reports_broken_files_on_stderr(
    capsys: pytest.CaptureFixture[str], good: Path, broken: Path
) -> None:
    code, out, err = run(capsys, "list", "--json", str(good.parent))
    assert code == 1
    assert [row["id"] for row in json.loads(out)] == ["my-first-scenario"]
    assert "[IPT013]" in err


def test_schema_matches_the_committed_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out) == scenario_schema()
    committed = json.loads((REPO / "docs" / "scenario.schema.json").read_text("utf-8"))
    assert committed == scenario_schema(), (
        "regenerate: ipt-trainer schema > docs/scenario.schema.json"
    )


def test_schema_homework_prints_the_homework_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from ipt_trainer.reports.homework import homework_schema

    code, out, _ = run(capsys, "schema", "--homework")
    assert code == 0
    assert json.loads(out) == homework_schema()
    assert json.loads(out) != scenario_schema()


def test_new_to_stdout_is_the_starter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "new")
    assert code == 0
    assert out == STARTER


def test_new_writes_a_clean_scenario_using_every_kind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "mine.yaml"
    assert run(capsys, "new", str(path))[0] == 0
    loaded = load_scenario(path)
    assert lint(loaded) == []
    kinds = {node.kind for node in loaded.scenario.nodes.values()}
    assert kinds == {"say", "narrate", "coach", "prompt", "ending"}
    assert run(capsys, "validate", "--no-scorer", "--strict", str(path))[0] == 0


def test_new_refuses_to_overwrite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "new", str(path))
    assert code == 1
    assert "--force" in err
    assert path.read_text("utf-8") == "keep me"
    assert run(capsys, "new", "--force", str(path))[0] == 0
    assert path.read_text("utf-8") == STARTER


@pytest.mark.slow
def test_author_commands_never_import_textual(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(STARTER, encoding="utf-8")
    script = (
        "import sys, contextlib, io\n"
        "from ipt_trainer.cli.main import main\n"
        f"p = {str(path)!r}\n"
        "for argv in (['validate', '--no-scorer', p], ['list', p], ['schema'], ['new']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        main(argv)\n"
        "import ipt_trainer.core.library\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "[]"


def test_validate_default_is_the_bundled_library(capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever is bundled right now must have no errors (warnings are allowed)."""
    code, out, _ = run(capsys, "validate", "--no-scorer")
    assert code == 0, out
    assert out.splitlines()[-1].split(", ")[1] == "0 errors"
