"""A page's text is read as its bytes say, whatever it declares (newsbot.charsets): UTF-8
bytes declared ISO-8859-1 or Windows-1252 (in the HTTP header, a meta charset, an
http-equiv, a web archive's record) give no mojibake, Windows-1252 bytes declared UTF-8 no
U+FFFD, and a page truly in ISO-8859-1, or with a byte-order mark, stays right. The same
for fetched pages, saved pages, pages in a web archive and sitemaps: the real `scrapy
crawl` in a subprocess, the feed read back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from newsbot import charsets
from newsbot.parsers.html import page_selector, page_text
from newsbot.parsers.sitemaps import parse_rss, parse_sitemap
from tests.helpers import crawl, read_feed
from tests.site_server import site_server
from tests.warcs import Record, write_warc

FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
BASE = "https://www.independent.co.uk"

HEADLINE = "Café owner’s £5 coffee — a naïve plan"
# Each page's number in its text: a paragraph in ten articles is learned as furniture.
PARAGRAPHS = (
    "The café at No {number} reopened on Monday — its owner’s third attempt — at £5 a cup.",
    "“Naïve, perhaps,” said Zoë Brontë, who has run it since 2019 with her son.",
)
# ISO-8859-1 has no curly quotes or dashes: a 2007 page's text, é one byte.
LATIN1 = str.maketrans({"’": "'", "“": '"', "”": '"', "—": "-"})
# What text read in the wrong encoding shows: UTF-8 read as Windows-1252 (Ã©, â€™, Â£),
# and bytes that UTF-8 cannot read.
MOJIBAKE = ("Ã", "â€", "Â", "\ufffd")

META_UTF8 = '<meta charset="utf-8">'
META_LATIN1 = '<meta charset="iso-8859-1">'
HTTP_EQUIV_1252 = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
HTTP_EQUIV_LATIN1 = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'


def page(number: int, head: str = "", latin1: bool = False, fallback: bool = False) -> str:
    """An article page of our own in the site's 2020 layout (or, with ``fallback``, in none
    the parser knows, for trafilatura to read), with ``head`` in its head."""
    headline, paragraphs = _text(number, latin1)
    url = f"{BASE}/news/world/cafe-reopens-b10010{number:02d}.html"
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    if fallback:
        article = f"<main><section><h1>{headline}</h1><div>{body}</div></section></main>"
    else:
        article = (
            f'<article><header id="articleHeader"><h1>{headline}</h1></header>\n'
            f'<div id="main">{body}</div></article>'
        )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head>{head}<title>{headline}</title>\n'
        f'<link rel="canonical" href="{url}">\n'
        '<meta property="article:published_time" content="2024-05-01T09:30:00+00:00">\n'
        f"</head><body>{article}</body></html>\n"
    )


def _text(number: int, latin1: bool = False) -> tuple[str, tuple[str, ...]]:
    """The headline and paragraphs of page ``number``."""
    paragraphs = tuple(p.format(number=number) for p in PARAGRAPHS)
    if latin1:
        return HEADLINE.translate(LATIN1), tuple(p.translate(LATIN1) for p in paragraphs)
    return HEADLINE, paragraphs


def article_id(number: int) -> str:
    return f"independent:b10010{number:02d}"


def assert_reads_right(record: dict, number: int, latin1: bool = False) -> None:
    """The record holds page ``number``'s text exactly, and nothing read in a wrong
    encoding."""
    headline, paragraphs = _text(number, latin1)
    assert record["headline"] == headline
    assert record["articleBody"] == "\n\n".join(paragraphs)
    everything = json.dumps(record, ensure_ascii=False)
    assert not [shape for shape in MOJIBAKE if shape in everything], everything


@dataclass(frozen=True)
class Shape:
    """A shape of page: its article number, its bytes, and the Content-Type it is served
    with (None: a saved page, which has only what it says itself)."""

    number: int
    body: bytes
    content_type: str | None = None
    latin1: bool = False


def _pasted(number: int) -> bytes:
    """A UTF-8 page whose second paragraph was pasted in as Windows-1252 bytes."""
    pasted = _text(number)[1][1]
    body = page(number, META_UTF8).replace(pasted, "@").encode()
    return body.replace(b"@", pasted.encode("cp1252"))


PAGES = {
    "UTF-8 declared ISO-8859-1 in meta charset": Shape(1, page(1, META_LATIN1).encode()),
    "UTF-8 declared Windows-1252 in http-equiv": Shape(2, page(2, HTTP_EQUIV_1252).encode()),
    "Windows-1252 declared UTF-8 in meta charset": Shape(3, page(3, META_UTF8).encode("cp1252")),
    "Windows-1252 declaring nothing": Shape(4, page(4).encode("cp1252")),
    "UTF-8 with a paragraph of Windows-1252 bytes pasted in": Shape(5, _pasted(5)),
    "ISO-8859-1 declared so, as 2007's pages": Shape(
        6, page(6, HTTP_EQUIV_LATIN1, latin1=True).encode("latin-1"), latin1=True
    ),
    "UTF-8 with a byte-order mark, meta saying ISO-8859-1": Shape(
        7, b"\xef\xbb\xbf" + page(7, META_LATIN1).encode()
    ),
    "UTF-16 with a byte-order mark": Shape(8, page(8).encode("utf-16")),
    "UTF-8 declared ISO-8859-1 in the HTTP header": Shape(
        9, page(9).encode(), "text/html; charset=iso-8859-1"
    ),
    "UTF-8 declared Windows-1252 in the header, UTF-8 in meta": Shape(
        10, page(10, META_UTF8).encode(), "text/html; charset=windows-1252"
    ),
    "Windows-1252 declared UTF-8 in the HTTP header": Shape(
        11, page(11).encode("cp1252"), "text/html; charset=utf-8"
    ),
    "ISO-8859-1 declared so in the HTTP header": Shape(
        12, page(12, latin1=True).encode("latin-1"), "text/html; charset=ISO-8859-1", True
    ),
}


@pytest.mark.parametrize("shape", PAGES.values(), ids=PAGES.keys())
def test_a_page_reads_as_its_bytes_say(shape: Shape) -> None:
    headers = {"Content-Type": shape.content_type} if shape.content_type else {}
    response = HtmlResponse(url="https://example.com/", body=shape.body, headers=headers)
    headline, paragraphs = _text(shape.number, shape.latin1)
    assert page_selector(response).css("h1::text").get() == headline
    assert page_selector(response).css("p::text").getall() == list(paragraphs)
    assert headline in page_text(response)  # what trafilatura reads where the layout is unknown


DECLARED = "the declared encoding"


@pytest.mark.parametrize(
    ("body", "content_type", "encoding"),
    [
        (b"<p>caf\xc3\xa9</p>", "text/html; charset=iso-8859-1", "utf-8"),
        (b'<meta charset="iso-8859-1"><p>caf\xc3\xa9</p>', None, "utf-8"),
        (b'<meta charset="iso-8859-1"><p>caf\xe9</p>', None, "cp1252"),
        (b'<meta charset="iso-8859-1"><p>cafe</p>', None, "cp1252"),  # ASCII: as declared
        (b"<p>cafe</p>", "text/html; charset=utf-16", DECLARED),  # no mark, all ASCII
        (b"<p>caf\xe9</p>", "text/html; charset=utf-8", "utf-8"),  # read by rule 4
        (b"<p>caf\xe9</p>", None, "utf-8"),
        (b'\xef\xbb\xbf<meta charset="iso-8859-1">', "text/html; charset=cp1252", "utf-8"),
        (b"\xff\xfe<\x00p\x00>\x00", "text/html; charset=utf-8", "utf-16-le"),
        (b"<p>caf\xc3\xa9</p>", "text/html; charset=no-such-thing", "utf-8"),
    ],
)
def test_page_encoding(body: bytes, content_type: str | None, encoding: str) -> None:
    if encoding is DECLARED:  # the declaration, as w3lib resolves its name ("utf-16-le")
        encoding = charsets.declared_encoding(body, content_type)
        assert encoding is not None and encoding.startswith("utf-16")
    assert charsets.page_encoding(body, content_type) == encoding


def test_bytes_no_encoding_reads_are_read_as_windows_1252() -> None:
    assert charsets.decode(b"caf\xc3\xa9 and caf\xe9, \x93quoted\x94", "utf-8") == (
        "café and café, “quoted”"
    )
    # The five bytes Windows-1252 leaves unassigned are the C1 controls, as browsers read them.
    assert charsets.decode(b"\x81\x8d\x8f\x90\x9d \x80", "cp1252") == "\x81\x8d\x8f\x90\x9d €"
    assert charsets.decode("\ufeffcafé".encode("utf-16"), "utf-16") == "café"


def test_saved_pages_read_as_their_bytes_say(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    saved = [shape for shape in PAGES.values() if shape.content_type is None]
    for shape in saved:
        (folder / f"page-{shape.number:02d}.html").write_bytes(shape.body)
    # A page the site's parser cannot read: trafilatura reads it, from the same text.
    (folder / "fallback.html").write_bytes(page(20, META_LATIN1, fallback=True).encode())
    # A text copy in UTF-8 with a line of Windows-1252 bytes pasted in.
    headline, (first, second) = _text(22)
    (folder / "copy.txt").write_bytes(f"{headline}\n{first}\n".encode() + second.encode("cp1252"))
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={folder}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    records = {record["id"]: record for record in read_feed(out)}
    for shape in saved:
        assert_reads_right(records.pop(article_id(shape.number)), shape.number, shape.latin1)
    fallback = records.pop(article_id(20))
    assert fallback["metadata"]["extractor"] == "trafilatura"
    assert_reads_right(fallback, 20)
    [copy] = records.values()
    assert_reads_right(copy, 22)


def test_fetched_pages_read_as_their_bytes_say(site: Path, tmp_path: Path) -> None:
    served = [*PAGES.values(), Shape(21, page(21, META_UTF8).encode(), "text/html; charset=utf-8")]
    paths = {
        shape.number: f"/news/world/cafe-reopens-b10010{shape.number:02d}.html" for shape in served
    }
    # A link whose URL has an é, in a news sitemap of UTF-8 bytes that declares ISO-8859-1:
    # read as the declaration says, the URL would be another page's, not there.
    paths[21] = "/news/world/caf%C3%A9-reopens-b1001021.html"
    sitemap = site / "sitemaps" / "googlenews.xml"
    entries = "".join(
        f"<url><loc>{{base}}{path.replace('caf%C3%A9', 'café')}</loc></url>\n"
        for path in paths.values()
    )
    text = sitemap.read_text(encoding="utf-8").replace("</urlset>", entries + "</urlset>")
    sitemap.write_bytes(text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode())
    out = tmp_path / "out.jsonl"
    with site_server(root=site) as server:
        for shape in served:
            headers = {"Content-Type": shape.content_type or "text/html"}
            server.canned[paths[shape.number]] = (200, headers, shape.body)
        result = crawl("-s", f"INDEPENDENT_BASE_URL={server.base}", *FAST, "-O", str(out))
    assert result.returncode == 0, result.stderr
    assert (paths[21], 200) in server.answered  # the sitemap's URL, read as its bytes say
    records = {record["id"]: record for record in read_feed(out)}
    for shape in served:
        assert_reads_right(records[article_id(shape.number)], shape.number, shape.latin1)


def test_archived_pages_read_as_their_records_say(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(
        archive,
        [
            Record(
                f"{BASE}/news/world/cafe-reopens-b10010{shape.number:02d}.html",
                shape.body,
                content_type=shape.content_type or "text/html",
            )
            for shape in PAGES.values()
        ],
    )
    out = tmp_path / "out.jsonl"
    result = crawl("-a", f"fixtures={archive}", "-O", str(out))
    assert result.returncode == 0, result.stderr
    records = {record["id"]: record for record in read_feed(out)}
    for shape in PAGES.values():
        assert_reads_right(records[article_id(shape.number)], shape.number, shape.latin1)


SITEMAP = (
    '<?xml version="1.0" encoding="{encoding}"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<url><loc>https://www.independent.co.uk/news/café-b1000001.html</loc></url>"
    "<url><loc>https://www.independent.co.uk/news/other-b1000002.html</loc></url></urlset>"
)
RSS = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
    "<item><link>https://www.independent.co.uk/news/café-b1000001.html</link></item>"
    "<item><link>https://www.independent.co.uk/news/other-b1000002.html</link></item>"
    "</channel></rss>"
)
DOCUMENTS = {
    "UTF-8 declared ISO-8859-1": ("ISO-8859-1", "utf-8"),
    "Windows-1252 declared UTF-8": ("UTF-8", "cp1252"),
    "ISO-8859-1 declared so": ("ISO-8859-1", "latin-1"),
    "UTF-16 declared so, with a byte-order mark": ("UTF-16", "utf-16"),
}


@pytest.mark.parametrize("case", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_sitemaps_and_feeds_read_as_their_bytes_say(case: tuple[str, str]) -> None:
    declared, encoding = case
    sitemap = parse_sitemap(SITEMAP.format(encoding=declared).encode(encoding))
    feed = parse_rss(RSS.format(encoding=declared).encode(encoding))
    for links in (sitemap.links, feed.links):
        assert [link.url.rsplit("/", 1)[1] for link in links] == [
            "café-b1000001.html",
            "other-b1000002.html",
        ]
