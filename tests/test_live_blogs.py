"""Live blogs, end to end: every page of a blog read into one record with every post once,
a re-check that finds a new post is the next revision, and pages of a blog saved or archived
are never articles of their own. The real `scrapy crawl` against the stand-in site, whose
election-night blog (tests/site/news/uk/politics/election-night-live-b1000010*.html, the
2024 layout) has three pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import article_from_page, crawl, read_feed, sitemap_says_changed
from tests.site_server import SITE, site_server
from tests.warcs import Record, write_warc

FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
BLOG = "news/uk/politics/election-night-live-b1000010.html"
BLOG_ID = "independent:b1000010"
EVERY_POST = ["post-3004", "post-3003", "post-3002", "post-3001", "post-3000"]


def only_the_blog(site: Path) -> None:
    """The news sitemap lists the blog alone."""
    (site / "sitemaps" / "googlenews.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{{base}}/{BLOG}</loc></url></urlset>\n",
        encoding="utf-8",
    )


def settings(tmp_path: Path, base: str, *more: str) -> list[str]:
    return [
        "-s", f"INDEPENDENT_BASE_URL={base}",
        "-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}",
        "-s", f"NEWSBOT_FEED_DIR={tmp_path / 'output'}",
        *FAST, *more,
    ]  # fmt: skip


def published(tmp_path: Path) -> list[list[dict]]:
    return [read_feed(f) for f in sorted((tmp_path / "output" / "independent").glob("2*.jsonl"))]


def add_post(site: Path) -> None:
    """A new post tops the blog's first page, and the sitemap says the blog changed."""
    page = site / BLOG
    text = page.read_text(encoding="utf-8")
    first = re.search(r'<div id="post-3004".*?\n', text)
    assert first is not None
    new = (
        first[0]
        .replace("3004", "3005")
        .replace("Key seat declares", "Turnout up in the north")
        .replace("The first marginal seat", "Counters in the north say another seat")
    )
    new = re.sub(r'data-sort-time="\d+"', 'data-sort-time="1720145400000"', new)  # 02:10 UTC
    page.write_text(text.replace(first[0], new + first[0]), encoding="utf-8")
    sitemap_says_changed(site, BLOG)


def test_a_live_blog_of_three_pages_is_one_record_with_every_post_once(
    site: Path, tmp_path: Path
) -> None:
    only_the_blog(site)
    with site_server(root=site) as server:
        result = crawl(*settings(tmp_path, server.base))
    assert result.returncode == 0, result.stderr
    [[record]] = published(tmp_path)
    assert record["id"] == BLOG_ID
    assert record["url"] == f"{server.base}/{BLOG}"  # the first page's, never ?page=N
    # Page 2 repeats post-3002 of page 1: it is there once.
    assert [post["id"] for post in record["liveBlogUpdate"]] == EVERY_POST
    assert [p for p in server.requested if p.endswith((".html", "=2", "=3"))] == [
        f"/{BLOG}", f"/{BLOG}?page=2", f"/{BLOG}?page=3",
    ]  # fmt: skip
    body = record["articleBody"].split("\n\n")
    # The intro once, then every post's title and text in order, then the closing line.
    assert body[0].startswith("Welcome to our live coverage of election night")
    assert body.count("This live blog is now closed.") == 1 and body[-1].startswith("This live")
    texts = [
        t for post in record["liveBlogUpdate"] for t in [post["headline"], *post["paragraphs"]]
    ]
    assert body[body.index("Key seat declares") : -1] == [t for t in texts if t]
    for chrome in ("Related video", "Newer", "Older", "↵", "1 2 3", "How the count", "Read more"):
        assert chrome not in record["articleBody"]
    polls_close = record["liveBlogUpdate"][-1]
    assert polls_close == {
        "id": "post-3000",
        "datePublished": "2024-07-04T21:00:00+00:00",
        "headline": "Polls close",
        "paragraphs": ["Polling stations closed at 10pm and the counts have begun."],
        "authors": [{"name": "Sam Roe", "nameRaw": "Sam Roe", "url": None, "dateline": None}],
        "url": "https://www.independent.co.uk/news/uk/politics/election-night-live-b1000010.html"
        "#post-3000",
    }
    assert record["coverageStartTime"] == "2024-07-04T20:30:00+00:00"  # the page's own
    assert record["coverageEndTime"] == "2024-07-05T01:10:00+00:00"  # the latest post
    assert "'newsbot/liveblog/pages': 2" in result.stderr


