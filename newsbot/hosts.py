"""Which URLs are a site's: each URL parsed once, as Scrapy will request it, its host compared
exactly.

Two parsers disagree on a URL such as ``https://evil.example\\@www.independent.co.uk/…``:
Python's ``urlsplit`` (RFC 3986) reads the host ``www.independent.co.uk``, while Scrapy
(w3lib's ``safe_url_string``, which follows the WHATWG URL standard, as browsers do) requests
``evil.example``. So a URL is judged here only after ``safe_url_string`` has made it the URL
that would be fetched and published, and then:

- its scheme is http or https, it names no user (``user@host``), and its port is the
  scheme's own (an explicit ``:443`` on https is the same host; any other port is not);
- its host, lower-cased and without a final dot, is one of the site's hosts exactly (no
  subdomain of them), or the base URL's host with the base URL's port (a mirror, or the
  test server on 127.0.0.1).

``SiteHosts`` is pure; ``OnSiteMiddleware`` applies it to every request of a crawl (in
place of Scrapy's OffsiteMiddleware, which lets subdomains and any port through).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from w3lib.url import safe_url_string

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, int] | None:
    """The host and port a URL is fetched from (the scheme's port when none is given), or
    None when it is no http(s) URL of a host of its own (a user named, no host, a port that
    is no number)."""
    try:
        parts = urlsplit(safe_url_string(url))
        port = parts.port
    except ValueError:  # an IPv6 address left open, a port that is no number or too big
        return None
    if parts.scheme not in _DEFAULT_PORTS or "@" in parts.netloc or not parts.hostname:
        return None
    host = parts.hostname.lower().removesuffix(".")
    return host, port or _DEFAULT_PORTS[parts.scheme]


class SiteHosts:
    """The hosts of one site: ``hosts`` on the default ports of http and https, and the
    base URL's host on its own port."""

    def __init__(self, hosts: Iterable[str], base_url: str | None = None) -> None:
        self.allowed = {(host.lower(), port) for host in hosts for port in (80, 443)}
        base = _origin(base_url) if base_url else None
        if base is not None:
            self.allowed.add(base)

    def allows(self, url: str) -> bool:
        """Whether ``url``, as Scrapy would request it, is on one of the site's hosts."""
        return _origin(url) in self.allowed


class OnSiteMiddleware(OffsiteMiddleware):
    """Downloader middleware: only requests to the spider's hosts (its ``hosts``, a
    SiteHosts) are made, redirects included; the others are dropped as Scrapy's
    OffsiteMiddleware drops them (``offsite/filtered``). A spider without ``hosts`` is let
    be, as OffsiteMiddleware does."""

    def should_follow(self, request: Request, spider: Spider) -> bool:
        hosts = getattr(spider, "hosts", None)
        if not isinstance(hosts, SiteHosts):
            return super().should_follow(request, spider)
        return hosts.allows(request.url)
