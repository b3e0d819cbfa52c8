"""``ipt-trainer`` with no command opens the app without building every command's parser."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipt_trainer import paths
from ipt_trainer.cli import main as cli


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[argparse.Namespace]]:
    calls: list[argparse.Namespace] = []

    def run_app(args: argparse.Namespace) -> int:
        calls.append(args)
        return 0

    def no_parser() -> argparse.ArgumentParser:
        raise AssertionError("the full parser was built")

    monkeypatch.setattr(cli, "_run_app", run_app)
    monkeypatch.setattr(cli, "build_parser", no_parser)
    yield calls
    paths.set_data_dir(None)


def test_no_arguments_open_the_app(opened: list[argparse.Namespace]) -> None:
    assert cli.main([]) == 0
    assert len(opened) == 1 and opened[0].data_dir is None


@pytest.mark.parametrize("argv", [["--data-dir", "x/y"], ["--data-dir=x/y"]])
def test_data_dir_alone_still_opens_the_app(
    opened: list[argparse.Namespace], argv: list[str]
) -> None:
    assert cli.main(argv) == 0
    assert opened[0].data_dir == Path("x/y")
    assert paths.data_dir() == Path("x/y").resolve()


@pytest.mark.parametrize(
    "argv", [["--help"], ["--version"], ["contacts"], ["--data-dir"], ["--data-dir", "--help"]]
)
def test_anything_else_goes_through_the_parser(argv: list[str]) -> None:
    assert cli._app_only(argv) is None