def test_a_recheck_that_finds_a_new_post_is_the_next_revision(site: Path, tmp_path: Path) -> None:
    only_the_blog(site)
    with site_server(root=site) as server:
        first = crawl(*settings(tmp_path, server.base))
        add_post(site)
        second = crawl(*settings(tmp_path, server.base))
        third = crawl(*settings(tmp_path, server.base))
    assert [first.returncode, second.returncode, third.returncode] == [0, 0, 0], second.stderr
    one, two = published(tmp_path)  # the third found nothing new: no feed
    assert [r["metadata"]["revision"] for r in one + two] == [1, 2]
    assert [post["id"] for post in two[0]["liveBlogUpdate"]] == ["post-3005", *EVERY_POST]
    assert "Turnout up in the north" in two[0]["articleBody"]
    assert "'newsbot/liveblog/posts_added': 1" in second.stderr


def test_a_later_page_that_fails_leaves_the_record_with_the_pages_read(
    site: Path, tmp_path: Path
) -> None:
    only_the_blog(site)
    (site / BLOG.replace(".html", ".page-3.html")).unlink()  # a 404
    with site_server(root=site) as server:
        result = crawl(*settings(tmp_path, server.base))
        server.requested.clear()
        again = crawl(*settings(tmp_path, server.base))
    assert result.returncode == 0, result.stderr
    [[record]] = published(tmp_path)
    assert [post["id"] for post in record["liveBlogUpdate"]] == EVERY_POST[:4]
    assert "the live blog's record goes out with the pages read before it (2)" in result.stderr
    assert "'newsbot/liveblog/pages_failed': 1" in result.stderr
    # The state was not told the blog was seen whole: the next run downloads it again.
    assert again.returncode == 0, again.stderr
    assert f"/{BLOG}" in server.requested


def test_pages_past_the_limit_are_left_and_said_so(site: Path, tmp_path: Path) -> None:
    only_the_blog(site)
    with site_server(root=site) as server:
        result = crawl(*settings(tmp_path, server.base, "-s", "NEWSBOT_LIVE_BLOG_MAX_PAGES=2"))
    assert result.returncode == 0, result.stderr
    [[record]] = published(tmp_path)
    assert [post["id"] for post in record["liveBlogUpdate"]] == EVERY_POST[:4]
    assert f"/{BLOG}?page=3" not in server.requested
    assert "Read 2 pages of the live blog" in result.stderr
    assert "'newsbot/liveblog/pages_not_read': 1" in result.stderr


