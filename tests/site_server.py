"""A local stand-in for the site, on 127.0.0.1 and a free port, for the live-crawl tests.

It serves tests/site/ at the site's paths: robots.txt, the news sitemap (/sitemaps/googlenews),
the sitemap index and its monthly sitemaps, an RSS feed (/rss) and article pages; page N of
a live blog (``NAME.html?page=N``) is the file ``NAME.page-N.html``. ``{base}``
in the discovery documents becomes the server's address. When ../shared/corpus is present,
its real pages are served at their own paths too and listed in the news sitemap.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SITE = Path(__file__).resolve().parent / "site"
CORPUS_HTML = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "html"

_CANONICAL = re.compile(rb'<link rel="canonical" href="(?P<url>[^"]+)"')


def corpus_pages() -> dict[str, Path]:
    """The corpus pages that have a canonical URL, by its path."""
    pages = {}
    for path in sorted(CORPUS_HTML.glob("*.html")) if CORPUS_HTML.is_dir() else []:
        found = _CANONICAL.search(path.read_bytes())
        if found:
            pages[urlsplit(found["url"].decode()).path] = path
    return pages


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer

    def do_GET(self) -> None:
        path, query = urlsplit(self.path).path, urlsplit(self.path).query
        page = re.fullmatch(r"page=(\d+)", query)
        if path.endswith(".html") and page and page[1] != "1":
            # A later page of a live blog: the file beside the first, NAME.page-N.html.
            self.server.requested.append(f"{path}?{query}")
            path = f"{path.removesuffix('.html')}.page-{page[1]}.html"
        else:
            self.server.requested.append(path)
        if path.endswith(".html") and self.server.page_delay:
            time.sleep(self.server.page_delay)
        if path.endswith(".html"):
            self.server.pages_open.wait(timeout=60)  # bounded: a test that forgets ends
        if path in self.server.canned:
            status, headers, body = self.server.canned[path]
            self._answer(path, status)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value.replace("{base}", self.server.base))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        found = self.server.resolve(path)
        if found is None:
            self._answer(path, 404)
            self.send_error(404)
            return
        body, content_type = found
        # Validators, as the real site sends them: an unchanged page answers a conditional
        # request with 304 Not Modified.
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if path.endswith(".html"):
            self.server.conditions.append((path, if_none_match, if_modified_since))
        validators = {}
        if self.server.etags:
            validators["ETag"] = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
        if self.server.last_modified:
            validators["Last-Modified"] = self.server.last_modified
        if if_none_match is not None:  # then If-Modified-Since is not looked at (RFC 9110)
            unchanged = validators.get("ETag", "-") in if_none_match
        else:
            unchanged = bool(if_modified_since) and self._unchanged_since(path, if_modified_since)
        self._answer(path, 304 if unchanged else 200)
        self.send_response(304 if unchanged else 200)
        for name, value in validators.items():
            self.send_header(name, value)
        if not unchanged:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not unchanged:
            self.wfile.write(body)

    def _unchanged_since(self, path: str, if_modified_since: str) -> bool:
        """Whether the page's file was last changed no later than the date, as a server
        that keeps its pages' times answers; False for a date it cannot read."""
        file = self.server.root / path.lstrip("/")
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
        return file.is_file() and int(file.stat().st_mtime) <= since

    def _answer(self, path: str, status: int) -> None:
        self.server.answered.append((path, status))

    def log_message(self, format: str, *args: object) -> None:
        pass


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, with_corpus: bool, page_delay: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.page_delay = page_delay
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.corpus = corpus_pages() if with_corpus else {}
        self.requested: list[str] = []
        self.answered: list[tuple[str, int]] = []  # each request's path and status
        # Cleared, article pages wait (up to a minute) until it is set: a run is held in
        # the middle of its crawl for as long as a test needs.
        self.pages_open = threading.Event()
        self.pages_open.set()
        # Answers a test sets for a path, before anything else: status, headers, body.
        self.canned: dict[str, tuple[int, dict[str, str], bytes]] = {}
        # The validators of pages: an ETag of each page's bytes unless a test says not, and a
        # Last-Modified a test sets for every page (a request with If-Modified-Since alone
        # is then answered 304 when the page's file has not changed since that date).
        self.etags = True
        self.last_modified: str | None = None
        # Each page request's path, If-None-Match and If-Modified-Since.
        self.conditions: list[tuple[str, str | None, str | None]] = []

    def resolve(self, path: str) -> tuple[bytes, str] | None:
        if path in self.corpus:
            return self.corpus[path].read_bytes(), "text/html"
        if path == "/sitemaps/googlenews":
            return self._news_sitemap(), "application/xml"
        if path == "/rss":
            return self._template(self.root / "rss.xml"), "application/rss+xml"
        file = (self.root / path.lstrip("/")).resolve()
        if self.root.resolve() not in file.parents or not file.is_file():
            return None
        if file.suffix == ".html":
            return file.read_bytes(), "text/html; charset=utf-8"
        if file.suffix == ".xml":
            return self._template(file), "application/xml"
        return self._template(file), "text/plain"

    def _template(self, file: Path) -> bytes:
        return file.read_bytes().replace(b"{base}", self.base.encode())

    def _news_sitemap(self) -> bytes:
        entries = "".join(
            f"<url><loc>{self.base}{path}</loc></url>\n" for path in sorted(self.corpus)
        )
        return self._template(self.root / "sitemaps" / "googlenews.xml").replace(
            b"</urlset>", entries.encode() + b"</urlset>"
        )


@contextmanager
def site_server(
    root: Path = SITE, with_corpus: bool = False, page_delay: float = 0
) -> Iterator[_SiteServer]:
    """A running stand-in for the site at ``root`` (tests/site/ unless a test serves a copy
    it changes); ``.base`` is its address, ``.requested`` its log (``.answered`` with the
    statuses). ``page_delay`` slows
    every page down, for tests that need a run to be in the middle of something."""
    server = _SiteServer(root, with_corpus, page_delay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
