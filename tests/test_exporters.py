"""The feed exporter writes the records Scrapy's own exporter would, whatever their text."""

from __future__ import annotations

import dataclasses
import io
import json
from decimal import Decimal

import pytest
from scrapy.exporters import JsonLinesItemExporter

from newsbot.cleaning import without_surrogates
from newsbot.exporters import JsonLinesExporter
from newsbot.items import Article, Author, Image, Metadata, Removal


def article(**fields: object) -> Article:
    values: dict = {
        "id": "independent:b1",
        "url": "https://www.independent.co.uk/news/a-b1.html",
        "headline": "Café “quotes” – and a tab\there",
        "articleBody": "One.\n\nTwo — ½ · 😀.",
        "authors": [Author("Jane Doe", "By Jane Doe", None)],
        "mainImage": Image("https://static.independent.co.uk/a.jpg", "A caption"),
        "isAccessibleForFree": False,
        "wordCount": 4,
        "metadata": Metadata(
            spider="independent",
            source="web",
            extractor="independent-page-v1",
            dateDownloaded="2026-11-23T08:00:00+00:00",
            removed=[Removal("comment_prompt", "Join our commenting forum")],
        ),
    }
    return Article(**{**values, **fields})


def export(exporter_class: type, items: list, **options: object) -> bytes:
    file = io.BytesIO()
    exporter = exporter_class(file, encoding="utf-8", **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return file.getvalue()


def test_records_are_those_of_scrapys_exporter() -> None:
    items = [article(), article(id="independent:b2", mainImage=None, authors=[])]
    ours = export(JsonLinesExporter, items)
    scrapys = export(JsonLinesItemExporter, items)
    assert ours.count(b"\n") == 2 and ours.endswith(b"\n")
    assert [json.loads(line) for line in ours.splitlines()] == [
        json.loads(line) for line in scrapys.splitlines()
    ]
    assert "Café “quotes”".encode() in ours  # UTF-8 as is, not \u escapes
    assert list(json.loads(ours.splitlines()[0])) == list(Article.__dataclass_fields__)


# Strings as a page's JSON-LD can leave them (json.loads makes "\\ud800" a lone surrogate),
# and as they are written.
# A list, not a dict: ruff takes keys that differ only in their surrogates for one.
SURROGATES = [
    ("Caf\ud800e", "Caf\ufffde"),  # a lone high surrogate
    ("Caf\udc00e", "Caf\ufffde"),  # a lone low surrogate
    ("the end \ud83d", "the end \ufffd"),
    ("\udc00\ud800", "\ufffd\ufffd"),  # the wrong way round: no pair
    ("Smile \ud83d\ude00 ’é", "Smile 😀 ’é"),  # a pair: its character
    ("\ud83d\ude00\ud83d", "😀\ufffd"),
    ("Café “quotes” 😀", "Café “quotes” 😀"),
    ("", ""),
]


@pytest.mark.parametrize("text, expected", SURROGATES, ids=[ascii(t) for t, _ in SURROGATES])
def test_without_surrogates(text: str, expected: str) -> None:
    assert without_surrogates(text) == expected
    assert without_surrogates({"a": [text, 1, None], text: (text,)}) == {
        "a": [expected, 1, None],
        expected: [expected],
    }


@pytest.mark.parametrize(
    "broken",
    [
        article(headline="Caf\ud800e’s é"),
        article(authors=[Author("Caf\ud800e’s é", "By Caf\ud800e’s é")]),
        article(mainImage=Image("https://static.independent.co.uk/a.jpg", "Caf\ud800e’s é")),
        article(
            metadata=Metadata(
                spider="independent",
                source="web",
                extractor="independent-page-v1",
                dateDownloaded="2026-11-23T08:00:00+00:00",
                removed=[Removal("comment_prompt", "Caf\ud800e’s é")],
            )
        ),
    ],
    ids=["headline", "author", "caption", "removal"],
)
def test_a_lone_surrogate_is_written_as_u_fffd_in_utf8(broken: Article) -> None:
    [line] = export(JsonLinesExporter, [broken]).splitlines()
    record = json.loads(line.decode("utf-8"))  # strict: valid UTF-8 or an error
    assert "Caf\ufffde’s é".encode() in line
    assert "One.\\n\\nTwo — ½ · 😀.".encode() in line  # the rest written as itself
    assert b"\\u" not in line  # no escape sequences
    assert record["id"] == "independent:b1" and record["wordCount"] == 4


def test_a_surrogate_pair_is_written_as_its_character() -> None:
    paired = article(headline="Smile \ud83d\ude00 ’ é")
    [line] = export(JsonLinesExporter, [paired]).splitlines()
    assert json.loads(line.decode("utf-8"))["headline"] == "Smile 😀 ’ é"
    assert "Smile 😀 ’ é".encode() in line


def test_values_orjson_does_not_know_take_scrapys_encoder() -> None:
    @dataclasses.dataclass
    class Odd:
        tags: set[str]
        price: Decimal

    [line] = export(JsonLinesExporter, [Odd({"Caf\ud800e’s é"}, Decimal("1.50"))]).splitlines()
    assert json.loads(line.decode("utf-8")) == {"tags": ["Caf\ufffde’s é"], "price": "1.50"}


def test_chosen_fields_and_other_items_take_scrapys_way() -> None:
    chosen = export(JsonLinesExporter, [article()], fields_to_export=["id", "headline"])
    assert json.loads(chosen) == {"id": "independent:b1", "headline": article().headline}
    assert json.loads(export(JsonLinesExporter, [{"a": 1}])) == {"a": 1}
