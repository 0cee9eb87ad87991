"""The real saved pages of ../shared/corpus, against what is known of their text.

Skipped when ../shared is not beside the repository. Expectations are read from the
corpus's truth files where it has them, and from its README's notes where it does not.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime

import pytest
from parsel import Selector

from tests.helpers import REPO, SHARED, article_from_page

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


def page(stem: str):
    return article_from_page(CORPUS / "html" / f"{stem}.html")


def truth(name: str) -> dict:
    return json.loads((CORPUS / "truth" / name).read_text(encoding="utf-8"))


def paragraphs(article) -> list[str]:
    return article.articleBody.split("\n\n")


def ascii_only(text: str) -> str:
    return re.sub(r"[^\x00-\x7f]|\?", "", text)


def names(article) -> list[str]:
    return [author.name for author in article.authors]


def test_fundus_2024_breaking_news() -> None:
    article = page("fundus_2024-11-22")
    expected = truth("fundus_2024-11-22.json")["V1"]
    assert paragraphs(article) == expected["body"]["sections"][0]["paragraphs"]
    # The visible h1, where Fundus takes the JSON-LD's headline (kept as the alternative).
    assert article.headline == (
        "Australian teenager becomes sixth to die in Laos ‘methanol poisoning’ as police "
        "detain hostel bosses"
    )
    assert article.alternativeHeadline == expected["title"]
    assert names(article) == expected["authors"]
    assert article.datePublished == "2024-11-22T08:49:59+00:00"
    assert article.keywords == [t for t in expected["topics"] if t != "Internal"]
    assert article.description == (
        "Australian backpacker Holly Bowles, 19, became the sixth traveller to die from "
        "suspected methanol poisoning"
    )
    assert article.authors[0].url == "https://www.independent.co.uk/author/angus-thompson"
    assert (article.articleSection, article.inLanguage) == ("World", "en-GB")
    assert article.isAccessibleForFree is True
    assert article.id == "independent:b2651790"


def test_fundus_2023_live_blog() -> None:
    article = page("fundus_2023-08-14")
    expected = truth("fundus_2023-08-14.json")["V1"]
    assert article.headline == expected["title"]
    assert names(article) == expected["authors"]
    assert article.authors[0].nameRaw == "Jamie Braidwood in Sydney"
    assert article.keywords == [t for t in expected["topics"] if t != "Internal"]
    # The blog began at the LiveBlogPosting's datePublished; the NewsArticle's is its last
    # update. Coverage: the LiveBlogPosting's own times.
    assert article.datePublished == "2023-08-14T04:09:57+00:00"
    assert article.dateModified == "2023-08-14T09:17:08+00:00"
    assert (article.coverageStartTime, article.coverageEndTime) == (
        "2023-08-14T04:09:57+00:00",
        "2023-08-14T09:01:52+00:00",
    )
    text = paragraphs(article)
    # The intro, then the key points, then every post with its title, in page order.
    assert text[0].startswith("England are preparing to face Australia")
    key_points = text.index("Women’s World Cup LIVE: Latest news and updates")
    first_post = text.index("Women’s World Cup", key_points)
    assert text[first_post + 1].startswith("The Lionesses will be ready to face Australia")
    html = Selector(text=(CORPUS / "html" / "fundus_2023-08-14.html").read_text("utf-8"))
    titles = [t.strip() for t in html.css("div[id^=post-] > div > h3::text").getall()]
    assert len(titles) == 10
    position = key_points
    for title in titles:
        position = text.index(title, position + 1)
    for furniture in ("1692003712", "Recommended", "Show latest update", "Jamie Braidwood14"):
        assert furniture not in article.articleBody
    assert "England set up old rivalry on a new stage" not in article.articleBody  # a card
    # Its ten posts apart, as its JSON-LD lists them: title, time, author, text.
    posts = article.liveBlogUpdate
    assert [post.headline for post in posts] == titles
    listed = {
        update["url"].rsplit("#liveblogPost", 1)[1]: update for update in _json_ld_updates(html)
    }
    for post in posts:
        update = listed[post.id.removeprefix("post-")]
        assert post.datePublished == update["datePublished"].replace(".000Z", "+00:00")
        assert [a.name for a in post.authors] == [update["author"]["name"]]
        # The JSON-LD's text, less what cleaning took out (a credit line, a byline).
        removed = {removal.text for removal in article.metadata.removed}
        given = [p.strip() for p in update["articleBody"].split("\n")]
        assert post.paragraphs == [p for p in given if p and p not in removed]
        assert post.url == f"{article.canonicalUrl}#{post.id}"
    every = [
        p for post in posts for p in ([post.headline] if post.headline else []) + post.paragraphs
    ]
    assert text[key_points:][-len(every) :] == every  # the posts end the text, in order


def _json_ld_updates(html: Selector) -> list[dict]:
    for block in html.css("script[type='application/ld+json']::text").getall():
        data = json.loads(block)
        if isinstance(data, dict) and data.get("@type") == "LiveBlogPosting":
            return data["liveBlogUpdate"]
    return []


LIVE_BLOGS = CORPUS / "liveblogs"


@pytest.mark.skipif(not LIVE_BLOGS.is_dir(), reason="../shared/corpus/liveblogs is not present")
def test_the_2018_live_blog_is_read_in_full_with_its_posts_apart() -> None:
    stem = "booksbot_2018-10-26_a8603651"
    article = article_from_page(LIVE_BLOGS / "html" / f"{stem}.html")
    expected = json.loads((LIVE_BLOGS / "truth" / f"{stem}.json").read_text("utf-8"))
    text = paragraphs(article)
    optional = set(expected["optional"])
    assert [p for p in text if p not in optional] == expected["paragraphs"]
    assert (text[0], text[-1]) == (expected["first_paragraph"], expected["last_paragraph"])
    assert article.headline == expected["title"]
    assert article.description == expected["description"]
    assert names(article) == expected["authors"]  # the byline's three, not the JSON-LD's one
    assert article.authors[0].dateline == "New York"  # printed beside the name
    assert article.datePublished.startswith(expected["datePublished"])
    for unwanted in expected["must_not_contain"]:
        if unwanted.startswith("="):
            assert unwanted[1:] not in text
        else:
            assert unwanted not in article.articleBody
    # The posts apart: 20 on this page, each with its id, time, author and permalink; with
    # the intro before them (the body's own paragraphs) and the closing line after them,
    # they are the whole text.
    posts = article.liveBlogUpdate
    assert len(posts) == 20 and len({post.id for post in posts}) == 20
    assert all(re.fullmatch(r"post-\d+", post.id) for post in posts)
    assert all(post.datePublished.endswith("+00:00") for post in posts)
    assert posts[0].datePublished == "2018-10-26T05:46:52+00:00"
    assert [a.name for a in posts[1].authors] == ["Lucy Anna Gray"]
    assert all(post.url.endswith(f"a8603651.html#{post.id}") for post in posts)
    assert all(post.headline is None for post in posts)  # this template has no titles
    in_posts = [p for post in posts for p in post.paragraphs]
    assert text == expected["paragraphs"][:14] + in_posts + [expected["last_paragraph"]]
    assert (article.coverageStartTime, article.coverageEndTime) == (
        "2018-10-26T05:46:52+00:00",
        "2018-10-26T15:30:32+00:00",
    )


def test_trafilatura_2020_politics() -> None:
    article = page("trafilatura_2020-09-28_b671230")
    expected = truth("trafilatura_2020-09-28_b671230.json")
    for snippet in expected["with"]:
        assert snippet in article.articleBody
    for snippet in expected["without"] + expected["comments"]:
        assert snippet not in article.articleBody
    assert article.headline == expected["title"]
    assert names(article) == [expected["author"]]
    assert article.authors[0].nameRaw == "Andrew Woodcock Political Editor @andywoodcock"
    assert article.description == expected["description"].strip()
    assert article.keywords == expected["tags"]
    assert article.datePublished == "2020-09-28T12:41:29+00:00"
    assert article.dateModified == "2020-09-28T18:27:38+00:00"
    assert len(paragraphs(article)) == 20
    assert "UK news in pictures" not in article.articleBody
    assert "{{" not in article.articleBody


def test_mercury_2019_amp() -> None:
    article = page("mercury_2019-12-09_a9238506")
    assert article.headline == (
        "Trump risks return to 'law of the jungle' for international trade, officials warn"
    )
    assert names(article) == ["Ana Swanson"]
    assert article.datePublished == "2019-12-09T08:51:20+00:00"
    assert article.description == (
        "WTO's authority under threat as US blocks appointments to panel that hears trade "
        "dispute appeals – despite ongoing trade war with China"
    )
    first13 = " ".join(article.articleBody.split()[:13])
    assert first13 == "The US has spent two years chipping away at the World Trade Organisation"
    for furniture in ("Indpendent Premium", "Independent news email", "Read more", "Show all"):
        assert furniture not in article.articleBody
    assert paragraphs(article)[-1].startswith("“Why would people come to the WTO")


def test_readability_2015_drupal() -> None:
    article = page("readability_2015-09-17_10506160")
    expected = truth("readability_2015-09-17_10506160.json")
    assert names(article) == [expected["byline"]]
    assert article.datePublished == expected["publishedTime"]
    assert article.headline == "The seven secrets that hotel owners don't want you to know"
    assert (
        article.description == "Hotel bosses spill the beans on cost cutting and horrible hygiene"
    )
    text = paragraphs(article)
    assert text[0] == expected["excerpt"].split(". But")[0] + "."
    assert "7. Always made sure the hand towels are clean when you arrive" in text
    for furniture in ("Play Video", "Business news in pictures", "Read more", "More about"):
        assert furniture not in article.articleBody
    assert "Man rents out flatmate's room on Airbnb" not in article.articleBody
    assert len(text) == 19


@pytest.mark.parametrize(
    "stem",
    [
        "webpageparser_2014-01-16_9065486",
        "webpageparser_2014-01-16_9065538",
        "webpageparser_2014-01-23_9081407",
        "webpageparser_2015-09-28_a6670691",
    ],
)
def test_webpageparser_pages(stem: str) -> None:
    article = page(stem)
    expected = truth(f"{stem}.json")
    text = paragraphs(article)
    assert len(text) == expected["content_paragraph_count"]
    for key, value in expected.items():
        if key.startswith("content[") and key != "content_paragraph_count":
            assert text[int(key[len("content[") : -1])] == value
    assert article.headline.rstrip() == expected["title"].rstrip()
    if stem.endswith("a6670691"):
        assert article.authors[0].nameRaw == "Adam Sherwin Media Correspondent @adamsherwin10"
    assert article.id == f"independent:{expected.get('guid') or stem.rsplit('_', 1)[1]}"


@pytest.mark.parametrize(
    "stem", ["l3sgn1_2007-12-16_article3255693", "l3sgn1_2008-01-10_article3324383"]
)
def test_escenic_2007_pages(stem: str) -> None:
    article = page(stem)
    labels = truth(f"{stem}.labels.json")
    # The labels were made from a mis-decoded copy ("Â£" for "£", "?" for "–"): compare
    # what both spell alike.
    assert [ascii_only(p) for p in paragraphs(article)] == [
        ascii_only(p) for p in labels["fulltext"]
    ]
    assert article.headline == labels["headline"][0]
    byline = next((s for s in labels["supplemental"] if s.startswith("By ")), None)
    if byline:  # "By Julian Linden in Sydney"
        assert names(article) == ["Julian Linden"]
        assert article.authors[0].nameRaw == byline
    published = next(s for s in labels["supplemental"] if s.startswith("Published: "))
    day, month, year = published.removeprefix("Published: ").split()
    assert (
        article.datePublished
        == datetime.strptime(f"{day} {month} {year}", "%d %B %Y").date().isoformat()
    )


def test_the_accuracy_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "corpus_accuracy.py"), "--corpus", str(CORPUS)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for page in (CORPUS / "html").glob("*.html"):
        assert page.stem[:36] in result.stdout


# The pages added later (2012-17), with truth files of one shape: the whole text as a
# careful reader gave it, the furniture seen on the page, the metadata.
LATER = sorted(
    path.stem
    for path in (CORPUS / "truth").glob("*.json")
    if CORPUS.is_dir() and "paragraph_count" in json.loads(path.read_text(encoding="utf-8"))
)


def unspaced(text: str) -> str:
    """The text without whitespace: the truth files stripped tags without a space where a
    line break stood ("fine)Slice")."""
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("stem", LATER)
def test_pages_added_later(stem: str) -> None:
    article = page(stem)
    expected = truth(f"{stem}.json")
    assert [unspaced(p) for p in paragraphs(article)] == [
        unspaced(p) for p in expected["paragraphs"]
    ]
    assert article.headline == expected["title"]
    assert article.description == expected["description"]
    assert names(article) == expected["authors"]
    assert article.datePublished == expected["datePublished"]
    for furniture in expected["must_not_contain"]:
        assert furniture not in article.articleBody
    for snippet in expected["must_contain"]:
        assert snippet in article.articleBody
    assert article.metadata.layout == (
        "drupal-2015" if "Drupal" in expected["layout"] else "viziwyg-2012"
    )


def test_author_pages_are_linked_where_the_page_links_them() -> None:
    urls = {stem: [a.url for a in page(stem).authors] for stem in LATER}
    assert urls["waddle_2012-01-12_6288346"] == [
        "http://www.independent.co.uk/biography/jeremy-laurance"
    ]
    assert urls["artstest_2015-09-16_10502739"] == [
        "http://www.independent.co.uk/biography/andy-mcsmith",
        None,  # Oliver Wright's name links a search of the site
    ]
    assert urls["msvcode_2017-03-14_a7629191"] == [
        "http://www.independent.co.uk/author/shehab-khan"
    ]


def test_every_page_names_its_layout_generation() -> None:
    layouts = {p.stem: page(p.stem).metadata.layout for p in (CORPUS / "html").glob("*.html")}
    by_source = {
        "fundus": "react-2020",
        "trafilatura": "react-2020",
        "mercury": "amp-2019",
        "readability": "drupal-2015",
        "msvcode": "drupal-2015",
        "l3sgn1": "escenic-2007",
        "waddle": "viziwyg-2012",
        "webpageparser_2014": "viziwyg-2012",
        "webpageparser_2015": "drupal-2015",
        "artstest_2015-12": "drupal-2015",
        "artstest": "viziwyg-2012",
    }
    for stem, layout in layouts.items():
        expected = next(v for k, v in by_source.items() if stem.startswith(k))
        assert layout == expected, stem
