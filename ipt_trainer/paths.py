"""Where IPT Trainer keeps things.

One seam for every path, resolved when asked (never at import), so tests
and users can redirect the data with ``--data-dir`` or
``IPT_TRAINER_DATA_DIR`` and nothing is created until something is saved.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "ipt-trainer"
DATA_DIR_ENV = "IPT_TRAINER_DATA_DIR"
CONFIG_DIR_ENV = "IPT_TRAINER_CONFIG_DIR"

_override: Path | None = None


def set_data_dir(path: Path | None) -> None:
    """Redirect user data for this process (the ``--data-dir`` option)."""
    global _override
    _override = None if path is None else path.expanduser().resolve()


def data_dir() -> Path:
    """The folder that holds progress, homework and settings."""
    if _override is not None:
        return _override
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The folder for preferences: the data dir, unless ``IPT_TRAINER_CONFIG_DIR`` says otherwise.

    Preferences hold the interpersonal inventory (names of the learner's
    important people), so they live with the rest of their data: private,
    exported and deleted with it, never in a second place they might forget.
    """
    env = os.environ.get(CONFIG_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return data_dir()


def bundled_scenarios_dir() -> Path:
    """The scenarios that ship with the app.

    In a wheel they sit inside the package; in a source checkout they are the
    top-level ``scenarios/`` folder.
    """
    package = Path(__file__).resolve().parent
    installed = package / "_bundled_scenarios"
    if installed.is_dir():
        return installed
    return package.parent / "scenarios"


def cache_dir() -> Path:
    """Rebuildable caches (validated scenarios, compiled safety patterns), in the data dir.

    Kept inside the data dir so ``--data-dir`` really holds everything and
    ``forget --all`` removes it too.
    """
    return data_dir() / "cache"


def installed_scenarios_dir() -> Path:
    """Scenarios added by the user (homework from a therapist), inside the data dir."""
    return data_dir() / "scenarios"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` readable by the owner only, and any parent it had to create too.

    ``mkdir(parents=True)`` would give new parents the umask's mode (often
    0755), so a cache folder made before its data folder would be readable by
    others; each missing folder is made one by one instead. Folders that
    already existed above the first missing one are left as the user set them.
    """
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        folder.chmod(0o700)
    path.chmod(0o700)
    return path


def write_private_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``, owner-only, atomically.

    Written to a temporary file first so a crash leaves the old file whole,
    and created 0600 from the start so there is no moment others can read it.
    """
    ensure_private_dir(path.parent)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
