"""Helpers for the tests: where things are, and running the real `scrapy crawl` command."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
# The shared folder beside the repository: real saved pages, for tests that skip without it.
SHARED = REPO.parent / "shared"


def crawl(
    *args: str, cwd: Path = REPO, timeout: float = 120, prefix: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    """Run `scrapy crawl independent ARGS` in a subprocess, as a user would.

    Unless ARGS set them, the state and the feed folder go to a temporary folder, deleted
    afterwards, so that no run sees another's state and nothing lands in the repository.
    ``prefix`` is a command the crawl runs under (``strace``, ``faketime``: see faults.py).
    Every record of the feeds it published there is checked against the feed's schema,
    whether the test reads them or not.
    """
    with tempfile.TemporaryDirectory(prefix="newsbot-test-") as scratch:
        result = subprocess.run(
            [*prefix, *crawl_command(*args, scratch=Path(scratch))],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        for feed in Path(scratch).glob("output/*/2*.jsonl"):
            read_feed(feed)
        return result


def bench(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a script of bench/ in a subprocess (five minutes at most)."""
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def crawl_command(*args: str, scratch: Path | None = None) -> list[str]:
    """The command line of `scrapy crawl independent ARGS`; the state and the feed folder
    go under ``scratch`` unless ARGS set them (see ``crawl``)."""
    defaults = []
    if not any(a.startswith("NEWSBOT_STATE_PATH=") for a in args):
        scratch = scratch or Path(tempfile.mkdtemp(prefix="newsbot-test-"))
        defaults += ["-s", f"NEWSBOT_STATE_PATH={scratch / 'state.sqlite'}"]
    if not any(a.startswith("NEWSBOT_FEED_DIR=") for a in args):
        scratch = scratch or Path(tempfile.mkdtemp(prefix="newsbot-test-"))
        defaults += ["-s", f"NEWSBOT_FEED_DIR={scratch / 'output'}"]
    return [sys.executable, "-m", "scrapy", "crawl", "independent", *defaults, *args]


def sitemap_says_changed(site: Path, path: str) -> None:
    """The stand-in site's news sitemap says the page at ``path`` changed now."""
    from datetime import UTC, datetime

    sitemap = site / "sitemaps" / "googlenews.xml"
    now = datetime.now(UTC).isoformat(timespec="seconds")
    entry = f"<loc>{{base}}/{path}</loc>"
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8").replace(entry, f"{entry}<lastmod>{now}</lastmod>"),
        encoding="utf-8",
    )


def wait_until(condition: Callable[[], object], run: subprocess.Popen, what: str) -> None:
    """Wait (a minute at most) until ``condition()`` holds, while ``run`` is still going."""
    deadline = time.monotonic() + 60
    while not condition():
        assert run.poll() is None, f"the run ended before {what}"
        assert time.monotonic() < deadline, f"a minute passed before {what}"
        time.sleep(0.05)


def read_feed(path: Path) -> list[dict]:
    """The records of a JSON Lines feed, checking that every line is one whole JSON object
    that the feed's schema allows."""
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n"), f"{path} does not end with a newline"
    return records_of(text)


def read_manifest(path: Path) -> list[dict]:
    """The lines of a manifest (JSON Lines of runs, not of articles)."""
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n"), f"{path} does not end with a newline"
    return [json.loads(line) for line in text.splitlines()]


def records_of(text: str) -> list[dict]:
    """The records of a feed's text, each checked against schema/article.schema.json."""
    records = [json.loads(line) for line in text.splitlines()]
    for record in records:
        errors = sorted(_schema_validator().iter_errors(record), key=str)
        assert not errors, f"{record.get('url')}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
        )
    return records


@functools.cache
def _schema_validator():
    from jsonschema import Draft202012Validator

    schema = json.loads((REPO / "schema" / "article.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def project_crawler(**overrides: object):
    """A crawler with the project's settings (and overrides) and its spider, not running."""
    from scrapy.utils.test import get_crawler

    from newsbot import settings
    from newsbot.spiders.independent import IndependentSpider

    project = {name: value for name, value in vars(settings).items() if name.isupper()}
    # No run state: such a crawler never runs, and must not lock the repository's.
    project["NEWSBOT_STATE_ENABLED"] = False
    crawler = get_crawler(IndependentSpider, settings_dict={**project, **overrides})
    crawler.spider = IndependentSpider.from_crawler(crawler)
    return crawler


def article_from_page(path: Path, url: str | None = None):
    """A saved page through the spider's parser and the item pipelines, without a crawl."""
    from scrapy.http import HtmlResponse
    from scrapy.utils.misc import build_from_crawler, load_object

    crawler = project_crawler()
    response = HtmlResponse(url=url or path.as_uri(), body=path.read_bytes())
    article = crawler.spider.parse_article(response, source="fixture")
    pipelines = crawler.settings.getdict("ITEM_PIPELINES")
    for name in sorted(pipelines, key=pipelines.__getitem__):
        article = build_from_crawler(load_object(name), crawler).process_item(article)
    return article
