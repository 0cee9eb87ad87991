"""Runs from cron, end to end: consecutive runs emit only what is new or changed, a killed
run loses nothing, and two runs never overlap. The real `scrapy crawl` against the local
stand-in site, each test with its own state and feed folder."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from pathlib import Path

import pytest

from tests.faults import faketime
from tests.helpers import REPO, crawl, read_feed, read_manifest, sitemap_says_changed, wait_until
from tests.site_server import SITE, site_server

FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
BRIDGE = "news/world/harbour-bridge-reopens-b1000001.html"
NEW_PAGE = "news/world/ferry-service-returns-b1000009.html"


def settings(tmp_path: Path, base: str) -> list[str]:
    return [
        "-s", f"INDEPENDENT_BASE_URL={base}",
        "-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state' / 'independent.sqlite'}",
        "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'output'}",
        *FAST,
    ]  # fmt: skip


def feeds(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "output" / "independent").glob("2*.jsonl"))


def hidden(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "output").rglob(".*.part"))


def manifest(tmp_path: Path) -> list[dict]:
    return read_manifest(tmp_path / "output" / "independent" / "manifest.jsonl")


def add_page(site: Path) -> None:
    """A new article appears, and the news sitemap lists it."""
    text = (site / BRIDGE).read_text(encoding="utf-8")
    (site / NEW_PAGE).write_text(
        text.replace("b1000001", "b1000009").replace("Harbour bridge", "Ferry service"),
        encoding="utf-8",
    )
    sitemap = site / "sitemaps" / "googlenews.xml"
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8").replace(
            "</urlset>", f"<url><loc>{{base}}/{NEW_PAGE}</loc></url>\n</urlset>"
        ),
        encoding="utf-8",
    )


def change_page(site: Path) -> None:
    """An article's text changes, and the news sitemap gives the time of the change."""
    page = site / BRIDGE
    page.write_text(page.read_text(encoding="utf-8").replace("£48m", "£52m"), encoding="utf-8")
    date_change(site)


def date_change(site: Path) -> None:
    """The news sitemap says the bridge article changed now."""
    sitemap_says_changed(site, BRIDGE)


def test_three_runs_emit_new_then_changed_then_nothing(site: Path, tmp_path: Path) -> None:
    with site_server(root=site) as server:
        first = crawl(*settings(tmp_path, server.base))
        add_page(site)
        change_page(site)
        server.requested.clear()
        second = crawl(*settings(tmp_path, server.base))
        second_requests = list(server.requested)
        third = crawl(*settings(tmp_path, server.base))
    assert [first.returncode, second.returncode, third.returncode] == [0, 0, 0], third.stderr

    published = feeds(tmp_path)
    assert len(published) == 2  # the third run found nothing to emit and left no file
    one, two = (read_feed(feed) for feed in published)
    assert sorted(r["id"] for r in one) == [
        "independent:b1000001", "independent:b1000002",
        "independent:b1000003", "independent:b1000005",
    ]  # fmt: skip
    assert {r["metadata"]["revision"] for r in one} == {1}
    assert {r["id"]: r["metadata"]["revision"] for r in two} == {
        "independent:b1000009": 1,  # new
        "independent:b1000001": 2,  # changed
    }
    assert "£52m" in next(r for r in two if r["id"] == "independent:b1000001")["articleBody"]

    # The second run fetched only what could be new or changed: the new page, and the one
    # whose sitemap entry says it changed after it was emitted.
    fetched = sorted(p for p in second_requests if p.endswith(".html"))
    assert fetched == sorted([f"/{BRIDGE}", f"/{NEW_PAGE}"])

    runs = manifest(tmp_path)
    assert [run["feed"] for run in runs] == [published[0].name, published[1].name, None]
    assert [run["counts"]["emitted"] for run in runs] == [4, 2, 0]
    assert [run["counts"]["notFetched"] for run in runs] == [0, 3, 3]
    # The third run asks again for the new page (no date in the sitemap) and the changed
    # one (its change is within the overlap window): the site answers both 304 Not Modified.
    assert [run["counts"]["notModified"] for run in runs] == [0, 0, 2]
    assert [run["counts"]["unchanged"] for run in runs] == [0, 0, 0]
    assert {run["finishReason"] for run in runs} == {"finished"}


