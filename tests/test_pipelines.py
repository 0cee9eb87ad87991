"""The item pipelines: thin adapters that apply cleaning and validation, and count what they do."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem, NotConfigured

from newsbot.items import Article, Metadata
from newsbot.pipelines.clean_text import CleanTextPipeline, content_hash
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
    assert item.wordCount == 3
    assert [r.rule for r in item.metadata.removed] == [
        "newsletter_signup",
        "repeated_paragraph",
        "whitespace",
    ]
    assert item.metadata.contentHash == content_hash(item)
    assert crawler.stats.get_value("newsbot/removed/newsletter_signup") == 1
    assert crawler.stats.get_value("newsbot/removed/repeated_paragraph") == 1


def test_content_hash_follows_the_text() -> None:
    assert content_hash(article()) == content_hash(article())
    assert content_hash(article()) != content_hash(article(body="One.\nThree words."))
    assert content_hash(article()) != content_hash(article(headline="Other"))


def test_cleaning_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        CleanTextPipeline.from_crawler(project_crawler(NEWSBOT_CLEANING_ENABLED=False))


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
