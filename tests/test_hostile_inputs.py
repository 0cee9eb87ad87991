"""Hostile input: what a file system or a page can hold that must not stop, hang or crash a run.

Folders that cannot be listed, symlink loops, dangling links, FIFOs, sockets and devices
(newsbot/fixtures.py); pages and JSON-LD nested deeper than Python's recursion limit
(newsbot/parsers/html.py, through the site's page parser). Whatever could hang runs under a
time limit, so that a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from lxml import etree
from parsel import Selector
from scrapy.http import HtmlResponse

from newsbot.bylines import MAX_AUTHORS, normalise_authors
from newsbot.fixtures import UnreadableFile, find_files, read_bytes, read_text
from newsbot.items import Article, Metadata
from newsbot.parsers.html import json_ld, page_selector, paragraphs
from newsbot.sites.independent.page import parse_page
from tests.helpers import crawl, read_feed

T = TypeVar("T")

# A search that yields more than this is one that has gone round a loop.
MATCHES_AT_MOST = 1000


def within(seconds: float, work: Callable[[], T], release: Callable[[], None] = lambda: None) -> T:
    """What ``work`` returns, or the test fails if it takes longer than ``seconds``.

    ``work`` runs in a thread; ``release`` unblocks it when it is stuck (opens the other end of
    a FIFO), so that no thread is left hanging.
    """
    outcome: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the test's thread below
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        release()
        pytest.fail(f"did not finish within {seconds} s")
    if errors:
        raise errors[0]
    return outcome[0]


# --- finding files: one bad entry never stops the walk -------------------------------------

# Each fault below adds bad entries to a tree that holds a.txt and z/b.txt, and returns the
# files a search should then yield and what it should report to on_error (path, code).


def too_long_a_path(tree: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """Folders nested until the path is as long as the system refuses (PATH_MAX, 4096 bytes
    on Linux): os.scandir fails on it, for root too. Made through file descriptors, which
    have no such limit."""
    name = "n" * 250
    limit = os.pathconf(tree, "PC_PATH_MAX")
    depth = 1
    while len(os.fsencode(tree)) + depth * (len(name) + 1) < limit:
        depth += 1
    descriptor = os.open(tree, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir(name, dir_fd=descriptor)
        inner = os.open(name, os.O_RDONLY, dir_fd=descriptor)
        os.close(descriptor)
        descriptor = inner
    os.close(descriptor)
    return ["a.txt", "z/b.txt"], [("/".join([name] * depth), "unlistable")]


def locked_folder(tree: Path) -> tuple[list[str], list[tuple[str, str]]]:
    if os.geteuid() == 0:
        pytest.skip("root lists a folder whatever its mode; too_long_a_path fails for root too")
    (tree / "m").mkdir()
    (tree / "m" / "hidden-from-us.txt").write_text("x")
    (tree / "m").chmod(0)
    return ["a.txt", "z/b.txt"], [("m", "unlistable")]


def symlink_to_its_parent(tree: Path) -> tuple[list[str], list[tuple[str, str]]]:
    (tree / "z" / "up").symlink_to("..")
    (tree / "z" / "here").symlink_to(".")
    return ["a.txt", "z/b.txt"], [("z/here", "loop"), ("z/up", "loop")]


def file_symlink_to_itself(tree: Path) -> tuple[list[str], list[tuple[str, str]]]:
    (tree / "loop").symlink_to("loop")  # ln -s loop loop
    (tree / "loop.txt").symlink_to("loop.txt")
    return ["a.txt", "z/b.txt"], [("loop", "unreadable"), ("loop.txt", "unreadable")]


def dangling_symlink(tree: Path) -> tuple[list[str], list[tuple[str, str]]]:
    (tree / "gone.txt").symlink_to("nowhere.txt")  # yielded: reading it says why it is not read
    return ["a.txt", "gone.txt", "z/b.txt"], []


def two_symlinks_to_one_folder(tree: Path) -> tuple[list[str], list[tuple[str, str]]]:
    (tree / "m1").symlink_to("z")
    (tree / "m2").symlink_to(tree / "z")
    return ["a.txt", "m1/b.txt"], [("m2", "repeated"), ("z", "repeated")]


def deeper_than_the_recursion_limit(tree: Path) -> tuple[list[str], list[tuple[str, str]]]:
    deep = str(tree)
    for _ in range(1100):  # not makedirs: it recurses, once a level
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    Path(deep, "bottom.txt").write_text("x")
    return ["a.txt", "/".join(["d"] * 1100) + "/bottom.txt", "z/b.txt"], []


def remove_deep_folders(top: Path) -> None:
    """Deletes a tree like deeper_than_the_recursion_limit's, deepest folder first.

    shutil.rmtree recurses once a level, and so pytest's clean-up of old temporary folders,
    which would fail on it in every later session.
    """
    stack = [str(top)]
    while stack:
        with os.scandir(stack[-1]) as scan:
            entries = list(scan)
        folders = [entry.path for entry in entries if entry.is_dir(follow_symlinks=False)]
        if folders:
            stack.extend(folders)
            continue
        for entry in entries:
            os.unlink(entry.path)
        os.rmdir(stack.pop())


WALK_FAULTS = [
    too_long_a_path,
    locked_folder,
    symlink_to_its_parent,
    file_symlink_to_itself,
    dangling_symlink,
    two_symlinks_to_one_folder,
    deeper_than_the_recursion_limit,
]
# The same tree as a folder, and through globs that search it to any depth.
SPECS = {"a folder": "{tree}", "**": "{tree}/**", "**/*.txt": "{tree}/**/*.txt"}


@pytest.mark.parametrize("spec", SPECS.values(), ids=SPECS.keys())
@pytest.mark.parametrize("fault", WALK_FAULTS, ids=[f.__name__ for f in WALK_FAULTS])
def test_a_bad_entry_is_reported_and_the_walk_goes_on(
    tmp_path: Path,
    fault: Callable[[Path], tuple[list[str], list[tuple[str, str]]]],
    spec: str,
) -> None:
    tree = tmp_path / "tree"
    (tree / "z").mkdir(parents=True)
    (tree / "a.txt").write_text("x")
    (tree / "z" / "b.txt").write_text("x")
    expected_files, expected_errors = fault(tree)
    errors: list[tuple[str, str]] = []

    def on_error(path: Path, error: UnreadableFile) -> None:
        assert error.reason
        errors.append((path.relative_to(tree).as_posix(), error.code))

    def search() -> list[Path]:
        found = find_files(spec.format(tree=tree), on_error=on_error)
        return list(itertools.islice(found, MATCHES_AT_MOST))

    try:
        found = within(10, search)
    finally:
        if fault is deeper_than_the_recursion_limit:
            remove_deep_folders(tree / "d")
    assert [path.relative_to(tree).as_posix() for path in found] == expected_files
    assert sorted(errors) == expected_errors


def test_a_glob_through_two_symlink_loops_ends(tmp_path: Path) -> None:
    """Python's own ``glob("**", recursive=True)`` follows both links at every level until
    paths have 40 links: 2**40 paths."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("x")
    (tmp_path / "sub" / "up").symlink_to("..")
    (tmp_path / "sub" / "here").symlink_to(".")
    found = within(10, lambda: list(itertools.islice(find_files(f"{tmp_path}/**/*.txt"), 100)))
    assert [path.relative_to(tmp_path).as_posix() for path in found] == ["sub/b.txt"]


