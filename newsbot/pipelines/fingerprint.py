"""Gives each record its word count and content hash, whether cleaning is on or off."""

from __future__ import annotations

import hashlib

from scrapy.crawler import Crawler

from newsbot.cleaning import word_count
from newsbot.items import Article


class FingerprintPipeline:
    """Fills ``wordCount`` and ``metadata.contentHash`` from the text as the feed carries it:
    the hash is what tells the state that an article changed."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FingerprintPipeline:
        return cls()

    def process_item(self, item: Article) -> Article:
        item.wordCount = word_count(item.articleBody)
        item.metadata.contentHash = content_hash(item)
        return item


def content_hash(item: Article) -> str:
    """SHA-256 of what a reader sees of the text; the same text gives the same hash."""
    text = "\n".join((item.headline, item.description or "", item.articleBody))
    return hashlib.sha256(text.encode()).hexdigest()
