"""How a run ends: the finish reasons newsbot's spiders close with, and the exit status of
`scrapy crawl` for each (documented in the README's Exit status section)."""

from __future__ import annotations

# Finish reasons, besides Scrapy's own ("finished", "shutdown", ...).
BAD_ARGUMENT = "bad_argument"  # a spider argument is wrong; the log says which
SITE_UNREACHABLE = "site_unreachable"  # no discovery document could be read

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_ARGUMENT = 2


def exit_status(finish_reason: str | None) -> int:
    """The exit status for a run that closed with ``finish_reason`` (None: it never started)."""
    if finish_reason == "finished":
        return EXIT_OK
    if finish_reason == BAD_ARGUMENT:
        return EXIT_BAD_ARGUMENT
    return EXIT_FAILED
