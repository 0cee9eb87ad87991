"""Parsers turn a page or a text file into an Article of raw fields; cleaning comes later."""
