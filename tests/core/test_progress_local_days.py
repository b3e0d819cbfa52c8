"""The local day of a quarter hour, found by arithmetic, matches asking the zone each time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from ipt_trainer.core.progress import QUARTER_SECONDS, LocalDays

ZONES: list[tzinfo | None] = [
    None,
    UTC,
    timezone(timedelta(hours=5, minutes=45)),
    timezone(timedelta(hours=-9, minutes=-30)),
    ZoneInfo("Europe/London"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Australia/Lord_Howe"),  # a half-hour DST shift
    ZoneInfo("Pacific/Apia"),  # skipped a whole day in 2011
]


def direct(quarter: int, tz: tzinfo | None) -> date:
    return datetime.fromtimestamp(quarter * QUARTER_SECONDS, tz).date()


@pytest.mark.parametrize("tz", ZONES, ids=str)
def test_local_days_match_the_zone_across_transitions(tz: tzinfo | None) -> None:
    local_days = LocalDays(tz)
    spans = [
        (datetime(2011, 12, 28, tzinfo=UTC), 5),
        (datetime(2026, 3, 27, tzinfo=UTC), 5),
        (datetime(2026, 4, 3, tzinfo=UTC), 5),
        (datetime(2026, 10, 23, tzinfo=UTC), 12),
    ]
    for start, days in spans:
        first = int(start.timestamp()) // QUARTER_SECONDS
        for quarter in range(first, first + days * 96):
            assert local_days(quarter) == direct(quarter, tz), quarter
