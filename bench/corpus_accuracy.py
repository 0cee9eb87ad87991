"""How well newsbot reads the real pages of ../shared/corpus, next to trafilatura on the same pages.

    .venv/bin/python bench/corpus_accuracy.py [--corpus ../shared/corpus]

For each page with known text it prints paragraph-level precision and recall (pages whose
whole text is known), the known snippets found and the known furniture left out, the first
paragraph, the last and the paragraph count where the truth gives them, and which metadata
fields match the truth (headline, authors, date, standfirst), for newsbot and for
trafilatura's defaults (``favor_precision``). It reads the truth files as they are (the
upstream corpora's own shapes, and the one shape of the pages added later) and prints
figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import article_from_page


@dataclass
class Truth:
    paragraphs: list[str] | None = None  # the whole text, when known
    present: list[str] = field(default_factory=list)  # snippets that must be in the text
    absent: list[str] = field(default_factory=list)  # snippets that must not be
    meta: dict[str, str | list[str] | None] = field(default_factory=dict)
    """headline, author (a name, or a list of names), date, standfirst (None: the page has none)"""
    ends: tuple[str, str, int | None] | None = None  # the first and last paragraph, how many
    folder: str = "html"  # where the page is in the corpus


def load_truth(corpus: Path) -> dict[str, Truth]:
    def read(name: str) -> dict:
        return json.loads((corpus / "truth" / name).read_text(encoding="utf-8"))

    truths: dict[str, Truth] = {}
    fundus = read("fundus_2024-11-22.json")["V1"]
    truths["fundus_2024-11-22"] = Truth(
        paragraphs=fundus["body"]["sections"][0]["paragraphs"],
        meta={"headline": fundus["title"], "author": fundus["authors"][0], "date": "2024-11-22"},
    )
    live = read("fundus_2023-08-14.json")["V1"]
    truths["fundus_2023-08-14"] = Truth(
        meta={"headline": live["title"], "author": live["authors"][0], "date": "2023-08-14"}
    )
    for stem in ("l3sgn1_2007-12-16_article3255693", "l3sgn1_2008-01-10_article3324383"):
        labels = read(f"{stem}.labels.json")
        truths[stem] = Truth(
            paragraphs=labels["fulltext"], meta={"headline": labels["headline"][0]}
        )
    penalty = read("trafilatura_2020-09-28_b671230.json")
    truths["trafilatura_2020-09-28_b671230"] = Truth(
        present=penalty["with"],
        absent=penalty["without"] + penalty["comments"],
        meta={
            "headline": penalty["title"],
            "author": penalty["author"],
            "date": penalty["date"],
            "standfirst": penalty["description"].strip(),
        },
    )
    readability = read("readability_2015-09-17_10506160.json")
    truths["readability_2015-09-17_10506160"] = Truth(
        present=[readability["excerpt"].split(". But")[0]],
        meta={"author": readability["byline"], "date": readability["publishedTime"][:10]},
    )
    truths["mercury_2019-12-09_a9238506"] = Truth(
        present=["The US has spent two years chipping away at the World Trade Organisation"],
        meta={
            "author": "Ana Swanson",
            "date": "2019-12-09",
            "standfirst": "WTO's\xa0authority under threat as US blocks appointments to panel that "
            "hears trade dispute appeals – despite ongoing trade war with China",
        },
    )
    for path in sorted((corpus / "truth").glob("webpageparser_*.json")):
        spec = read(path.name)
        truths[path.stem] = Truth(
            present=[v for k, v in spec.items() if k.startswith("content[")],
            meta={"headline": spec["title"]},
        )
    for path in sorted((corpus / "truth").glob("*.json")):
        spec = read(path.name)
        if "paragraphs" in spec and "title" in spec:  # the one shape of the pages added later
            truths[path.stem] = _of_shape(spec, "html")
    # The 2018 live blog, apart in liveblogs/ (the same shape): its intro and every post's
    # paragraphs.
    for path in sorted((corpus / "liveblogs" / "truth").glob("*.json")):
        truths[path.stem] = _of_shape(
            json.loads(path.read_text(encoding="utf-8")), "liveblogs/html"
        )
    return truths


def _of_shape(spec: dict, folder: str) -> Truth:
    """A truth of the shape of the pages added later: the whole text, known snippets in and
    out ("=X": no paragraph equal to X, which the snippet scores leave to the tests), the
    metadata, the ends."""
    return Truth(
        paragraphs=spec["paragraphs"],
        present=spec.get("must_contain", []),
        absent=[s for s in spec["must_not_contain"] if not s.startswith("=")],
        meta={
            "headline": spec["title"],
            "author": spec["authors"],
            "date": spec["datePublished"],
            "standfirst": spec["description"],
        },
        ends=(spec["first_paragraph"], spec["last_paragraph"], spec["paragraph_count"]),
        folder=folder,
    )


def same(a: str | None, b: str | None) -> bool:
    """Equal once spacing and the truth files' mis-decoded characters are set aside. (The
    truth files stripped the tags where a line break stood without a space: "fine)Slice".)"""

    def norm(text: str) -> str:
        return re.sub(r"[^\x00-\x7f]|\?|\s", "", text).lower()

    return a is not None and b is not None and norm(a) == norm(b)


def scores(paragraphs: list[str], meta: dict[str, str | None], truth: Truth) -> dict[str, str]:
    text = "\n".join(paragraphs)
    row: dict[str, str] = {}
    if truth.paragraphs is not None:
        hits = sum(any(same(p, t) for t in truth.paragraphs) for p in paragraphs)
        found = sum(any(same(p, t) for p in paragraphs) for t in truth.paragraphs)
        row["P"] = f"{hits / len(paragraphs):.2f}" if paragraphs else "-"
        row["R"] = f"{found / len(truth.paragraphs):.2f}"
    if truth.present or truth.absent:
        squashed = re.sub(r"\s+", " ", text)
        row["in"] = f"{sum(s in squashed for s in truth.present)}/{len(truth.present)}"
        if truth.absent:
            row["out"] = f"{sum(s not in squashed for s in truth.absent)}/{len(truth.absent)}"
    if truth.ends is not None:
        first, last, count = truth.ends
        found = paragraphs or [""]
        if count is None:  # every paragraph is listed
            count = len(truth.paragraphs or [])
        hits = [same(found[0], first), same(found[-1], last), len(paragraphs) == count]
        row["ends"] = f"{sum(hits)}/3"
    # A truth's headline may be the metadata's (Fundus takes the JSON-LD's), which the
    # record keeps as alternativeHeadline where it is not the visible one.
    hits = [
        name
        for name, value in truth.meta.items()
        if matches(name, meta.get(name), value)
        or (name == "headline" and matches(name, meta.get("alternativeHeadline"), value))
    ]
    row["meta"] = f"{len(hits)}/{len(truth.meta)}"
    return row


def matches(name: str, found: str | None, expected: str | list[str] | None) -> bool:
    if expected is None:  # the page has none: right when none is found
        return not found
    if found is None:
        return False
    if name == "author":
        names = [expected] if isinstance(expected, str) else expected
        return all(name in found for name in names)
    assert isinstance(expected, str)
    if name == "date":
        return found.startswith(expected[:10])
    return same(found, expected)


def newsbot(path: Path) -> tuple[list[str], dict[str, str | None]]:
    article = article_from_page(path)
    return article.articleBody.split("\n\n"), {
        "headline": article.headline,
        "alternativeHeadline": article.alternativeHeadline,
        "author": ", ".join(a.name for a in article.authors) or None,
        "date": article.datePublished,
        "standfirst": article.description,
    }


def with_trafilatura(path: Path) -> tuple[list[str], dict[str, str | None]]:
    html = path.read_bytes()
    document = trafilatura.bare_extraction(html, with_metadata=True, favor_precision=True)
    if document is None:
        return [], {}
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    paragraphs = [line for line in (data.get("text") or "").splitlines() if line.strip()]
    return paragraphs, {
        "headline": data.get("title"),
        "author": data.get("author"),
        "date": data.get("date"),
        "standfirst": data.get("description"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    parser.add_argument("--corpus", type=Path, default=default)
    corpus = parser.parse_args().corpus
    if not (corpus / "html").is_dir():
        sys.exit(f"no corpus at {corpus}")
    columns = ("P", "R", "in", "out", "ends", "meta")
    header = f"{'page':36} | " + " ".join(f"{c:>5}" for c in columns)
    width = 6 * len(columns) - 1
    print(f"{'':36} | {'newsbot':^{width}} | {'trafilatura':^{width}}")
    print(header + " | " + " ".join(f"{c:>5}" for c in columns))
    for stem, truth in load_truth(corpus).items():
        path = corpus / truth.folder / f"{stem}.html"
        rows = [scores(*extract(path), truth) for extract in (newsbot, with_trafilatura)]
        cells = [" ".join(f"{row.get(c, ''):>5}" for c in columns) for row in rows]
        print(f"{stem[:36]:36} | {cells[0]} | {cells[1]}")
    print(
        "\nP, R: paragraph precision and recall where the whole text is known; in: known "
        "snippets found; out: known furniture left out; ends: first paragraph, last "
        "paragraph and paragraph count right; meta: headline (the visible one, or the "
        "record's alternativeHeadline where the truth takes the metadata's), author, date and "
        "standfirst matching the truth."
    )


if __name__ == "__main__":
    main()
