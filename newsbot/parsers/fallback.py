"""The text of any article page by trafilatura, for pages whose layout the site parser misses."""

from __future__ import annotations

EXTRACTOR = "trafilatura"


def fallback_paragraphs(html: str, url: str) -> list[str]:
    """The main text's paragraphs as trafilatura finds them; empty when it finds none."""
    # Imported on first use: most runs never need it, and it adds 60 ms to every start.
    import trafilatura

    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        deduplicate=False,
    )
    return [line for line in (text or "").splitlines() if line.strip()]
