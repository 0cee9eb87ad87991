"""A live blog's posts through cleaning: each post's text is what cleaning kept of it.

The page parser gives the whole text (``articleBody``: the intro, every post, what follows)
and each post's part of it. Cleaning reads the whole text, as it reads any article's (its
rules look at what comes before and after a paragraph); this module then gives each post
the paragraphs cleaning kept of its part, so that a post and the whole text never disagree.
Cleaning only removes paragraphs or cuts furniture out of them, in order: the kept ones are
found by walking both lists once.

A blog of several pages is one record: the parser reads each page, ``merge_pages`` adds
the posts of the others to the first's.
"""

from __future__ import annotations

import copy
from datetime import datetime

from newsbot.dates import has_time
from newsbot.items import Article, BlogPosting


def kept_in_posts(posts: list[BlogPosting], raw: list[str], cleaned: list[str]) -> None:
    """Sets each post's ``headline`` and ``paragraphs`` to what cleaning kept of them.

    ``raw`` is the text as the parser gave it, paragraph by paragraph (the posts' parts in
    it, each its title then its paragraphs, in the posts' order); ``cleaned`` what cleaning
    made of it. A title cleaning removed is None.
    """
    kept = _alignment(raw, cleaned)
    start = 0
    for post in posts:
        part = part_of(post)
        at = _find(raw, part, start)
        if at is None:  # not in the text as given (nothing to align): left as it is
            continue
        found = [cleaned[kept[i]] for i in range(at, at + len(part)) if kept[i] is not None]
        if post.headline:
            title = kept[at]
            post.headline = cleaned[title] if title is not None else None
            found = found[1:] if title is not None else found
        post.paragraphs = found
        start = at + len(part)


def part_of(post: BlogPosting) -> list[str]:
    """A post's part of the whole text: its title, then its paragraphs."""
    return ([post.headline] if post.headline else []) + post.paragraphs


def _alignment(raw: list[str], cleaned: list[str]) -> list[int | None]:
    """For each raw paragraph, the index of what cleaning kept of it, or None.

    The next kept paragraph is the raw one itself, or a part of it (furniture cut out of
    it), unless it is a later raw paragraph whole (then this one was removed). One that is
    no part of any raw paragraph left (cleaning changed it otherwise) is passed over, so
    that the rest still align.
    """
    kept: list[int | None] = []
    j = 0
    for i, paragraph in enumerate(raw):
        if j < len(cleaned) and cleaned[j] == paragraph:  # most paragraphs: kept whole
            kept.append(j)
            j += 1
            continue
        while j < len(cleaned) and not any(cleaned[j] in later for later in raw[i:]):
            j += 1
        if j == len(cleaned):
            kept.append(None)
        elif cleaned[j] == paragraph or (
            cleaned[j] in paragraph and cleaned[j] not in raw[i + 1 :]
        ):
            kept.append(j)
            j += 1
        else:
            kept.append(None)
    return kept


def _find(raw: list[str], part: list[str], start: int) -> int | None:
    """Where ``part`` runs in ``raw``, at or after ``start``."""
    if not part:
        return None
    first = part[0]
    for at in range(start, len(raw) - len(part) + 1):
        if raw[at] == first and raw[at : at + len(part)] == part:
            return at
    return None


def merge_pages(first: Article, later: Article) -> int:
    """Adds to a live blog's record, as the parser gave it (before cleaning), the posts of
    another page of the blog that it does not have; returns how many. Their text goes into
    ``articleBody`` after the last post it has (before what follows the posts), and the
    coverage times widen to take them in."""
    known = {post.id for post in first.liveBlogUpdate}
    # Copies: one page's posts may join several records (captures of the first page).
    new = [copy.deepcopy(post) for post in later.liveBlogUpdate if post.id not in known]
    if not new:
        return 0
    raw = first.articleBody.split("\n")
    end = _end_of_posts(raw, first.liveBlogUpdate)
    if end is None:  # no post of its own has text: before what follows the other's posts
        other = later.articleBody.split("\n")
        after = other[_end_of_posts(other, later.liveBlogUpdate) or len(other) :]
        end = len(raw) - len(after) if after and raw[-len(after) :] == after else len(raw)
    added = [paragraph for post in new for paragraph in part_of(post)]
    first.articleBody = "\n".join(raw[:end] + added + raw[end:])
    first.liveBlogUpdate.extend(new)
    times = [post.datePublished for post in new if post.datePublished]
    first.coverageStartTime = _earliest(first.coverageStartTime, *times)
    first.coverageEndTime = _latest(first.coverageEndTime, *times)
    first.dateModified = latest_update(first)
    return len(new)


def latest_update(article: Article) -> str | None:
    """A live blog's dateModified: the page's, or its latest post's time where that is
    later (a post is an update, whatever the page's metadata says)."""
    times = [post.datePublished for post in article.liveBlogUpdate if post.datePublished]
    if article.dateModified and "T" not in article.dateModified:  # a day alone: no match
        return article.dateModified
    return _latest(article.dateModified, *times)


def added_since(article: Article, modified: str | None) -> int:
    """How many of a live blog's posts were published after ``modified``, the dateModified
    of its last revision: the posts this revision adds."""
    if not modified or "T" not in modified:
        return 0
    since = _moment(modified)
    return sum(
        1 for post in article.liveBlogUpdate
        if post.datePublished and _moment(post.datePublished) > since
    )  # fmt: skip


def _end_of_posts(raw: list[str], posts: list[BlogPosting]) -> int | None:
    """Where the posts' text ends in the raw text: after the last post found in it; None
    when none is (no post has text)."""
    end = None
    start = 0
    for post in posts:
        part = part_of(post)
        at = _find(raw, part, start)
        if at is not None:
            end = start = at + len(part)
    return end


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _earliest(*values: str | None) -> str | None:
    """The earliest of date-times with their offsets (dates alone are passed over)."""
    given = [v for v in values if v and has_time(v)]
    return min(given, key=_moment) if given else None


def _latest(*values: str | None) -> str | None:
    """The latest of date-times with their offsets (dates alone are passed over)."""
    given = [v for v in values if v and has_time(v)]
    return max(given, key=_moment) if given else None
