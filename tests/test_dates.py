"""One date policy for every date the feed carries (newsbot.dates)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from newsbot.dates import format_datetime, most_precise, normalise_date

# Dates as sources spell them, and what normalise_date makes of each: a date-time with its
# offset, a date alone, or None. Never a naive date-time, never a day that does not exist.
DATES = {
    # --- W3C datetime (sitemaps, Atom) ----------------------------------------------------
    "2024-11-22": "2024-11-22",
    "2024-02-29": "2024-02-29",  # a leap day
    "2024-11-22T08:49Z": "2024-11-22T08:49:00+00:00",  # no seconds
    "2024-11-22T08:49:59Z": "2024-11-22T08:49:59+00:00",
    "2024-11-22T08:49:59.123Z": "2024-11-22T08:49:59+00:00",  # fractions dropped
    "2024-11-22T08:49:59.123456789Z": "2024-11-22T08:49:59+00:00",
    "2024-11-22T08:49:59+00:00": "2024-11-22T08:49:59+00:00",
    "2024-11-22T08:49:59-00:00": "2024-11-22T08:49:59+00:00",
    "2024-11-22T08:49:59+01:00": "2024-11-22T08:49:59+01:00",
    "2024-11-22T08:49+01:00": "2024-11-22T08:49:00+01:00",
    "2024-11-22T08:49:59+0100": "2024-11-22T08:49:59+01:00",
    "2024-11-22T08:49:59-05:00": "2024-11-22T08:49:59-05:00",
    "2024-11-22 08:49:59Z": "2024-11-22T08:49:59+00:00",
    "  2024-11-22T08:49:59Z\n": "2024-11-22T08:49:59+00:00",
    "2024-11-22T08:49:59 +01:00": "2024-11-22T08:49:59+01:00",
    "2024-11-22T08:49:59 GMT": "2024-11-22T08:49:59+00:00",
    "2024-06-22 08:49 BST": "2024-06-22T08:49:00+01:00",
    "2024-11-22T08:49:59 XYZ": "2024-11-22",  # a zone nobody knows: the day alone
    "2024-11-22T08:49:59 EST": "2024-11-22T08:49:59-05:00",
    "2024-11-22T08:49:59": "2024-11-22",  # no zone: the day alone, no offset made up
    "2024-11-22T08:49": "2024-11-22",
    "2012-01-12 00:00:01.0": "2012-01-12",  # article:published_time of the 2012 pages
    "2024-11-22T08:49:59+05:30:15": "2024-11-22T03:19:44+00:00",  # seconds in the offset
    "20241122": None,  # ISO 8601's basic form: no source writes it
    "2024-W47-5": None,  # a week date
    "2024-11": None,  # W3C allows a month, but it is no day to compare
    # --- impossible dates ------------------------------------------------------------------
    "2026-02-30": None,
    "2026-13-01": None,
    "2023-02-29": None,
    "2026-02-30T10:00:00Z": None,
    "2026-13-01T10:00:00+01:00": None,
    "２０２４-１１-２２": None,  # digits, but not ASCII ones
    # --- RFC 822 / 5322 (RSS) --------------------------------------------------------------
    "Fri, 22 Nov 2024 08:49:59 GMT": "2024-11-22T08:49:59+00:00",
    "22 Nov 2024 08:49:59 GMT": "2024-11-22T08:49:59+00:00",  # no weekday
    "Fri, 22 Nov 2024 08:49 GMT": "2024-11-22T08:49:00+00:00",  # no seconds
    "Fri, 22 Nov 24 08:49:59 GMT": "2024-11-22T08:49:59+00:00",  # a two-digit year
    "Fri, 22 Nov 2024 08:49:59 UT": "2024-11-22T08:49:59+00:00",
    "Fri, 22 Nov 2024 08:49:59 Z": "2024-11-22T08:49:59+00:00",
    "Fri, 22 Nov 2024 08:49:59 +0000": "2024-11-22T08:49:59+00:00",
    "Fri, 22 Nov 2024 08:49:59 -0000": "2024-11-22T08:49:59+00:00",  # UTC, local zone unknown
    "Fri, 22 Nov 2024 08:49:59 +0100": "2024-11-22T08:49:59+01:00",
    "Fri, 22 Nov 2024 08:49:59 EST": "2024-11-22T08:49:59-05:00",
    "Fri, 22 Nov 2024 08:49:59 PDT": "2024-11-22T08:49:59-07:00",
    "Fri, 22 Nov 2024 08:49:59": "2024-11-22",  # no zone: the day alone
    "Fri, 22 Nov 2024 08:49:59 BST": "2024-11-22T08:49:59+01:00",  # British Summer Time
    "Fri, 22 Nov 2024 08:49:59 XYZ": "2024-11-22",  # a zone nobody knows
    "Fri, 30 Feb 2024 08:49:59 GMT": None,
    "Fri, 22 Nov 2024 25:00:00 GMT": None,
    "Fri, 22 Nov 2024 08:49:59 +99999999999999999999": None,
    # --- as pages print them ---------------------------------------------------------------
    "10 January 2008": "2008-01-10",  # icx_pubdate, 2007-08
    "Thursday 12 January 2012": "2012-01-12",
    "Friday 22 November 2024 08:49 GMT": "2024-11-22T08:49:00+00:00",
    "Sunday 6 December 2015 18:44 BST": "2015-12-06T18:44:00+01:00",
    "Monday 28 September 2020 19:27": "2020-09-28",  # UK local time, no zone printed
    "30 February 2012": None,
    # --- no date at all ---------------------------------------------------------------------
    "": None,
    "   ": None,
    "yesterday": None,
    "0": None,
}


@pytest.mark.parametrize("value, expected", DATES.items(), ids=list(DATES))
def test_normalise_date(value: str, expected: str | None) -> None:
    found = normalise_date(value)
    assert found == expected
    if found and "T" in found:
        assert datetime.fromisoformat(found).tzinfo is not None
    elif found:
        assert date.fromisoformat(found).isoformat() == found


def test_there_are_enough_date_spellings() -> None:
    assert len(DATES) >= 20


def test_the_most_precise_date_is_the_first_date_time_else_the_first_date() -> None:
    assert most_precise("2012-01-12", "2012-01-12T10:00:00+00:00") == "2012-01-12T10:00:00+00:00"
    assert most_precise(None, "2012-01-12", "2012-01-13") == "2012-01-12"
    assert most_precise("2012-01-12T10:00:00+00:00", "2012-01-12T09:00:00+00:00") == (
        "2012-01-12T10:00:00+00:00"
    )
    assert most_precise(None, None) is None


def test_format_datetime_refuses_a_naive_date_time() -> None:
    assert format_datetime(datetime(2024, 11, 22, 8, 49, 59, 500, tzinfo=UTC)) == (
        "2024-11-22T08:49:59+00:00"
    )
    summer = timezone(timedelta(hours=1))
    assert format_datetime(datetime(2024, 6, 1, 8, tzinfo=summer)) == "2024-06-01T08:00:00+01:00"
    with pytest.raises(ValueError):
        format_datetime(datetime(2024, 11, 22, 8, 49, 59))