def test_a_killed_run_loses_nothing(site: Path, tmp_path: Path) -> None:
    with site_server(root=site, page_delay=0.5) as server:
        killed = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "independent",
             *settings(tmp_path, server.base), "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(
            lambda: sum(p.endswith(".html") for p in server.requested) >= 3, killed, "3 pages"
        )
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        assert feeds(tmp_path) == []  # nothing under a final name

        assert hidden(tmp_path)  # its unfinished feed file, records in it or on their way

        server.page_delay = 0
        again = crawl(*settings(tmp_path, server.base))
    assert again.returncode == 0, again.stderr
    assert "ended before it published" in again.stderr
    [feed] = feeds(tmp_path)
    assert len(read_feed(feed)) == 4  # everything the killed run had not published
    assert [run["counts"]["new"] for run in manifest(tmp_path)] == [4]
    assert hidden(tmp_path) == []  # the dead run's file is gone


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_run_stopped_by_a_signal_publishes_what_it_collected(tmp_path: Path, stop: int) -> None:
    """A signal while a large folder is read (its files are the spider's start items):
    the run ends at once, exit 1, its feed holds every article it marked emitted, and the
    next run emits the others."""
    folder = tmp_path / "copies"
    folder.mkdir()
    sample = sorted((REPO / "samples").glob("*.txt"))[0].read_text(encoding="utf-8")
    for n in range(4000):
        headline, rest = sample.split("\n", 1)
        (folder / f"copy{n:04}.txt").write_text(f"{headline} {n}\n{rest}", encoding="utf-8")
    where = [
        "-a", f"fixtures={folder}",
        "-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}",
        "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'output'}",
    ]  # fmt: skip
    log = tmp_path / "stopped.log"
    with open(log, "w") as errors:
        stopped = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "independent", *where],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
        try:
            wait_until(lambda: "Spider opened" in log.read_text(), stopped, "it started")
            time.sleep(1)
            os.kill(stopped.pid, stop)
            assert stopped.wait(timeout=60) == 1, log.read_text()[-3000:]
        finally:
            if stopped.poll() is None:  # it hung: no other test must meet it
                stopped.kill()
                stopped.wait()
    [run] = manifest(tmp_path)
    assert (run["finishReason"], run["exitStatus"]) == ("shutdown", 1)
    [feed] = feeds(tmp_path)
    first = [record["id"] for record in read_feed(feed)]
    assert 0 < len(first) < 4000 and run["counts"]["emitted"] == len(first)
    again = crawl(*where)
    assert again.returncode == 0, again.stderr
    everything = [record["id"] for path in feeds(tmp_path) for record in read_feed(path)]
    assert len(everything) == len(set(everything)) == 4000


def test_two_runs_at_once(site: Path, tmp_path: Path) -> None:
    # The first run is held in the middle of its crawl until the second has been refused.
    with site_server(root=site) as server:
        server.pages_open.clear()
        command = [sys.executable, "-m", "scrapy", "crawl", "independent",
                   *settings(tmp_path, server.base)]  # fmt: skip
        first = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
        wait_until(lambda: any(p.endswith(".html") for p in server.requested), first, "the pages")
        second = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)
        server.pages_open.set()
        _, first_log = first.communicate(timeout=120)
    assert first.returncode == 0, first_log
    assert second.returncode == 3
    assert "Another run is going on" in second.stderr
    [feed] = feeds(tmp_path)
    assert len(read_feed(feed)) == 4
    reasons = sorted(run["finishReason"] for run in manifest(tmp_path))
    assert reasons == ["already_running", "finished"]


def test_state_can_be_switched_off_or_ignored_for_a_run(site: Path, tmp_path: Path) -> None:
    with site_server(root=site) as server:
        crawl(*settings(tmp_path, server.base))
        off = crawl(*settings(tmp_path, server.base), "-s", "NEWSBOT_STATE_ENABLED=False")
        again = crawl(*settings(tmp_path, server.base), "-s", "NEWSBOT_REEMIT=True")
    assert (off.returncode, again.returncode) == (0, 0)
    published = feeds(tmp_path)
    assert [len(read_feed(feed)) for feed in published] == [4, 4, 4]
    assert {r["metadata"]["revision"] for r in read_feed(published[2])} == {1}


