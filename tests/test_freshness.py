"""Which links a run fetches: new, changed, undated, untrusted times, and the re-check
schedule that thins out with an article's age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsbot.freshness import CHANGED, NEW, RECHECK, UNDATED, UNTRUSTED, Schedule, why_fetch
from newsbot.run.state import Known

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
SCHEDULE = Schedule(overlap=timedelta(minutes=30))  # the defaults: a quarter, 15 min, 3 days


def known(checked_ago: timedelta, published_ago: timedelta | None = None) -> Known:
    published = NOW - published_ago if published_ago is not None else None
    return Known(NOW - checked_ago, published, None, None)


HOUR, MINUTE, DAY = timedelta(hours=1), timedelta(minutes=1), timedelta(days=1)
OLD = "2020-01-01T00:00:00+00:00"  # a sitemap date long before any sighting


@pytest.mark.parametrize(
    "state, changed, reason",
    [
        (None, OLD, NEW),
        (known(HOUR), None, UNDATED),
        (known(HOUR), "2026-12-01", UNDATED),  # a day alone cannot say
        (known(HOUR), "not a date", UNDATED),
        (known(HOUR), (NOW - 10 * MINUTE).isoformat(), CHANGED),  # after the last sighting
        (known(HOUR), (NOW - 80 * MINUTE).isoformat(), CHANGED),  # within the overlap
        (known(HOUR), (NOW - 100 * MINUTE).isoformat(), None),
        (known(-DAY), OLD, UNTRUSTED),  # seen "tomorrow": the clock ran ahead
        # The re-check schedule: a quarter of the age since the last sighting, at least
        # 15 minutes, up to 3 days old.
        (known(20 * MINUTE, published_ago=HOUR), OLD, RECHECK),
        (known(10 * MINUTE, published_ago=HOUR), OLD, None),  # the 15-minute floor
        (known(5 * HOUR, published_ago=DAY), OLD, None),  # a day old: every 6 hours
        (known(7 * HOUR, published_ago=DAY), OLD, RECHECK),
        (known(DAY, published_ago=4 * DAY), OLD, None),  # too old to look at again
        (known(DAY), OLD, None),  # no age known
    ],
)
def test_why_fetch(state: Known | None, changed: str | None, reason: str | None) -> None:
    assert why_fetch(state, changed, SCHEDULE, now=NOW) == reason


def test_a_schedule_of_zero_days_never_rechecks() -> None:
    never = Schedule(overlap=timedelta(minutes=30), max_age=timedelta(0))
    assert why_fetch(known(20 * MINUTE, published_ago=HOUR), OLD, never, now=NOW) is None
