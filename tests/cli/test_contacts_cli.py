"""``ipt-trainer contacts`` and the crisis card in ``play --script``."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipt_trainer import paths
from ipt_trainer.cli.main import build_parser, main
from ipt_trainer.core.contacts import MAX_LENGTH, contacts_path

FIXTURE = Path(__file__).with_name("play_fixture.yaml")


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path) -> Iterator[None]:
    paths.set_data_dir(tmp_path / "data")
    yield
    paths.set_data_dir(None)


def test_list_add_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contacts"]) == 0
    assert "No contacts yet" in capsys.readouterr().out
    assert not (tmp_path / "data").exists()  # listing never creates the data folder

    assert main(["contacts", "add", "Sam (sister) 07700 900123"]) == 0
    assert "Added 1. Sam (sister) 07700 900123" in capsys.readouterr().out
    assert main(["contacts", "add", "Dr", "Lee", "020 7946 0000"]) == 0  # unquoted words join
    capsys.readouterr()
    assert main(["contacts", "list"]) == 0
    assert capsys.readouterr().out == "1. Sam (sister) 07700 900123\n2. Dr Lee 020 7946 0000\n"
    assert stat.S_IMODE(contacts_path().stat().st_mode) == 0o600

    assert main(["contacts", "remove", "1"]) == 0
    assert "Removed: Sam (sister) 07700 900123" in capsys.readouterr().out
    assert main(["contacts", "list"]) == 0
    assert capsys.readouterr().out == "1. Dr Lee 020 7946 0000\n"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["contacts", "remove", "3"], "there are no contacts to remove"),
        (["contacts", "add", "   "], "write a name and how to reach them"),
        (["contacts", "add", "x" * (MAX_LENGTH + 5)], f"the limit is {MAX_LENGTH}"),
    ],
)
def test_problems_are_one_line_and_exit_1(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("ipt-trainer: error: ") and says in err
    assert "Traceback" not in err


def test_a_damaged_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = contacts_path()
    path.parent.mkdir(parents=True)
    path.write_text("{oops", encoding="utf-8")
    assert main(["contacts", "list"]) == 1
    assert "contacts.json: cannot read your contacts" in capsys.readouterr().err


def test_help_explains_where_they_appear(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["contacts", "--help"])
    out = capsys.readouterr().out
    assert "listed first" in out and "readable only by you" in out
    assert "list" in out and "add" in out and "remove" in out


def test_play_prints_them_on_the_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contacts", "add", "Sam (sister) 07700 900123"]) == 0
    script = tmp_path / "script.txt"
    script.write_text("I want to kill myself\n", encoding="utf-8")
    main(["play", str(FIXTURE), "--script", str(script), "--no-save", "--set", "friend=Robin"])
    out = capsys.readouterr().out
    assert "People you chose to contact:\n  - Sam (sister) 07700 900123" in out
    assert out.index("Sam (sister) 07700 900123") < out.index("You can talk to someone now")
