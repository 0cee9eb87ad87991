"""newsbot: news articles as a clean JSON Lines feed, one Scrapy spider per site."""
