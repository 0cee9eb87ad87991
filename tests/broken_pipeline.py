"""An item pipeline with a bug, for the tests: it raises on the articles whose headline
starts with "Council", as a pipeline may on an input nobody foresaw."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter


class BrokenPipeline:
    def process_item(self, item: Any) -> Any:
        if str(ItemAdapter(item).get("headline", "")).startswith("Council"):
            raise ValueError("a bug met on this article")
        return item
