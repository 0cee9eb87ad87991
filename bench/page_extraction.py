"""Page extraction: the site's page parser on real pages, against lxml's parse alone and
against trafilatura on the same pages, in the same run.

    .venv/bin/python bench/page_extraction.py [--pages FOLDER] [--repeat 20] [--quick]

Pages: ../shared/corpus/html when present, else tests/site. For each page it prints the
median milliseconds of: parsing the HTML with lxml (the floor every extractor pays),
newsbot's parser (parse included, cleaning not), and trafilatura's ``extract``; then the
median over pages and newsbot's ratio to lxml, the ratio of all pages' times together, and
the range of the ratio page by page. It asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
import trafilatura
from scrapy.http import HtmlResponse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO
from newsbot.items import Metadata
from newsbot.parsers.html import page_selector
from newsbot.sites.independent.page import parse_page

CORPUS = REPO.parent / "shared" / "corpus" / "html"


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def newsbot(body: bytes, url: str) -> None:
    # A new response each time: the selector (the lxml parse) is built once per page.
    response = HtmlResponse(url=url, body=body)
    metadata = Metadata(spider="bench", source="web", dateDownloaded="", extractor="")
    parse_page(page_selector(response), url=url, metadata=metadata)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = CORPUS if CORPUS.is_dir() else REPO / "tests" / "site"
    parser.add_argument("--pages", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="3 repeats")
    options = parser.parse_args()
    repeat = 3 if options.quick else options.repeat
    print(f"{'page':40} | {'lxml ms':>8} {'newsbot ms':>10} {'trafilatura ms':>14}")
    rows = []
    for path in sorted(options.pages.rglob("*.html")):
        body = path.read_bytes()
        url = path.as_uri()
        row = (
            median_ms(lambda: lxml.html.fromstring(body), repeat),  # noqa: B023
            median_ms(lambda: newsbot(body, url), repeat),  # noqa: B023
            median_ms(lambda: trafilatura.extract(body, url=url), repeat),  # noqa: B023
        )
        rows.append(row)
        print(f"{path.stem[:40]:40} | {row[0]:>8.1f} {row[1]:>10.1f} {row[2]:>14.1f}")
    lxml_ms, ours, theirs = (statistics.median(column) for column in zip(*rows, strict=True))
    print(f"{'median':40} | {lxml_ms:>8.1f} {ours:>10.1f} {theirs:>14.1f}")
    print(f"\nnewsbot / lxml parse: {ours / lxml_ms:.2f}x; trafilatura / lxml: "
          f"{theirs / lxml_ms:.2f}x (medians of {repeat} runs per page)")  # fmt: skip
    totals = [sum(column) for column in zip(*rows, strict=True)]
    ratios = [newsbot_ms / parse_ms for parse_ms, newsbot_ms, _ in rows]
    print(f"All pages together: newsbot / lxml parse {totals[1] / totals[0]:.2f}x, "
          f"trafilatura / lxml {totals[2] / totals[0]:.2f}x; per page, newsbot / lxml "
          f"{min(ratios):.1f}x to {max(ratios):.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
