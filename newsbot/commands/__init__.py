"""Scrapy commands that newsbot changes: `crawl` gets an exit status that cron can act on."""
