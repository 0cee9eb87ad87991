"""Which article links a run fetches: new ones, changed ones, and recent ones due a re-check.

A sitemap's date (``lastmod``, else the publication date) tells when an article last
changed, but many sites leave it alone when they update a page, and live blogs change all
day. So an article the state knows is fetched when its sitemap date is later than the last
time the state saw its text, and also, while it is recent, on a schedule that thins out with
its age: when a quarter of its age (``NEWSBOT_RECHECK_FACTOR``) has passed since it was last
seen, at least ``NEWSBOT_RECHECK_MIN_MINUTES`` apart, for ``NEWSBOT_RECHECK_MAX_DAYS``
days. With the defaults, an article an hour old is looked at again every 15 minutes, one a
day old every 6 hours, and none after three days. Re-checks are conditional requests, so an
unchanged page costs a 304 and no parsing.

Times the state holds that lie in the future (a clock that ran ahead, then was put right)
are not trusted: such an article is fetched, and its time replaced by a true one. Nor is a
page's ``Last-Modified`` from the future: sent back as ``If-Modified-Since``, it would have
the server answer 304 Not Modified to every change until that time came.

Pure functions, no Scrapy objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from newsbot.dates import has_time
from newsbot.run.state import Known

NEW = "new"
UNDATED = "undated"  # the link gives no time of change: always fetched
CHANGED = "changed"
UNTRUSTED = "untrusted"  # the state's time lies in the future
RECHECK = "recheck"

SERVER_SKEW = timedelta(minutes=1)
"""How far ahead of this machine's a server's clock may be, for its ``Last-Modified`` (of a
page made as it was sent) to be kept: NTP keeps clocks within a second, and a server left
without it drifts a few seconds a day. Kept within this, a stamp from the future can cost
changes made in the minute after a fetch; dropped beyond it, a stamp from a clock further
ahead costs only the ``If-Modified-Since`` of the next request (the ETag is still sent)."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """The settings that say when an article is fetched again."""

    overlap: timedelta
    """NEWSBOT_OVERLAP_MINUTES: a sitemap date this much older than the last sight of the
    text still counts as a change, against clocks that disagree."""
    factor: float = 0.25
    min_interval: timedelta = timedelta(minutes=15)
    max_age: timedelta = timedelta(days=3)

    @classmethod
    def from_settings(cls, settings: object) -> Schedule:
        get = settings.getfloat  # type: ignore[attr-defined]
        return cls(
            overlap=timedelta(minutes=get("NEWSBOT_OVERLAP_MINUTES")),
            factor=get("NEWSBOT_RECHECK_FACTOR"),
            min_interval=timedelta(minutes=get("NEWSBOT_RECHECK_MIN_MINUTES")),
            max_age=timedelta(days=get("NEWSBOT_RECHECK_MAX_DAYS")),
        )


def why_fetch(
    known: Known | None, changed: str | None, schedule: Schedule, now: datetime | None = None
) -> str | None:
    """Why a link is fetched (NEW, UNDATED, CHANGED, UNTRUSTED, RECHECK), or None when it
    cannot be new or changed and is not due a re-check.

    ``changed`` is the link's ISO 8601 date of change from the sitemap, if any.
    """
    if known is None or known.last_checked is None:
        return NEW
    now = now or datetime.now(UTC)
    if known.last_checked > now:
        return UNTRUSTED
    when = _time(changed)
    if when is None:
        return UNDATED
    if when >= known.last_checked - schedule.overlap:
        return CHANGED
    if due(known, schedule, now):
        return RECHECK
    return None


def due(known: Known, schedule: Schedule, now: datetime) -> bool:
    """True when a recent article's last sighting is old enough, for its age, to look again."""
    if known.published is None or schedule.max_age <= timedelta(0):
        return False
    age = now - known.published
    if age > schedule.max_age:
        return False
    interval = max(schedule.min_interval, age * schedule.factor)
    return now - known.last_checked >= interval


def _time(value: str | None) -> datetime | None:
    """An ISO 8601 date-time with its offset; None for a bare date or anything else (a day
    alone cannot say whether a change came after the last sighting)."""
    if not has_time(value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def last_modified_to_keep(value: str | None, fetched: datetime) -> str | None:
    """A page's ``Last-Modified`` as the server sent it, to send back as
    ``If-Modified-Since``; None when it is later than ``fetched`` (when the page was
    fetched) by more than SERVER_SKEW, or is no HTTP date."""
    moment = _http_date(value)
    if moment is None or moment > fetched + SERVER_SKEW:
        return None
    return value


def conditional_headers(known: Known | None) -> dict[str, str]:
    """The headers that make a request for a page the state knows conditional: its ETag,
    and its ``Last-Modified`` unless that lies after the time it was seen (kept by an
    older newsbot, which kept any)."""
    if known is None:
        return {}
    headers = {}
    if known.etag:
        headers["If-None-Match"] = known.etag
    seen = known.last_checked
    last_modified = last_modified_to_keep(known.last_modified, seen) if seen else None
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _http_date(value: str | None) -> datetime | None:
    """An HTTP date (RFC 9110: IMF-fixdate, RFC 850 or asctime, all GMT), or None."""
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (ValueError, TypeError, OverflowError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