def test_a_saved_later_page_is_no_article_of_its_own(tmp_path: Path) -> None:
    site = Path(__file__).parent / "site" / "news" / "uk" / "politics"
    out = tmp_path / "saved.jsonl"
    result = crawl("-a", f"fixtures={site}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    records = read_feed(out)
    blog = [r for r in records if r["id"] == BLOG_ID]
    assert len(blog) == 1 and blog[0]["url"].endswith("election-night-live-b1000010.html")
    assert "page 2 of a live blog, read with its first" in result.stderr
    assert "'newsbot/fixtures/skipped/live_blog_page': 2" in result.stderr


def archived(path: str) -> bytes:
    return (SITE / path).read_bytes()


def test_captures_of_a_blogs_pages_in_a_web_archive_are_one_article(tmp_path: Path) -> None:
    # Page 2 captured before page 1, page 3 after; then page 1 again with a new post.
    first, second, third = (
        BLOG,
        BLOG.replace(".html", ".page-2.html"),
        BLOG.replace(".html", ".page-3.html"),
    )
    newer = archived(first).replace(b'<div id="post-3004"', POST_3005 + b'<div id="post-3004"')
    path = tmp_path / "night.warc.gz"
    write_warc(
        path,
        [
            Record(f"{ARCHIVE_BASE}/{BLOG}?page=2", archived(second), date="2024-07-05T01:00:00Z"),
            Record(f"{ARCHIVE_BASE}/{BLOG}", archived(first), date="2024-07-05T01:15:00Z"),
            Record(f"{ARCHIVE_BASE}/{BLOG}?page=3", archived(third), date="2024-07-05T01:20:00Z"),
            Record(f"{ARCHIVE_BASE}/{BLOG}", newer, date="2024-07-05T02:20:00Z"),
        ],
    )
    out = tmp_path / "night.jsonl"
    result = crawl("-a", f"fixtures={path}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    records = read_feed(out)
    # The two captures of the first page: revisions 1 and 2, each with the later pages'
    # posts; never a record of page 2 or 3 alone.
    assert [(r["id"], r["metadata"]["revision"]) for r in records] == [(BLOG_ID, 1), (BLOG_ID, 2)]
    assert [p["id"] for p in records[0]["liveBlogUpdate"]] == EVERY_POST
    assert [p["id"] for p in records[1]["liveBlogUpdate"]] == ["post-3005", *EVERY_POST]
    assert all(r["url"] == f"{ARCHIVE_BASE}/{BLOG}" for r in records)


def test_a_later_page_archived_without_its_first_is_skipped_and_said_so(tmp_path: Path) -> None:
    path = tmp_path / "part.warc.gz"
    second = BLOG.replace(".html", ".page-2.html")
    write_warc(
        path,
        [
            Record(f"{ARCHIVE_BASE}/{BLOG}?page=2", archived(second), date="2024-07-05T01:00:00Z"),
            Record(f"{ARCHIVE_BASE}/{BRIDGE}", archived(BRIDGE), date="2024-05-01T10:00:00Z"),
        ],
    )
    out = tmp_path / "part.jsonl"
    result = crawl("-a", f"fixtures={path}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in read_feed(out)] == ["independent:b1000001"]
    assert "its first page is not in this file" in result.stderr
    assert "'newsbot/archive/skipped/live_blog_page': 1" in result.stderr


ARCHIVE_BASE = "https://www.independent.co.uk"
BRIDGE = "news/world/harbour-bridge-reopens-b1000001.html"
POST_3005 = (
    b'<div id="post-3005" data-sort-time="1720145400000"><a href="#post-3005"><span>02:10'
    b"</span></a><div><h3>Turnout up in the north</h3><div><p>Counters in the north report "
    b"a higher turnout.</p></div></div><div><div><span>Sam Roe</span><span>02:10</span></div>"
    b"</div></div>\n"
)


def blog_page(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """The blog's first page with changes, saved."""
    text = (SITE / BLOG).read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    saved = tmp_path / "election-night-live-b1000010.html"
    saved.write_text(text, encoding="utf-8")
    return saved


POST_3004 = 'data-sort-time="1720141800000"'


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1720141800000", "2024-07-05T01:10:00+00:00"),
        ("1720141800", None),  # seconds, not milliseconds: 1970
        ("99999999999999", None),  # the year 5138
        ("abc", None),
        ("-1720141800000", None),
    ],
)
def test_a_post_time_is_a_moment_the_blog_can_have(
    tmp_path: Path, value: str, expected: str | None
) -> None:
    article = article_from_page(blog_page(tmp_path, (POST_3004, f'data-sort-time="{value}"')))
    assert article.liveBlogUpdate[0].datePublished == expected
    assert article.coverageEndTime == expected or article.coverageEndTime < "2024-07-06"


def test_a_post_stamp_without_a_zone_gives_no_time_and_loses_nothing(tmp_path: Path) -> None:
    article = article_from_page(
        blog_page(
            tmp_path,
            (POST_3004, 'data-sort-time="abc"'),
            (
                "<span>Jane Doe</span><span>01:10</span>",
                '<time datetime="2024-07-05T01:10">x</time>',
            ),
        )
    )
    assert [post.id for post in article.liveBlogUpdate] == EVERY_POST[:3]
    assert article.liveBlogUpdate[0].datePublished is None
    assert article.dateModified == "2024-07-05T01:40:00+00:00"


def test_a_post_printed_twice_on_a_page_is_there_once(tmp_path: Path) -> None:
    text = (SITE / BLOG).read_text(encoding="utf-8")
    pinned = re.search(r'<div id="post-3003".*?\n', text)
    assert pinned is not None
    article = article_from_page(
        blog_page(tmp_path, ('<div id="post-3004"', pinned[0] + '<div id="post-3004"'))
    )
    # Pinned at the top, then in its place: once, where it first is.
    assert [post.id for post in article.liveBlogUpdate] == ["post-3003", "post-3004", "post-3002"]
    assert article.articleBody.count("A quiet hour at the count centres") == 1


def test_furniture_cut_out_of_a_post_leaves_every_post_its_text(tmp_path: Path) -> None:
    # A donation appeal flattened onto one line with the post's own short sentence after
    # it: cleaning cuts the appeal, and the posts after it keep their text.
    appeal = (
        "Support truly independent journalism Our mission is to deliver unbiased, fact-based "
        "reporting that holds power to account and exposes the truth. Whether $5 or $50, "
        "every contribution counts. Your support makes all the difference. "
    )
    article = article_from_page(
        blog_page(
            tmp_path, ("<p>A quiet hour", f"<p>{appeal}</p><p>Counting goes on.</p><p>A quiet hour")
        )
    )
    assert "donation_appeal" in [r.rule for r in article.metadata.removed]
    posts = {post.id: post for post in article.liveBlogUpdate}
    assert posts["post-3003"].paragraphs[-1].startswith("A quiet hour")
    assert posts["post-3002"].paragraphs == [
        "The first constituency to declare has kept its member of parliament."
    ]
    every = [
        p
        for post in article.liveBlogUpdate
        for p in ([post.headline] if post.headline else []) + post.paragraphs
    ]
    body = article.articleBody.split("\n\n")
    assert body[body.index("Key seat declares") : -1] == every


def test_a_later_page_redirected_elsewhere_is_no_page_of_the_blog(
    site: Path, tmp_path: Path
) -> None:
    only_the_blog(site)
    with site_server(root=site) as server:
        server.canned[f"/{BLOG.replace('.html', '.page-2.html')}"] = (
            301, {"Location": "{base}/sport/football/cup-final-live-b1000003.html"}, b""
        )  # fmt: skip
        result = crawl(*settings(tmp_path, server.base))
    assert result.returncode == 0, result.stderr
    [[record]] = published(tmp_path)
    assert [post["id"] for post in record["liveBlogUpdate"]] == EVERY_POST[:3]  # no football
    assert "it is no page 2 of the blog but" in result.stderr
    assert "'newsbot/liveblog/pages_failed': 1" in result.stderr


def test_a_page_without_a_pager_does_not_hide_the_pages_the_others_listed(
    site: Path, tmp_path: Path
) -> None:
    only_the_blog(site)
    second = site / BLOG.replace(".html", ".page-2.html")
    second.write_text(
        re.sub(r'<div class="sc-m8xq2a-0">.*?\n', "", second.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    with site_server(root=site) as server:
        result = crawl(*settings(tmp_path, server.base))
    assert result.returncode == 0, result.stderr
    [[record]] = published(tmp_path)
    assert [post["id"] for post in record["liveBlogUpdate"]] == EVERY_POST


def test_a_later_page_listed_in_a_sitemap_is_no_article_of_its_own(
    site: Path, tmp_path: Path
) -> None:
    only_the_blog(site)
    sitemap = site / "sitemaps" / "googlenews.xml"
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8").replace(
            "</urlset>", f"<url><loc>{{base}}/{BLOG}?page=2</loc></url></urlset>"
        ),
        encoding="utf-8",
    )
    with site_server(root=site) as server:
        result = crawl(*settings(tmp_path, server.base))
    assert result.returncode == 0, result.stderr
    [[record]] = published(tmp_path)
    assert [post["id"] for post in record["liveBlogUpdate"]] == EVERY_POST
    assert "page 2 of a live blog, read from its first" in result.stderr
    assert "'newsbot/pages/skipped/live_blog_page': 1" in result.stderr


def test_the_byline_names_the_authors_where_the_json_ld_names_one(tmp_path: Path) -> None:
    listed = article_from_page(SITE / BLOG)  # "Jane Doe, Sam Roe" in article:author_name
    printed = article_from_page(
        blog_page(
            tmp_path, ('<meta property="article:author_name" content="Jane Doe, Sam Roe">', "")
        )
    )  # the visible byline's two links alone
    for article in (listed, printed):
        assert [(a.name, a.url) for a in article.authors] == [
            ("Jane Doe", "https://www.independent.co.uk/author/jane-doe"),
            ("Sam Roe", "https://www.independent.co.uk/author/sam-roe"),
        ]
    assert printed.authors[0].nameRaw == "Jane Doe Political Correspondent"
    # The headline readers see; the NewsArticle's, written for search engines, apart.
    assert listed.headline == "Election night LIVE: every result as it comes in"
    assert listed.alternativeHeadline.startswith("Election results 2024 live")
    # When the blog began (the LiveBlogPosting's), and its last update (the NewsArticle's).
    assert (listed.datePublished, listed.dateModified) == (
        "2024-07-04T20:30:00+00:00",
        "2024-07-05T01:40:00+00:00",
    )


def test_the_later_pages_posts_come_before_the_closing_line_when_page_one_has_no_text(
    site: Path, tmp_path: Path
) -> None:
    only_the_blog(site)
    first = site / BLOG
    first.write_text(
        re.sub(
            r'(<div class="sc-1tqhjs3-2">).*?(</div><div class="sc-1tqhjs3-3">)',
            r'\1<figure><img src="x.jpg"></figure>\2',
            first.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )  # page 1's posts are images alone
    with site_server(root=site) as server:
        result = crawl(*settings(tmp_path, server.base))
    assert result.returncode == 0, result.stderr
    [[record]] = published(tmp_path)
    body = record["articleBody"].split("\n\n")
    assert body[-1] == "This live blog is now closed."
    assert body.index("Exit poll") < body.index("Polls close") < len(body) - 1


def test_the_news_article_is_read_whichever_json_ld_block_comes_first(tmp_path: Path) -> None:
    # The 2018 pages give the LiveBlogPosting first: the article's section, in the
    # NewsArticle alone, is read all the same.
    text = (SITE / BLOG).read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">.*?</script>\n', text)
    assert len(blocks) == 2
    article = article_from_page(blog_page(tmp_path, (blocks[0] + blocks[1], blocks[1] + blocks[0])))
    assert article.articleSection == "Politics"
    assert article.datePublished == "2024-07-04T20:30:00+00:00"  # the blog's start still