def test_errors_go_nowhere_unless_asked_for(tmp_path: Path) -> None:
    (tmp_path / "up").symlink_to(".")
    (tmp_path / "a.txt").write_text("x")
    assert list(find_files(str(tmp_path))) == [tmp_path / "a.txt"]


# --- reading files: nothing but a regular file is opened -----------------------------------


def fifo(folder: Path) -> Path:
    path = folder / "stuck.txt"
    os.mkfifo(path)
    return path


def unix_socket(folder: Path) -> Path:
    path = folder / "socket.txt"
    if len(os.fsencode(path)) > 100:  # sun_path holds 108 bytes
        pytest.skip("the temporary folder's path is too long for a socket")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


def character_device(folder: Path) -> Path:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null here")
    return Path("/dev/null")


def directory(folder: Path) -> Path:
    path = folder / "folder.txt"
    path.mkdir()
    return path


NOT_REGULAR = {
    "a FIFO": (fifo, "not a regular file (a FIFO)"),
    "a socket": (unix_socket, "not a regular file (a socket)"),
    "a character device": (character_device, "not a regular file (a character device)"),
    "a directory": (directory, "not a regular file (a directory)"),
}


def release_fifo(path: Path) -> Callable[[], None]:
    """Unblocks a thread stuck opening a FIFO: opening it read-write never blocks (Linux)."""

    def release() -> None:
        if path.is_fifo():
            os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK))

    return release


