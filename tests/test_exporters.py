"""The feed exporter writes the records Scrapy's own exporter would, whatever their text."""

from __future__ import annotations

import io
import json

from scrapy.exporters import JsonLinesItemExporter

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


def test_text_that_is_not_valid_unicode_is_still_written() -> None:
    broken = article(headline="A lone surrogate \ud83d from a page's JSON-LD")
    [line] = export(JsonLinesExporter, [broken]).splitlines()
    assert json.loads(line)["headline"] == broken.headline


def test_chosen_fields_and_other_items_take_scrapys_way() -> None:
    chosen = export(JsonLinesExporter, [article()], fields_to_export=["id", "headline"])
    assert json.loads(chosen) == {"id": "independent:b1", "headline": article().headline}
    assert json.loads(export(JsonLinesExporter, [{"a": 1}])) == {"a": 1}
