"""The item pipelines: thin adapters that apply cleaning and validation, and count what they do."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from newsbot.items import Article, Metadata
from newsbot.pipelines.clean_text import CleanTextPipeline
from newsbot.pipelines.fingerprint import FingerprintPipeline, content_hash
from newsbot.pipelines.validate import ValidatePipeline
from tests.helpers import project_crawler


def article(headline: str = "Headline", body: str = "One.\nTwo words.") -> Article:
    metadata = Metadata(spider="independent", source="fixture", dateDownloaded="x", extractor="t")
    return Article(
        id="independent:1",
        url="file:///a.txt",
        headline=headline,
        articleBody=body,
        metadata=metadata,
    )


def test_clean_text_pipeline_cleans_records_and_counts() -> None:
    crawler = project_crawler()
    pipeline = CleanTextPipeline.from_crawler(crawler)
    item = pipeline.process_item(
        article(body="Sign up to our free breaking news emails\nOne.\nOne.\nTwo  words.")
    )
    assert item.articleBody == "One.\n\nTwo words."
    assert [r.rule for r in item.metadata.removed] == [
        "newsletter_signup",
        "repeated_paragraph",
        "whitespace",
    ]
    assert crawler.stats.get_value("newsbot/removed/newsletter_signup") == 1
    assert crawler.stats.get_value("newsbot/removed/repeated_paragraph") == 1


def test_content_hash_follows_the_text() -> None:
    assert content_hash(article()) == content_hash(article())
    assert content_hash(article()) != content_hash(article(body="One.\nThree words."))
    assert content_hash(article()) != content_hash(article(headline="Other"))


def test_with_cleaning_switched_off_the_text_is_laid_out_and_nothing_removed() -> None:
    crawler = project_crawler(NEWSBOT_CLEANING_ENABLED=False)
    pipeline = CleanTextPipeline.from_crawler(crawler)
    body = "Sign up to our free breaking news emails\nOne.\n\nOne.\nTwo  words.\n"
    item = pipeline.process_item(article(headline=" Headline\t", body=body))
    assert item.headline == "Headline"
    assert (
        item.articleBody == "Sign up to our free breaking news emails\n\nOne.\n\nOne.\n\nTwo words."
    )
    assert item.metadata.removed == []
    assert not [key for key in crawler.stats.get_stats() if key.startswith("newsbot/removed/")]


@pytest.mark.parametrize("cleaning", [True, False], ids=["cleaning on", "cleaning off"])
def test_every_record_gets_its_word_count_and_hash(cleaning: bool) -> None:
    crawler = project_crawler(NEWSBOT_CLEANING_ENABLED=cleaning)
    clean, fingerprint = CleanTextPipeline.from_crawler(crawler), FingerprintPipeline()
    one = fingerprint.process_item(clean.process_item(article(body="One.\nTwo words.")))
    assert one.wordCount == 3
    assert one.metadata.contentHash == content_hash(one)
    other = fingerprint.process_item(clean.process_item(article(body="One.\nThree words.")))
    assert other.metadata.contentHash != one.metadata.contentHash


@pytest.mark.parametrize(
    "item, code",
    [(article(headline=""), "no_headline"), (article(body=""), "no_text")],
    ids=["no headline", "no text"],
)
def test_validate_drops_with_a_reason(item: Article, code: str) -> None:
    crawler = project_crawler()
    pipeline = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=r"file:///a\.txt"):
        pipeline.process_item(item)
    assert crawler.stats.get_value(f"newsbot/dropped/{code}") == 1


def test_validate_passes_an_article() -> None:
    item = article()
    assert ValidatePipeline.from_crawler(project_crawler()).process_item(item) is item
