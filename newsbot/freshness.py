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
are not trusted: such an article is fetched, and its time replaced by a true one.

Pure functions, no Scrapy objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsbot.dates import has_time
from newsbot.run.state import Known

NEW = "new"
UNDATED = "undated"  # the link gives no time of change: always fetched
CHANGED = "changed"
UNTRUSTED = "untrusted"  # the state's time lies in the future
RECHECK = "recheck"


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
