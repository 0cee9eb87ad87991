"""Spiders find and fetch articles (or read local copies); one spider per site."""
