"""A local cache of the compiled crisis lexicon, so the first check is fast.

Compiling the lexicon (about 80 KB of regular expressions) takes CPython's
pure-Python regex compiler a quarter to half a second, every start-up. The
compiled form is a list of integers (the regex engine's byte code), which
this module stores as plain JSON in the user's cache folder and hands back
to the engine next time. No pickle, no user text: only data derived from
the shipped lexicon files.

Safety of the shortcut:

- the key hashes the data files, the modules that compile them, the exact
  Python version and the regex engine's magic number, so any change rebuilds;
- the regex engine validates byte code it is given, and every restored
  pattern must carry the same source text it was built from;
- any problem at all (missing, unreadable, corrupt, another Python, private
  API changed) means the lexicon is simply built from the YAML again.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CACHE_DIR_ENV = "IPT_TRAINER_CACHE_DIR"
"""Where the cache lives (default: the platform's user cache folder for ipt-trainer)."""
_FORMAT = 1

_codes: dict[str, tuple[int, list[int]]] = {}
"""Byte code of patterns compiled in this process, kept until it is saved."""


def _private(name: str) -> Any:
    """A private module of the regex engine, typed loosely on purpose."""
    return importlib.import_module(name)


def compile_pattern(source: str) -> re.Pattern[str]:
    """``re.compile``, keeping the byte code so it can be cached.

    Uses the regex engine's private compiler; if that is not available (a
    future Python), falls back to ``re.compile`` and nothing gets cached.
    """
    try:
        sre, compiler, parser = _private("_sre"), _private("re._compiler"), _private("re._parser")
        parsed = parser.parse(source, 0)
        code = compiler._code(parsed, 0)
        flags = int(parsed.state.flags)
        if parsed.state.groups != 1:
            return re.compile(source)
        pattern: re.Pattern[str] = sre.compile(source, flags, code, 0, {}, (None,))
    except (ImportError, AttributeError, TypeError, RuntimeError):
        return re.compile(source)
    _codes[source] = (flags, list(code))
    return pattern


def restore_pattern(plain: Any) -> re.Pattern[str]:
    """A pattern from its cached form; raises ``ValueError`` if it does not fit."""
    source, flags, code = plain["source"], plain["flags"], plain["code"]
    if not isinstance(source, str) or not isinstance(flags, int) or not isinstance(code, list):
        raise ValueError("bad cached pattern")
    try:
        compiled = _private("_sre").compile(source, flags, code, 0, {}, (None,))
    except (ImportError, TypeError, RuntimeError, OverflowError) as exc:
        raise ValueError(f"bad cached pattern: {exc}") from exc
    if not isinstance(compiled, re.Pattern) or compiled.pattern != source or compiled.groups:
        raise ValueError("bad cached pattern")
    return compiled


def plain_pattern(pattern: re.Pattern[str]) -> dict[str, Any]:
    """The cacheable form of a pattern made by ``compile_pattern``; KeyError if unknown."""
    flags, code = _codes[pattern.pattern]
    return {"source": pattern.pattern, "flags": flags, "code": code}


def cache_key(files: Iterable[Path]) -> str:
    """A hash of everything the compiled form depends on."""
    sre = _private("_sre")
    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}|{sys.version}|{sre.MAGIC}|{sre.CODESIZE}".encode())
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path:
    """``IPT_TRAINER_CACHE_DIR`` if set, else the data dir's cache folder."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from ipt_trainer import paths

    return paths.cache_dir() / "safety"


def _file(key: str) -> Path:
    return cache_dir() / f"safety-lexicon-{key[:24]}.json"


def load(key: str) -> dict[str, Any] | None:
    """The cached lexicon for ``key``, or None when there is no usable one."""
    try:
        data = json.loads(_file(key).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    body = data.get("lexicon")
    return body if isinstance(body, dict) else None


def save(key: str, body: dict[str, Any]) -> None:
    """Write the cache atomically; a read-only or missing home is not an error."""
    global _codes
    temporary: Path | None = None
    try:
        from ipt_trainer.paths import ensure_private_dir

        folder = ensure_private_dir(cache_dir())
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False
        ) as handle:
            temporary = Path(handle.name)
            json.dump({"key": key, "lexicon": body}, handle, separators=(",", ":"))
        target = _file(key)
        os.replace(temporary, target)
        temporary = None
        for stale in folder.glob("safety-lexicon-*.json"):
            if stale != target:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        _codes = {}
        if temporary is not None:
            temporary.unlink(missing_ok=True)
