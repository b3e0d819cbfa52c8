"""Settings every test shares."""

from __future__ import annotations

import pytest

from ipt_trainer.core.resources import LOCALE_VARIABLES


@pytest.fixture(autouse=True)
def _no_locale_country(monkeypatch: pytest.MonkeyPatch) -> None:
    """The crisis card picks a country from the locale; tests must not depend on the machine's."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
