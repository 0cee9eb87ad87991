"""Distributed mode's switch: the add-on that turns it on when NEWSBOT_REDIS_URL is set, and
the middleware that answers a worker's requests for local copies.

This module needs none of distributed mode's libraries, so that Scrapy loads it in every
run: a local run never imports redis, scrapy-redis or psycopg (newsbot.run.cluster and
newsbot.run.shared_state, which the coordinator imports only in distributed mode).
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Request, Response
from scrapy.settings import Settings

LOCAL = "newsbot_local"  # a request's meta key: a local copy, read by the worker itself


class LocalCopies:
    """Downloader middleware: a request for a local copy (meta ``newsbot_local``) is
    answered at once with an empty response, without the network or politeness delays;
    its callback reads the file."""

    def process_request(self, request: Request) -> Response | None:
        if request.meta.get(LOCAL):
            return Response(request.url, request=request)
        return None


class Distributed:
    """Add-on: distributed mode when NEWSBOT_REDIS_URL is set: the run's shared scheduler,
    local copies read by the worker that takes them, and the site's politeness limits
    divided among NEWSBOT_WORKERS workers (the site is one: its limit per domain is the
    worker's limit)."""

    def update_settings(self, settings: Settings) -> None:
        if not settings.get("NEWSBOT_REDIS_URL"):
            return

        def replace(name: str, value: Any) -> None:  # at the priority the value had
            settings.set(name, value, priority=max(settings.getpriority(name) or 0, 15))

        replace("SCHEDULER", "newsbot.run.cluster.Scheduler")
        middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
        middlewares["newsbot.run.distributed.LocalCopies"] = 1
        replace("DOWNLOADER_MIDDLEWARES", middlewares)
        workers = max(1, settings.getint("NEWSBOT_WORKERS"))
        per_domain = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") // workers)
        replace("CONCURRENT_REQUESTS_PER_DOMAIN", per_domain)
        # A worker takes no more from the shared queue than it can fetch at once (Scrapy
        # takes up to CONCURRENT_REQUESTS, to wait in its own queue): idle workers find the
        # rest, and a killed one loses no more than that.
        replace("CONCURRENT_REQUESTS", min(settings.getint("CONCURRENT_REQUESTS"), per_domain))
        replace("DOWNLOAD_DELAY", settings.getfloat("DOWNLOAD_DELAY") * workers)
        target = settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY")
        replace("AUTOTHROTTLE_TARGET_CONCURRENCY", target / workers)
