"""End-to-end crawl: `scrapy crawl independent` against a local server of article pages.

    .venv/bin/python bench/crawl_throughput.py [--pages 5000] [--runs 3] [--quick]

A server on 127.0.0.1, in a process of its own, serves robots.txt, a news sitemap listing
PAGES articles and the articles themselves (tests/site's 2024 page, numbered). The crawl
runs with throttling off. It prints pages per second and the crawl's peak memory (medians).
It asserts nothing.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, median_run, timed

PAGE = REPO / "tests" / "site" / "news" / "world" / "harbour-bridge-reopens-b1000001.html"


def serve(pages: int, ready: multiprocessing.Queue) -> None:  # runs in its own process
    template = PAGE.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/robots.txt":
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
                number = self.path.rsplit("-b", 1)[1].removesuffix(".html").encode()
                body, kind = template.replace(b"1000001", number), "text/html; charset=utf-8"
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
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="200 pages, one run")
    options = parser.parse_args()
    pages, runs = (200, 1) if options.quick else (options.pages, options.runs)
    ready: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(pages, ready), daemon=True)
    server.start()
    port = ready.get(timeout=30)
    command = [
        sys.executable, "-m", "scrapy", "crawl", "independent",
        "-s", f"INDEPENDENT_BASE_URL=http://127.0.0.1:{port}",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "CONCURRENT_REQUESTS=16",
        "-s", "NEWSBOT_STATE_ENABLED=False", "-s", "NEWSBOT_MANIFEST_ENABLED=False",
    ]  # fmt: skip
    try:
        with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as scratch:
            feed = ["-O", str(Path(scratch) / "feed.jsonl")]
            result = median_run([timed([*command, *feed]) for _ in range(runs)])
    finally:
        server.terminate()
    print(f"{'pages':>6} | {'pages/s':>8} {'peak MB':>8}")
    print(f"{pages:>6} | {pages / result.seconds:>8.0f} {result.peak_rss_mb:>8.0f}")
    print(f"\nnewsbot: whole-process figures (start-up included), medians of {runs} run(s).")


if __name__ == "__main__":
    main()
