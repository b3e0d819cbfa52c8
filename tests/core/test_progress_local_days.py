"""The local day of a quarter hour, found by arithmetic, matches asking the zone each time."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from ipt_trainer.core.progress import QUARTER_SECONDS, LocalDays, offset_spans

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


@pytest.mark.parametrize("tz", ZONES, ids=str)
def test_offset_spans_place_every_quarter_on_its_local_day(tz: tzinfo | None) -> None:
    first = int(datetime(2026, 3, 20, tzinfo=UTC).timestamp()) // QUARTER_SECONDS
    last = int(datetime(2026, 11, 5, tzinfo=UTC).timestamp()) // QUARTER_SECONDS
    spans = offset_spans(first, last, tz)
    assert spans[0][0] <= first
    assert all(a[0] < b[0] and a[1] != b[1] for a, b in itertools.pairwise(spans))
    index = 0
    for quarter in range(first, last + 1, 7):  # every 7th quarter: all hours of the day
        while index + 1 < len(spans) and spans[index + 1][0] <= quarter:
            index += 1
        day = date(1970, 1, 1) + timedelta(
            days=(quarter * QUARTER_SECONDS + spans[index][1]) // 86_400
        )
        assert day == direct(quarter, tz), quarter
