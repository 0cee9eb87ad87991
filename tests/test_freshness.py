"""Which links a run fetches: new, changed, undated, untrusted times, and the re-check
schedule that thins out with an article's age; and the validators its requests send back,
never a Last-Modified from the future."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from newsbot.freshness import (
    CHANGED,
    NEW,
    RECHECK,
    UNDATED,
    UNTRUSTED,
    Schedule,
    conditional_headers,
    last_modified_to_keep,
    why_fetch,
)
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


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


@pytest.mark.parametrize(
    "value, kept",
    [
        (http_date(NOW - DAY), True),
        (http_date(NOW), True),
        (http_date(NOW + timedelta(seconds=59)), True),  # a server clock a little ahead
        (http_date(NOW + 2 * MINUTE), False),  # from the future
        (http_date(NOW + 365 * DAY), False),
        ("Tuesday, 01-Dec-26 11:00:00 GMT", True),  # RFC 850, as old servers write it
        ("Tue Dec  1 13:00:00 2026", False),  # asctime, which is GMT
        ("not a date", False),
        ("", False),
        (None, False),
    ],
)
def test_a_last_modified_is_kept_unless_from_the_future(value: str | None, kept: bool) -> None:
    assert last_modified_to_keep(value, NOW) == (value if kept else None)


def test_conditional_headers() -> None:
    etag, past, future = '"abc"', http_date(NOW - HOUR), http_date(NOW + DAY)
    assert conditional_headers(None) == {}
    assert conditional_headers(Known(NOW, None, etag, past)) == {
        "If-None-Match": etag,
        "If-Modified-Since": past,
    }
    # A state of an older newsbot may hold a Last-Modified from after the page was seen:
    # it is not sent; the ETag still is.
    assert conditional_headers(Known(NOW, None, etag, future)) == {"If-None-Match": etag}
    assert conditional_headers(Known(NOW, None, None, future)) == {}
