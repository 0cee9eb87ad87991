"""End-to-end crawl: `scrapy crawl independent` against a local server of article pages.

    .venv/bin/python bench/crawl_throughput.py [--pages 5000 20000] [--runs 3] [--quick]

A server on 127.0.0.1, in a process of its own, serves robots.txt, a news sitemap listing
PAGES articles and the articles themselves (tests/site's three article layouts in turn,
numbered). The crawl is the command as a user runs it (state, manifest, feed) with
throttling off, on one core: the server has the other. For each size it prints pages per
second and the crawl's peak memory (medians), so that two sizes show whether memory grows
with the crawl. It asserts nothing but that every page reached the feed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import shutil
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, check_feed, median_run, scratch, timed

SITE = REPO / "tests" / "site"
PAGES = [  # the layouts the site parser reads (the unknown layout would time trafilatura)
    SITE / "news" / "world" / "harbour-bridge-reopens-b1000001.html",
    SITE / "news" / "uk" / "politics" / "council-budget-vote-b1000002.html",
    SITE / "sport" / "football" / "cup-final-live-b1000003.html",
]


def serve(ready: multiprocessing.Queue) -> None:  # runs in its own process
    # Each page with the article number in its file name, to be replaced by the served one.
    templates = [
        (path.read_bytes(), re.search(r"-b(\d+)\.html$", path.name)[1].encode()) for path in PAGES
    ]
    pages = 0

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.startswith("/pages/"):  # how many the sitemap lists, set per run
                nonlocal pages
                pages = int(self.path.removeprefix("/pages/"))
                body, kind = b"ok", "text/plain"
            elif self.path == "/robots.txt":
                body, kind = b"User-agent: *\nDisallow:\n", "text/plain"
            elif self.path == "/sitemaps/googlenews":
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                urls = "".join(
                    f"<url><loc>{base}/news/world/story-b{2000000 + n}.html</loc></url>"
                    for n in range(pages)
                )
                body = (
                    f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                )
                body, kind = body.encode(), "application/xml"
            elif self.path.startswith("/news/world/story-b"):
                number = int(self.path.rsplit("-b", 1)[1].removesuffix(".html"))
                template, own = templates[number % len(templates)]
                body = template.replace(own, str(number).encode())
                kind = "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    ready.put(server.server_address[1])
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="200 pages, one run")
    options = parser.parse_args()
    sizes, runs = ([200], 1) if options.quick else (options.pages, options.runs)
    ready: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(ready,), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{ready.get(timeout=30)}"
    print(f"{'pages':>6} | {'pages/s':>8} {'peak MB':>8}")
    try:
        with scratch() as folder:
            for size in sizes:
                urlopen(f"{base}/pages/{size}").read()
                results = []
                for run in range(runs):
                    work = Path(folder) / f"run-{size}-{run}"  # a fresh state: all pages new
                    results.append(timed([
                        sys.executable, "-m", "scrapy", "crawl", "independent",
                        "-s", f"INDEPENDENT_BASE_URL={base}",
                        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
                        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "CONCURRENT_REQUESTS=16",
                        "-s", f"NEWSBOT_STATE_PATH={work}/state/%(spider)s.sqlite",
                        "-s", f"NEWSBOT_FEED_DIR={work}/output",
                    ]))  # fmt: skip
                    check_feed(work / "output", size)
                    shutil.rmtree(work)
                result = median_run(results)
                print(f"{size:>6} | {size / result.seconds:>8.0f} {result.peak_rss_mb:>8.0f}")
    finally:
        server.terminate()
    print(f"\nnewsbot: whole-process figures (start-up included), medians of {runs} run(s).")


if __name__ == "__main__":
    main()