@pytest.mark.parametrize("read", [read_text, read_bytes], ids=["read_text", "read_bytes"])
@pytest.mark.parametrize("make, reason", NOT_REGULAR.values(), ids=NOT_REGULAR.keys())
def test_what_is_not_a_regular_file_is_refused_without_blocking(
    tmp_path: Path,
    make: Callable[[Path], Path],
    reason: str,
    read: Callable[[Path, int], object],
) -> None:
    path = make(tmp_path)

    def attempt() -> UnreadableFile:
        with pytest.raises(UnreadableFile) as error:
            read(path, 1000)
        return error.value

    error = within(5, attempt, release=release_fifo(path))
    assert (error.code, error.reason) == ("not_regular", reason)


# Each way of naming a FIFO, and the files then read.
FIFO_SPECS = {
    "named as PATH": ("{folder}/stuck.txt", ["stuck.txt"]),
    "in a folder": ("{folder}", ["good.txt", "stuck.txt"]),
    "through a glob": ("{folder}/*.txt", ["good.txt", "stuck.txt"]),
    "through **": ("{folder}/**/*.txt", ["good.txt", "stuck.txt"]),
}


@pytest.mark.parametrize("spec, names", FIFO_SPECS.values(), ids=FIFO_SPECS.keys())
def test_a_fifo_among_the_fixtures_does_not_block_them(
    tmp_path: Path, spec: str, names: list[str]
) -> None:
    (tmp_path / "good.txt").write_text("Headline\nText.\n")
    stuck = fifo(tmp_path)

    def read_all() -> dict[str, str]:
        outcome = {}
        for path in find_files(spec.format(folder=tmp_path)):
            try:
                outcome[path.name] = read_text(path, 1000)
            except UnreadableFile as error:
                outcome[path.name] = error.code
        return outcome

    outcome = within(5, read_all, release=release_fifo(stuck))
    expected = {"good.txt": "Headline\nText.\n", "stuck.txt": "not_regular"}
    assert outcome == {name: expected[name] for name in names}


# --- pages nested deeper than Python's recursion limit -------------------------------------


def nested(depth: int, inner: str, tag: str = "div") -> str:
    return f"<{tag}>" * depth + inner + f"</{tag}>" * depth


def page(body: str, head: str = "", header: str = "<h1>Deep page</h1>") -> str:
    return (
        f"<html><head>{head}</head><body><header id='articleHeader'>{header}</header>"
        f"<div id='main'>{body}</div></body></html>"
    )


