"""The Independent, as the generic news spider and the pipelines see it."""

from __future__ import annotations

from newsbot.sites import Site
from newsbot.sites.independent import HOUSE_CREDITS, NAME, article_id, page, urls
from newsbot.sites.independent.furniture import BOILERPLATE
from newsbot.sites.independent.liveblog import page_links

SITE = Site(
    name=NAME,
    hosts=urls.HOSTS,
    archive_hosts=urls.ARCHIVE_HOSTS,
    news_sitemap=urls.NEWS_SITEMAP,
    sitemap_index=urls.SITEMAP_INDEX,
    settings="INDEPENDENT",
    article_id=article_id,
    is_article=urls.is_article,
    sitemap_month=urls.sitemap_month,
    parse_page=page.parse_page,
    extractor=page.EXTRACTOR,
    furniture=BOILERPLATE,
    house_credits=frozenset(credit.casefold() for credit in HOUSE_CREDITS),
    blog_pages=page_links,
)
