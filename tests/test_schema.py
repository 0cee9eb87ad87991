"""The feed's JSON Schema (schema/article.schema.json): made from newsbot.items, and
strict enough to catch a record that breaks the feed's promises.

Every record that the tests' crawls write is validated against it as it is read
(tests.helpers.read_feed); these tests check the schema itself.
"""

from __future__ import annotations

import copy
import json

import pytest

from newsbot import schema
from newsbot.dates import normalise_date
from newsbot.items import SCHEMA_VERSION
from tests.helpers import REPO, records_of
from tests.test_dates import DATES


def a_record() -> dict:
    """A record as the feed writes one, every field present."""
    return {
        "id": "independent:b1",
        "url": "https://www.independent.co.uk/news/a-b1.html",
        "canonicalUrl": None,
        "headline": "A headline",
        "alternativeHeadline": None,
        "description": None,
        "articleBody": "One.\n\nTwo.",
        "authors": [{"name": "Jane Doe", "nameRaw": "Jane Doe in Paris", "url": None,
                     "dateline": "Paris"}],
        "agencies": [],
        "datePublished": "2012-01-12",
        "dateModified": "2024-11-22T08:49:59+00:00",
        "articleSection": None,
        "keywords": [],
        "inLanguage": None,
        "mainImage": {"url": "https://x/a.jpg", "caption": None},
        "isAccessibleForFree": None,
        "wordCount": 2,
        "liveBlogUpdate": [{"id": "post-1", "datePublished": "2024-11-22T08:49:59+00:00",
                            "headline": None, "paragraphs": ["Two."],
                            "authors": [{"name": "Jane Doe", "nameRaw": "Jane Doe",
                                         "url": None, "dateline": None}],
                            "url": "https://www.independent.co.uk/news/a-b1.html#post-1"}],
        "coverageStartTime": "2024-11-22T08:49:59+00:00",
        "coverageEndTime": None,
        "metadata": {
            "schemaVersion": SCHEMA_VERSION,
            "spider": "independent",
            "source": "web",
            "dateDownloaded": "2026-12-02T08:00:00+00:00",
            "extractor": "independent-page-v1",
            "layout": "react-2020",
            "contentHash": None,
            "revision": 1,
            "removed": [{"rule": "donation_appeal", "text": "Support us", "articles": None}],
        },
    }  # fmt: skip


def check(record: dict) -> None:
    records_of(json.dumps(record) + "\n")


def test_the_published_schema_is_the_one_items_make() -> None:
    published = (REPO / "schema" / "article.schema.json").read_text(encoding="utf-8")
    assert published == schema.text(), "run: python -m newsbot.schema --write"


def test_the_schema_names_every_field_and_its_version() -> None:
    made = schema.json_schema()
    assert made["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert made["properties"]["metadata"] == {
        "description": made["properties"]["metadata"]["description"],
        "$ref": "#/$defs/Metadata",
    }
    version = made["$defs"]["Metadata"]["properties"]["schemaVersion"]
    assert version["const"] == SCHEMA_VERSION
    assert set(made["required"]) == set(a_record())


def test_a_whole_record_is_valid() -> None:
    check(a_record())


BROKEN = {
    "a naive date-time": ("datePublished", "2024-11-22T08:49:59"),
    "a day that does not exist": ("datePublished", "2026-02-30"),
    "a date-time with Z": ("dateModified", "2024-11-22T08:49:59Z"),
    "an offset out of range": ("dateModified", "2024-11-22T08:49:59+25:00"),
    "a time to the microsecond": ("datePublished", "2024-11-22T08:49:59.123456+00:00"),
    "a month alone": ("datePublished", "2024-11"),
    "a number for a date": ("datePublished", 20241122),
    "a missing headline": ("headline", None),
    "a source of no kind": ("metadata.source", "ftp"),
    "another schema version": ("metadata.schemaVersion", SCHEMA_VERSION - 1),
    "a downloaded date alone": ("metadata.dateDownloaded", "2026-12-02"),
    "a coverage time without its time": ("coverageStartTime", "2024-11-22"),
    "a post without its id": (
        "liveBlogUpdate",
        [{"datePublished": None, "headline": None, "paragraphs": [], "authors": [], "url": None}],
    ),
    "an author without a name": ("authors", [{"nameRaw": "x", "url": None, "dateline": None}]),
    "a field nobody knows": ("extra", "x"),
}


@pytest.mark.parametrize("path, value", BROKEN.values(), ids=list(BROKEN))
def test_a_broken_record_is_refused(path: str, value: object) -> None:
    record = copy.deepcopy(a_record())
    *parents, name = path.split(".")
    target = record
    for parent in parents:
        target = target[parent]
    target[name] = value
    with pytest.raises(AssertionError):
        check(record)


def test_a_missing_field_is_refused() -> None:
    record = a_record()
    del record["dateModified"]
    with pytest.raises(AssertionError, match="dateModified"):
        check(record)


@pytest.mark.parametrize("value", [v for v, e in DATES.items() if e], ids=str)
def test_every_date_the_normaliser_gives_is_one_the_schema_allows(value: str) -> None:
    record = a_record()
    record["datePublished"] = record["dateModified"] = normalise_date(value)
    check(record)
