"""The Independent's spider: the news spider with the site's description."""

from __future__ import annotations

from newsbot.sites import site
from newsbot.spiders.news import NewsSpider


class IndependentSpider(NewsSpider):
    """Articles of The Independent (newsbot/sites/independent/), from the live site or
    from local copies: ``scrapy crawl independent``."""

    name = "independent"
    site = site("independent")
