"""Every date the feed carries, from any source, by one policy.

``normalise_date`` reads the spellings sources use: ISO 8601 and the W3C datetime of
sitemaps (``2024-11-22T08:49:59.000Z``, ``2012-01-12 00:00:01.0``), RFC 822/5322 dates of
RSS (``Fri, 22 Nov 2024 08:49:59 GMT``) and dates as pages print them (``Thursday 12
January 2012``, ``Friday 22 November 2024 08:49 GMT``). What it gives is one of two things:

- a date-time with its UTC offset, ``2024-11-22T08:49:59+00:00``: to the second, UTC written
  ``+00:00``, any other offset kept as the source gives it;
- a date alone, ``2012-01-12``, where the source gives only a day, or a time without saying
  in which zone (a naive date-time, such as the site's UK local times printed without a
  zone). The day is the one the source wrote; a time, an offset or a zone is never made up.

Never a naive date-time, and never a day that does not exist (``2026-02-30``): such a value,
or one that reads as no date at all, gives None. The stdlib reads every one of these
spellings strictly (``datetime.fromisoformat``, ``email.utils``); the lenient parsers
(dateutil, dateparser) fill what a value leaves out from today's date, which is what this
policy forbids.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

# The shape of the ISO 8601 values read: a day in the extended form, then perhaps a time.
# (fromisoformat alone would also take "20241122", week dates and a lone hour.)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*.*)?")
# Zones by their abbreviations as sources print them: UTC, British Summer Time (as UK sites
# print it) and the US zones RFC 822 names. Any other abbreviation says no zone.
ZONES = {
    "UTC": "+0000", "GMT": "+0000", "UT": "+0000", "Z": "+0000", "BST": "+0100",
    "EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
    "MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
}  # fmt: skip
# An RFC 5322 zone of "-0000": the time is UTC, the sender's local offset unknown.
_UTC_NO_LOCAL_OFFSET = re.compile(r"\s-00:?00$")
_ZONE_WORD = re.compile(r"\s([A-Z]{1,4})$")
MONTHS = (
    "january february march april may june july august september october november december"
).split()
# "Thursday 12 January 2012", "12 January 2012", "Friday 22 November 2024 08:49 GMT".
_WRITTEN = re.compile(
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
    rf"(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(MONTHS)}),?\s+(?P<year>\d{{4}})"
    r"(?:,?\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s+(?P<zone>[A-Za-z]{1,4}))?)?",
    re.I,
)


def normalise_date(value: str | None) -> str | None:
    """``value`` by the module's policy: a date-time with its offset, a date, or None."""
    value = (value or "").strip()
    if not value.isascii():  # "２０２４-１１-２２": digits, but not ones a source writes
        return None
    try:
        if _ISO.fullmatch(value):
            return _iso(value)
        written = _WRITTEN.fullmatch(value)
        if written:
            return _written(written)
        return _rfc822(value)
    except (ValueError, OverflowError):  # no such day or time; an offset out of range
        return None


def has_time(value: str | None) -> bool:
    """Whether a value as ``normalise_date`` gives it is a date-time, not a date alone."""
    return value is not None and len(value) > 10


def most_precise(*values: str | None) -> str | None:
    """The first of ``values`` (each as ``normalise_date`` gives it) that is a date-time,
    else the first that is a date: sources listed most trusted first."""
    return next((v for v in values if has_time(v)), None) or next((v for v in values if v), None)


def format_datetime(moment: datetime) -> str:
    """An aware date-time as the policy writes it (to the second; UTC as ``+00:00``)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("a naive date-time has no place in the feed")
    if not offset or offset % timedelta(minutes=1):  # UTC, or an offset no reader writes
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="seconds")


def _iso(value: str) -> str:
    if len(value) == 10:
        return date.fromisoformat(value).isoformat()
    value = _offset_for_zone(value).replace(",", ".")
    zone = _ZONE_WORD.search(value)
    if zone:  # a zone nobody knows ("2024-11-22 08:49 XYZ"): the time is not placed
        value = value[: zone.start()]
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None or zone:
        return parsed.date().isoformat()
    return format_datetime(parsed)


def _written(found: re.Match[str]) -> str:
    day = date(int(found["year"]), MONTHS.index(found["month"].lower()) + 1, int(found["day"]))
    if found["hour"] is None:
        return day.isoformat()
    offset = ZONES.get((found["zone"] or "").upper())
    if offset is None:  # no zone, or one not known: the day as written
        return day.isoformat()
    hour, minute = int(found["hour"]), int(found["minute"])
    return format_datetime(datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}{offset}"))


def _offset_for_zone(value: str) -> str:
    """``value`` with a zone abbreviation of ZONES at its end written as its offset."""
    zone = _ZONE_WORD.search(value)
    if zone and zone[1] in ZONES:
        return f"{value[: zone.start()]}{ZONES[zone[1]]}"
    return value


def _rfc822(value: str) -> str | None:
    parsed = parsedate_to_datetime(_offset_for_zone(value))  # ValueError when it reads no date
    if parsed.tzinfo is not None:
        return format_datetime(parsed)
    if _UTC_NO_LOCAL_OFFSET.search(value):
        return format_datetime(parsed.replace(tzinfo=UTC))
    return parsed.date().isoformat()  # no zone, or one nobody knows: the day as written
