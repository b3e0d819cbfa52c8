"""Nothing in IPT Trainer opens a socket: a full headless session with the network cut off."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ipt_trainer import paths
from ipt_trainer.cli.main import main

FIXTURE = Path(__file__).parents[1] / "cli" / "play_fixture.yaml"


class NetworkAttempt(AssertionError):
    """Raised by any socket use during the test."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args)[:200])
        raise NetworkAttempt("a network call was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "bind", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path) -> Iterator[None]:
    paths.set_data_dir(tmp_path / "data")
    yield
    paths.set_data_dir(None)


def test_blocking_works(no_network: list[str]) -> None:
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("127.0.0.1", 9))
    assert no_network


def test_whole_headless_journey_opens_no_socket(
    no_network: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "script.txt"
    script.write_text("#1\nCould we alternate nights?\n", encoding="utf-8")
    journey = [
        ["play", str(FIXTURE), "--script", str(script)],
        ["play", "housework_tally", "--script", str(script), "--json"],
        ["score", "I feel hurt when plans change last minute.", "--context", "I'm late again."],
        ["checkin", "--mood", "6"],
        ["phq9", "--answers", "1,1,0,0,1,0,0,0,0"],
        ["progress", "--json"],
        ["report", "--format", "html", "-o", str(tmp_path / "report.html")],
        ["export", "--format", "json", "-o", str(tmp_path / "export.json")],
        ["validate", "--no-scorer"],
    ]
    for argv in journey:
        code = main(argv)
        assert code == 0, (argv, capsys.readouterr())
    assert no_network == []
    assert (tmp_path / "report.html").is_file() and (tmp_path / "export.json").is_file()
