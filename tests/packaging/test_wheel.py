"""The built wheel works on its own: scenarios and styles inside, commands run anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    (built,) = out.glob("ipt_trainer-*.whl")
    return built


def test_wheel_ships_scenarios_and_styles(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".tcss") for n in names)
    shipped = [n for n in names if n.startswith("ipt_trainer/_bundled_scenarios/")]
    in_repo = list((ROOT / "scenarios").rglob("*.yaml"))
    assert len([n for n in shipped if n.endswith(".yaml")]) == len(in_repo)
    data = ROOT / "ipt_trainer" / "core" / "safety_data"
    for path in data.iterdir():  # the crisis check's lexicon, model and meaning stage
        assert f"ipt_trainer/core/safety_data/{path.name}" in names


@pytest.mark.slow
def test_wheel_installs_and_runs_in_clean_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        timeout=900,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run_env = {"IPT_TRAINER_DATA_DIR": str(tmp_path / "data"), "PATH": str(bin_dir)}
    validate = subprocess.run(
        [str(bin_dir / "ipt-trainer"), "validate", "--no-scorer"],
        cwd=elsewhere,
        env=run_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    listed = subprocess.run(
        [str(bin_dir / "ipt-trainer"), "list", "--json"],
        cwd=elsewhere,
        env=run_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    ids = {row["id"] for row in json.loads(listed.stdout)}
    bundled = list((ROOT / "scenarios").rglob("*.yaml"))
    assert len(ids) == len(bundled) > 0
