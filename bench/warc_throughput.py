"""Web archives: `scrapy crawl independent -a fixtures=ARCHIVE.warc.gz` beside the same pages
as saved `.html` files, in the same run.

    .venv/bin/python bench/warc_throughput.py [--pages 3000] [--runs 3] [--quick]

It builds both inputs from real pages (../shared/corpus/html when present, else tests/site's
article pages), each copy with an article number of its own: a folder of `.html` files and
one `.warc.gz` archive holding, for each page, its request and response records, as a
crawler writes them. Each input is read by a whole run (state, manifest, feed), alternating,
and it prints pages per second and peak memory (medians) for both. The copies share their
paragraphs, so the count of recurring paragraphs is off for both (it would take every
paragraph for furniture). It asserts nothing but that every page reached the feed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, Run, check_feed, median_run, scratch, timed
from tests.warcs import Record, write_warc

CORPUS = REPO.parent / "shared" / "corpus" / "html"
SITE_PAGES = [
    REPO / "tests" / "site" / "news" / "world" / "harbour-bridge-reopens-b1000001.html",
    REPO / "tests" / "site" / "news" / "uk" / "politics" / "council-budget-vote-b1000002.html",
    REPO / "tests" / "site" / "sport" / "football" / "cup-final-live-b1000003.html",
]
# The page's own address, which would give every copy the same article id.
_ADDRESS = re.compile(
    rb'<link[^>]*rel="canonical"[^>]*>|<meta[^>]*(?:property|name)="og:url"[^>]*>'
)


def pages() -> list[bytes]:
    found = sorted(CORPUS.glob("*.html")) if CORPUS.is_dir() else SITE_PAGES
    return [_ADDRESS.sub(b"", path.read_bytes()) for path in found]


def build(folder: Path, count: int) -> tuple[Path, Path]:
    """``count`` copies of the pages, as .html files and as one .warc.gz."""
    html = folder / "pages"
    html.mkdir()
    records = []
    sources = pages()
    for n in range(count):
        body = sources[n % len(sources)]
        name = f"page-b{2_000_000 + n}.html"
        (html / name).write_bytes(body)
        url = f"https://www.independent.co.uk/news/{name}"
        records.append(Record(url, b"GET / HTTP/1.1\r\n\r\n", kind="request"))
        records.append(Record(url, body))
    archive = folder / "pages.warc.gz"
    write_warc(archive, records)
    return html, archive


def run(source: Path, folder: Path, count: int, number: int) -> Run:
    output = folder / f"output-{source.name}-{number}"
    figures = timed(
        [sys.executable, "-m", "scrapy", "crawl", "independent", "-a", f"fixtures={source}",
         "-s", f"NEWSBOT_STATE_PATH={output / 'state.sqlite'}",
         "-s", f"NEWSBOT_FEED_DIR={output}", "-s", "NEWSBOT_RECURRING_ENABLED=False"]
    )  # fmt: skip
    check_feed(output, count)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="300 pages, one run each")
    options = parser.parse_args()
    count, runs = (300, 1) if options.quick else (options.pages, options.runs)
    with scratch() as temporary:
        folder = Path(temporary)
        html, archive = build(folder, count)
        size = archive.stat().st_size / 1e6
        figures: dict[str, list[Run]] = {"html": [], "warc": []}
        for number in range(runs):
            figures["html"].append(run(html, folder, count, number))
            figures["warc"].append(run(archive, folder, count, number))
    html_run, warc_run = (median_run(figures[k]) for k in ("html", "warc"))
    print(f"{'input':>28} | pages/s  peak MB")
    for label, figure in (
        (f"{count} .html files", html_run),
        (f"one .warc.gz, {size:.1f} MB", warc_run),
    ):
        print(f"{label:>28} | {count / figure.seconds:7.0f} {figure.peak_rss_mb:8.0f}")
    print(
        f"\nwarc / html: {html_run.seconds / warc_run.seconds:.2f}x. Whole-process figures "
        f"(start-up included), medians of {runs} run(s) each."
    )


if __name__ == "__main__":
    main()