def json_ld_block(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


GOOD_JSON_LD = json_ld_block('{"@type": "NewsArticle", "headline": "From the JSON-LD"}')
PARAGRAPHS = "<p>Before.</p>{}<p>After.</p>"

# Page, then the headline and the text (None: the text may be any of the page's paragraphs,
# in order, starting with the first: libxml2 keeps 2,048 levels of a page and drops what is
# deeper, the rest of the page with it).
DEEP_PAGES = {
    "2,000 levels, deeper than the recursion limit": (
        page(PARAGRAPHS.format(nested(2000, "<p>Deep text.</p>"))),
        "Deep page",
        "Before.\nDeep text.\nAfter.",
    ),
    "3,000 levels": (page(PARAGRAPHS.format(nested(3000, "<p>Deep text.</p>"))), "Deep page", None),
    "100,000 levels": (
        page(PARAGRAPHS.format(nested(100_000, "<p>Deep text.</p>"))),
        "Deep page",
        None,
    ),
    "100,000 levels never closed": (
        page(PARAGRAPHS.format("<div>" * 100_000 + "<p>Deep text.</p>")),
        "Deep page",
        None,
    ),
    "a headline 1,500 levels deep": (
        page("<p>Text.</p>", header=f"<h1>{nested(1500, 'Deep headline', 'span')}</h1>"),
        "Deep headline",
        "Text.",
    ),
    "JSON-LD objects 100,000 levels deep": (
        page("<p>Text.</p>", head=json_ld_block('{"a":' * 100_000 + "1" + "}" * 100_000)),
        "Deep page",
        "Text.",
    ),
    "JSON-LD lists 100,000 levels deep, then a good block": (
        page("<p>Text.</p>", head=json_ld_block("[" * 100_000 + "]" * 100_000) + GOOD_JSON_LD),
        "From the JSON-LD",
        "Text.",
    ),
}


def parse(html: str) -> Article:
    url = "https://www.independent.co.uk/news/deep-b1000009.html"
    response = HtmlResponse(url=url, body=html.encode())
    metadata = Metadata(spider="test", source="fixture", dateDownloaded="", extractor="")
    return parse_page(page_selector(response), url=url, metadata=metadata)


@pytest.mark.parametrize("html, headline, text", DEEP_PAGES.values(), ids=DEEP_PAGES.keys())
def test_a_deeply_nested_page_is_read_quickly(html: str, headline: str, text: str | None) -> None:
    started = time.perf_counter()
    article = parse(html)
    assert time.perf_counter() - started < 1
    # (The JSON-LD's headline, where it is not the visible one, is the alternative.)
    assert headline in (article.headline, article.alternativeHeadline)
    if text is not None:
        assert article.articleBody == text
    else:
        body = article.articleBody.split("\n")
        assert body[0] == "Before."
        assert body == [p for p in ["Before.", "Deep text.", "After."] if p in body]


def test_a_byline_nested_deep_is_read() -> None:
    byline = f"<a href='/author/jo-bloggs'>{nested(1500, 'Jo Bloggs', 'b')}</a>"
    dated = f"<span>{nested(1500, '<time>1 May 2020</time>', 'i')}</span>"
    article = parse(page("<p>Text.</p>", header=f"<h1>Deep page</h1>{byline}{dated}"))
    assert [author.nameRaw for author in article.authors] == ["Jo Bloggs"]


JSON_LD_BLOCKS = {
    "an object 100,000 levels deep": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "a list 100,000 levels deep": "[" * 100_000 + "]" * 100_000,
    "a list 100,000 levels deep, never closed": "[" * 100_000,
    "not JSON": "{headline: 'x'}",
}


@pytest.mark.parametrize("block", JSON_LD_BLOCKS.values(), ids=JSON_LD_BLOCKS.keys())
def test_a_bad_json_ld_block_is_left_out_and_the_others_read(block: str) -> None:
    selector = Selector(text=f"<html><head>{json_ld_block(block)}{GOOD_JSON_LD}</head></html>")
    assert json_ld(selector) == [{"@type": "NewsArticle", "headline": "From the JSON-LD"}]


def test_a_json_ld_block_with_raw_control_characters_in_its_strings_is_read() -> None:
    # The 2018 live blog's LiveBlogPosting has a tab and line breaks inside its strings.
    block = '{"@type": "LiveBlogPosting", "headline": "Tab\there", "description": "a\nb"}'
    selector = Selector(text=f"<html><head>{json_ld_block(block)}</head></html>")
    assert json_ld(selector) == [
        {"@type": "LiveBlogPosting", "headline": "Tab\there", "description": "a\nb"}
    ]


def test_paragraphs_of_a_tree_far_deeper_than_any_parser_makes() -> None:
    """Built by hand, a tree has no depth limit (the parser's is 2,048 levels)."""
    root = element = etree.Element("div")
    keep = [root]  # each level's proxy kept: lxml frees a chain of them in quadratic time
    for _ in range(20_000):
        element = etree.SubElement(element, "span")
        keep.append(element)
    element.text = "Deep text."
    element.tail = "Its tail."
    root.text = "Top."
    assert paragraphs([root], set(), lambda element: False) == ["Top.Deep text.Its tail."]


# --- the real command ---------------------------------------------------------------------

GOOD_TEXT = (
    "Ferry timetable changes from Monday\n"
    "The operator adds two late sailings on weekdays\n"
    "The first of the new sailings leaves the harbour at half past nine in the evening.\n"
    "The second leaves an hour later and returns before midnight.\n"
)


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    """A good text file and a good deep page among a FIFO and symlink loops."""
    folder = tmp_path / "fixtures"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    # Before good.txt in name order: a page that broke the parser would end the run there.
    deep = nested(2000, "<p>Deep text, read all the same.</p>")
    (folder / "deep.html").write_text(page(f"<p>Text of the deep page.</p>{deep}"))
    os.mkfifo(folder / "stuck.txt")
    (folder / "sub" / "up").symlink_to("..")
    (folder / "sub" / "here").symlink_to(".")
    (folder / "self.txt").symlink_to("self.txt")
    return folder


def good_records(feed: Path) -> dict[str, dict]:
    return {Path(record["url"]).name: record for record in read_feed(feed)}


@pytest.mark.parametrize("pattern", ["{folder}", "{folder}/**/*.txt"], ids=["folder", "glob"])
def test_a_crawl_over_a_fifo_and_symlink_loops_ends(
    hostile_folder: Path, tmp_path: Path, pattern: str
) -> None:
    out = tmp_path / "out.jsonl"
    spec = pattern.format(folder=hostile_folder)
    # crawl() raises TimeoutExpired (and kills the run) if it hangs on the FIFO or a loop.
    result = crawl(
        "-a", f"fixtures={spec}", "-O", str(out), "-s", "NEWSBOT_STATE_ENABLED=False", timeout=90
    )
    records = good_records(out)
    assert "good.txt" in records, result.stderr
    assert records["good.txt"]["headline"] == "Ferry timetable changes from Monday"
    if spec == str(hostile_folder):
        assert records["deep.html"]["articleBody"] == (
            "Text of the deep page.\n\nDeep text, read all the same."
        )
    assert f"Skipped {hostile_folder / 'stuck.txt'}: not a regular file (a FIFO)" in result.stderr


def test_a_crawl_names_the_loops_it_passes_over(hostile_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = crawl(
        "-a", f"fixtures={hostile_folder}", "-O", str(out), "-s", "NEWSBOT_STATE_ENABLED=False"
    )
    assert "good.txt" in good_records(out), result.stderr
    assert f"Skipped {hostile_folder / 'sub' / 'up'}: a symlink loop back to" in result.stderr
    assert f"Skipped {hostile_folder / 'self.txt'}: Too many levels" in result.stderr


def test_a_file_reached_by_several_paths_is_one_article(tmp_path: Path) -> None:
    folder = tmp_path / "fixtures"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "alias.txt").symlink_to("good.txt")
    (folder / "sub" / "again.txt").symlink_to("../good.txt")
    (folder / "sub" / "up").symlink_to("..")
    out = tmp_path / "out.jsonl"
    result = crawl(
        "-a", f"fixtures={folder}", "-O", str(out),
        "-s", f"NEWSBOT_STATE_PATH={tmp_path / 'state.sqlite'}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [record] = read_feed(out)
    assert record["url"] == (folder / "good.txt").as_uri()
    assert "'newsbot/skipped/duplicate': 2" in result.stderr


def test_a_page_crediting_100000_people_does_not_block_the_run() -> None:
    people = ",".join(f'{{"@type": "Person", "name": "Writer {n}"}}' for n in range(100_000))
    head = f'<script type="application/ld+json">{{"@type": "NewsArticle", "author": [{people}]}}'
    html = page("<p>The text.</p>", head=head + "</script>")
    started = time.monotonic()
    article = parse_page(
        page_selector(HtmlResponse(url="file:///many.html", body=html.encode())),
        url="file:///many.html",
        metadata=Metadata(spider="independent", source="fixture", dateDownloaded="", extractor=""),
    )
    authors, _ = normalise_authors(article.authors, article.agencies)
    assert time.monotonic() - started < 10  # minutes, before: quadratic de-duplication
    assert len(authors) == MAX_AUTHORS


def test_a_live_blog_with_thousands_of_page_links_is_read_quickly() -> None:
    # A pager of 10,000 links to the blog's pages in one block (a quadratic look at the
    # block from each link took seconds).
    links = "".join(f'<a href="/news/deep-b1000009.html?page={n}">{n}</a>' for n in range(2, 10002))
    posts = "".join(
        f'<div id="post-{n}" data-sort-time="1720141800000"><div><p>Post {n}.</p></div></div>'
        for n in range(200)
    )
    html = (
        "<html><body><header id='articleHeader'><h1>Deep blog</h1></header>"
        f"<div id='main'><p>Intro.</p>{posts}<div>{links}</div></div></body></html>"
    )
    started = time.perf_counter()
    article = parse(html)
    assert time.perf_counter() - started < 3
    assert len(article.liveBlogUpdate) == 200
    assert "10001" not in article.articleBody  # the pager is no text
