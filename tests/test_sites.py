"""A second publisher is one site description and a spider of a few lines: the generic
news spider and the pipelines take everything they know of a site from its ``Site``.

The test defines a made-up site, "example", in a script (its package registered as
``newsbot.sites.example``, as a package on disk would be), and runs the real `scrapy crawl
example` on it, from a local server and from a local file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from newsbot.sites import site
from newsbot.spiders.independent import IndependentSpider
from tests.helpers import REPO, read_feed
from tests.site_server import site_server

# The whole of what a second publisher adds, besides its settings: its Site and its spider.
SECOND_SITE = """
import re
import sys
import types

from newsbot.cleaning import Boilerplate, LineRule
from newsbot.sites import Site
from newsbot.sites.independent import page
from newsbot.spiders.news import NewsSpider

SITE = Site(
    name="example",
    hosts=("news.example",),
    archive_hosts=(),
    news_sitemap="/latest.xml",
    sitemap_index="/archive.xml",
    settings="EXAMPLE",
    article_id=lambda url: "example:" + re.sub(r"\\W", "-", url.rsplit("/", 1)[-1]),
    is_article=lambda url, skip: "/stories/" in url and not skip.search(url),
    sitemap_month=lambda url: None,
    parse_page=page.parse_page,  # this one's pages happen to look like the Independent's
    extractor="example-page",
    furniture=Boilerplate(
        blocks=(), lines=(LineRule(name="example_promo", lines=r"Read Example News every day\\."),)
    ),
    house_credits=frozenset({"example news desk"}),
)


class ExampleSpider(NewsSpider):
    name = "example"
    site = SITE


package = types.ModuleType("newsbot.sites.example")
package.__path__ = []
module = types.ModuleType("newsbot.sites.example.site")
module.SITE = SITE
sys.modules.update(
    {"newsbot.sites.example": package, "newsbot.sites.example.site": module,
     "example_spiders": sys.modules[__name__]}  # this script: its spider is ExampleSpider
)

from scrapy.cmdline import execute

execute(["scrapy", "crawl", "example", "-s", "SPIDER_MODULES=example_spiders", *sys.argv[1:]])
"""

STORY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ferry returns</title>
<link rel="canonical" href="https://news.example/stories/ferry-returns.html">
<meta property="article:published_time" content="2026-11-30T09:00:00Z">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry returns",
"author":[{"@type":"Person","name":"Example News Desk"},{"@type":"Person","name":"Kit Poe"}]}
</script></head><body>
<div class="main-wrapper"><div id="main">
<p>The island ferry sailed again on Monday after a month in dry dock.</p>
<p>Read Example News every day.</p>
<p>Its owners said the winter timetable would follow next week.</p>
</div></div></body></html>
"""


def run_example(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "example_site.py"
    script.write_text(textwrap.dedent(SECOND_SITE), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script), *args,
         "-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}",
         "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'output'}",
         "-s", r"EXAMPLE_SKIP_PATHS=/stories/video/", "-s", "EXAMPLE_RSS_FEEDS=/rss.xml"],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def the_record(tmp_path: Path) -> dict:
    [feed] = (tmp_path / "output" / "example").glob("2*.jsonl")
    [record] = read_feed(feed)
    return record


def check(record: dict) -> None:
    assert record["id"] == "example:ferry-returns-html"
    assert record["metadata"]["spider"] == "example"
    assert record["articleBody"].split("\n\n") == [
        "The island ferry sailed again on Monday after a month in dry dock.",
        "Its owners said the winter timetable would follow next week.",
    ]
    assert [r["rule"] for r in record["metadata"]["removed"]] == ["example_promo"]
    assert [a["name"] for a in record["authors"]] == ["Kit Poe"]  # its house credit is nobody


def test_a_second_site_crawls_its_own_site(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "stories" / "video").mkdir(parents=True)
    (root / "stories" / "ferry-returns.html").write_text(STORY, encoding="utf-8")
    (root / "stories" / "video" / "ferry-film.html").write_text(STORY, encoding="utf-8")
    (root / "latest.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>{base}/stories/ferry-returns.html</loc></url>"
        "<url><loc>{base}/stories/video/ferry-film.html</loc></url>"
        "<url><loc>{base}/about.html</loc></url></urlset>",
        encoding="utf-8",
    )
    with site_server(root) as server:
        result = run_example(tmp_path, "-s", f"EXAMPLE_BASE_URL={server.base}")
    assert result.returncode == 0, result.stderr
    # Its own news sitemap, its own article URLs and paths to skip, no other site's.
    assert [path for path in server.requested if path != "/robots.txt"] == [
        "/latest.xml",
        "/stories/ferry-returns.html",
    ]
    check(the_record(tmp_path))


def test_a_second_site_reads_its_saved_pages(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "ferry-returns.html").write_text(STORY, encoding="utf-8")
    result = run_example(tmp_path, "-a", f"fixtures={saved}")
    assert result.returncode == 0, result.stderr
    check(the_record(tmp_path))


def test_the_independent_is_the_news_spider_with_its_site() -> None:
    assert IndependentSpider.site is site("independent")
    assert site("independent").name == IndependentSpider.name == "independent"