def test_a_run_that_reads_no_article_says_so(tmp_path: Path) -> None:
    furniture = tmp_path / "furniture.txt"
    furniture.write_text("Headline\nJoin our commenting forum\nComments\n", encoding="utf-8")
    result = crawl("-a", f"fixtures={furniture}")
    assert result.returncode == 4


def test_dash_capital_o_with_the_state(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    state = ("-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}")
    first = crawl("-a", "fixtures=samples/", *state, "-O", str(out))
    assert first.returncode == 0, first.stderr
    assert len(read_feed(out)) == 4
    second = crawl("-a", "fixtures=samples/", *state, "-O", str(out))
    assert second.returncode == 0, second.stderr
    assert out.read_text() == ""  # nothing new: the file no longer shows the first run's


def test_a_layout_change_is_reported(tmp_path: Path) -> None:
    unknown = SITE / "news" / "business" / "unknown-layout-b1000005.html"
    result = crawl("-a", f"fixtures={unknown}", "-s", "NEWSBOT_FALLBACK_MIN_PAGES=1")
    assert result.returncode == 5
    assert "'newsbot/extractor/fallback': 1" in result.stderr
    assert (
        "The site's layout may have changed: 1 of 1 pages needed the fallback extractor; the "
        "site's parser read, by layout generation: none"
    ) in result.stderr


def _retention_run(tmp_path: Path, offset: str, days: float = 2.5):
    """A run of the samples (all emitted again, so that it publishes a feed) with the clock
    moved by ``offset``, keeping feeds ``days`` days."""
    return crawl(
        "-a", "fixtures=samples/",
        "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'output'}",
        "-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}",
        "-s", "NEWSBOT_REEMIT=True", "-s", f"NEWSBOT_FEED_RETENTION_DAYS={days}",
        prefix=faketime(offset),
    )  # fmt: skip


def test_old_feeds_are_deleted_when_asked(tmp_path: Path) -> None:
    """A run a day for six days, keeping two and a half days: the feeds of the runs older
    than that go, as the manifest dates them; a file the manifest does not name stays."""
    folder = tmp_path / "output" / "independent"
    folder.mkdir(parents=True)
    stranger = folder / "20200101T000000.000000Z.jsonl"  # not a feed of newsbot's runs
    stranger.write_text("{}\n")
    os.utime(stranger, (time.time() - 30 * 86400,) * 2)
    made = []
    for day in (5, 4, 3, 2, 1, 0):
        before = set(feeds(tmp_path))
        result = _retention_run(tmp_path, f"-{day}d" if day else "+0")
        assert result.returncode == 0, result.stderr
        made += sorted(set(feeds(tmp_path)) - before - {stranger})
    assert [path.exists() for path in made] == [False, False, False, True, True, True]
    assert stranger.exists()


def test_a_clock_that_jumps_ahead_deletes_no_feed(tmp_path: Path) -> None:
    """Keeping 30 days, with the clock 400 days ahead for a while: that jump is no age."""
    for offset in ("-2d", "-1d", "+0"):
        assert _retention_run(tmp_path, offset, days=30).returncode == 0
    kept = feeds(tmp_path)
    assert len(kept) == 3
    for _ in range(2):
        ahead = _retention_run(tmp_path, "+400d", days=30)
        assert ahead.returncode == 0, ahead.stderr
        assert "do not count towards the age of a feed" in ahead.stderr
    assert all(path.exists() for path in kept)
    assert len(feeds(tmp_path)) == 5


@pytest.mark.parametrize("option", ["-O", "-o"])
def test_a_feed_file_every_run_writes_is_never_deleted_as_old(tmp_path: Path, option: str) -> None:
    """``-O`` (or ``-o``) to one file in the feed folder, run after run, keeping a day: the
    oldest lines name the file, and so does the last run's, which keeps it."""
    latest = tmp_path / "output" / "independent" / "latest.jsonl"
    for offset in ("-2d", "-1.5d", "-1d", "+0"):
        result = crawl(
            "-a", "fixtures=samples/", option, str(latest),
            "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'output'}",
            "-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}",
            "-s", "NEWSBOT_REEMIT=True", "-s", "NEWSBOT_FEED_RETENTION_DAYS=1",
            prefix=faketime(offset),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "Deleted" not in result.stderr
    assert len(read_feed(latest)) == (4 if option == "-O" else 16)


def test_a_clock_ahead_for_one_run_makes_no_feed_older(tmp_path: Path) -> None:
    """Keeping a day, one run with the clock 20 hours ahead, then the clock put right: the
    jump ahead is the clock's (the next gap goes back), so no feed is deleted early."""
    for offset in ("-8h", "+12h", "-4h", "+0"):
        result = _retention_run(tmp_path, offset, days=1)
        assert result.returncode == 0, result.stderr
    assert len(feeds(tmp_path)) == 4  # the oldest is 8 hours old


def test_a_run_that_is_refused_deletes_no_feed(tmp_path: Path) -> None:
    for offset in ("-34h", "-17h"):  # the first is old enough when the third runs
        assert _retention_run(tmp_path, offset, days=1).returncode == 0
    kept = feeds(tmp_path)
    wrong = crawl(
        "-a", "fixture=samples/",
        "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'output'}",
        "-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}",
        "-s", "NEWSBOT_FEED_RETENTION_DAYS=1",
    )  # fmt: skip
    assert wrong.returncode == 2
    assert feeds(tmp_path) == kept and len(kept) == 2


def test_feed_names_keep_their_order_when_the_state_is_moved_aside(tmp_path: Path) -> None:
    """A run whose clock was a day ahead, then the state moved aside (as its message says
    to when it is damaged): the next run's feed still sorts after the last one."""
    assert _retention_run(tmp_path, "+1d", days=0).returncode == 0
    (tmp_path / "state.sqlite").rename(tmp_path / "state.sqlite.damaged")
    assert _retention_run(tmp_path, "+0", days=0).returncode == 0
    runs = manifest(tmp_path)
    assert runs[0]["runId"] < runs[1]["runId"]
    assert [path.name for path in feeds(tmp_path)] == [run["feed"] for run in runs]


def recent(site: Path, published: datetime) -> None:
    """The bridge article was published at ``published``, its page and the news sitemap
    say (and that it was modified five minutes later)."""
    stamp = published.isoformat(timespec="seconds")
    modified = (published + timedelta(minutes=5)).isoformat(timespec="seconds")
    for path in (site / "sitemaps" / "googlenews.xml", site / BRIDGE):
        text = path.read_text(encoding="utf-8")
        for old, new in (("2024-05-01T09:30:00.000Z", stamp), ("2024-05-01T09:30:00+00:00", stamp),
                         ("2024-05-01T11:05:00.000Z", modified)):  # fmt: skip
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")


def edit_page(site: Path) -> None:
    """The bridge article's text changes, and nothing in the sitemap says so."""
    page = site / BRIDGE
    page.write_text(page.read_text(encoding="utf-8").replace("£48m", "£52m"), encoding="utf-8")


def test_a_recent_article_is_looked_at_again_on_its_schedule(site: Path, tmp_path: Path) -> None:
    recent(site, datetime.now(UTC) - timedelta(hours=1))
    with site_server(root=site) as server:
        first = crawl(*settings(tmp_path, server.base))
        edit_page(site)
        # Ten minutes on, the article is not due (it is an hour old: every 15 minutes).
        early = crawl(*settings(tmp_path, server.base), prefix=faketime("+10m"))
        # Twenty minutes on, it is: fetched again, found changed, emitted as revision 2.
        due = crawl(*settings(tmp_path, server.base), prefix=faketime("+20m"))
        server.answered.clear()
        # Fifty minutes on, due again (25 minutes for its 1 h 40): unchanged, the site
        # answers 304 Not Modified, and nothing is parsed.
        unchanged = crawl(*settings(tmp_path, server.base), prefix=faketime("+50m"))
    results = [first, early, due, unchanged]
    assert [r.returncode for r in results] == [0, 0, 0, 0], unchanged.stderr
    runs = manifest(tmp_path)
    assert [run["counts"]["rechecked"] for run in runs] == [0, 0, 1, 1]
    assert [run["counts"]["emitted"] for run in runs] == [4, 0, 1, 0]
    assert [run["counts"]["notModified"] for run in runs] == [0, 0, 0, 1]
    [revision] = read_feed(feeds(tmp_path)[1])
    assert (revision["id"], revision["metadata"]["revision"]) == ("independent:b1000001", 2)
    assert "£52m" in revision["articleBody"]
    assert server.answered == [("/robots.txt", 200), ("/sitemaps/googlenews", 200),
                               (f"/{BRIDGE}", 304)]  # fmt: skip
    assert "'newsbot/pages/parsed'" not in unchanged.stderr


def test_times_from_a_clock_that_ran_ahead_are_not_trusted(site: Path, tmp_path: Path) -> None:
    with site_server(root=site) as server:
        ahead = crawl(*settings(tmp_path, server.base), prefix=faketime("+1d"))
        # The clock is put right; the article changes, and the sitemap says when: before
        # the time the state holds for it.
        change_page(site)
        again = crawl(*settings(tmp_path, server.base))
    assert (ahead.returncode, again.returncode) == (0, 0), again.stderr
    first, second = feeds(tmp_path)
    assert [r["metadata"]["revision"] for r in read_feed(second)] == [2]
    # Feed names follow the runs' order, though the second run's clock says it came first.
    assert [run["feed"] for run in manifest(tmp_path)] == [first.name, second.name]


def test_with_cleaning_off_a_changed_article_is_a_new_revision(tmp_path: Path) -> None:
    article = tmp_path / "in" / "article.txt"
    article.parent.mkdir()
    article.write_text("A headline\nA standfirst of a few words\nFirst paragraph.\nSecond one.\n")
    state = ("-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}")
    off = ("-s", "NEWSBOT_CLEANING_ENABLED=False")
    first = crawl("-a", f"fixtures={article}", *state, *off, "-O", str(tmp_path / "1.jsonl"))
    article.write_text(
        "A headline\nA standfirst of a few words\nFirst paragraph.\nSecond one, changed.\n"
    )
    second = crawl("-a", f"fixtures={article}", *state, *off, "-O", str(tmp_path / "2.jsonl"))
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    [one], [two] = read_feed(tmp_path / "1.jsonl"), read_feed(tmp_path / "2.jsonl")
    assert one["articleBody"] == "First paragraph.\n\nSecond one."
    assert (one["wordCount"], two["wordCount"]) == (4, 5)
    assert one["metadata"]["contentHash"] != two["metadata"]["contentHash"]
    assert two["metadata"]["revision"] == 2


def kept_last_modified(tmp_path: Path) -> list[str]:
    """The Last-Modified values the state keeps, to send back as If-Modified-Since."""
    state = tmp_path / "state" / "independent.sqlite"
    with sqlite3.connect(state) as connection:
        query = "SELECT last_modified FROM articles WHERE last_modified IS NOT NULL"
        return [value for (value,) in connection.execute(query)]


def test_a_last_modified_from_the_future_is_not_sent_back(site: Path, tmp_path: Path) -> None:
    # The site stamps its pages two days ahead, with no ETag, and answers If-Modified-Since
    # with 304 while a page's file has not changed since that date: sent back, the stamp
    # would hide every change for two days.
    with site_server(root=site) as server:
        server.etags = False
        server.last_modified = formatdate(time.time() + 2 * 86400, usegmt=True)
        first = crawl(*settings(tmp_path, server.base))
        kept = kept_last_modified(tmp_path)
        change_page(site)
        server.conditions.clear()
        second = crawl(*settings(tmp_path, server.base))
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    runs = manifest(tmp_path)
    assert [(run["counts"]["emitted"], run["counts"]["notModified"]) for run in runs] == [
        (4, 0),
        (1, 0),
    ]
    assert server.conditions == [(f"/{BRIDGE}", None, None)]  # asked for unconditionally
    assert kept == []
    [revision] = read_feed(feeds(tmp_path)[1])
    assert (revision["id"], revision["metadata"]["revision"]) == ("independent:b1000001", 2)
    assert "£52m" in revision["articleBody"]


def test_an_etag_is_sent_back_beside_a_last_modified_from_the_future(
    site: Path, tmp_path: Path
) -> None:
    with site_server(root=site) as server:
        server.last_modified = formatdate(time.time() + 2 * 86400, usegmt=True)
        first = crawl(*settings(tmp_path, server.base))
        date_change(site)  # the page itself is as it was
        server.conditions.clear()
        second = crawl(*settings(tmp_path, server.base))
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    [(path, etag, since)] = server.conditions
    assert (path, since) == (f"/{BRIDGE}", None)
    assert etag and etag.startswith('"')
    assert [run["counts"]["notModified"] for run in manifest(tmp_path)] == [0, 1]
