"""`scrapy furniture SPIDER`: the furniture newsbot has learned from the data, to audit it.

    scrapy furniture independent                   # the lines removed as recurring
    scrapy furniture independent --all             # and every line counted in 2+ articles
    scrapy furniture independent --forget "TEXT"   # never remove this line again

Each line is listed with the number of distinct articles it was found in and the share of
the articles counted since it was first seen; ``forgotten`` marks a line a user took back.
It reads the spider's state (NEWSBOT_STATE_PATH) and takes the run's lock, so it waits for
no run and changes nothing while one is going on.
"""

from __future__ import annotations

import argparse
import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsbot.cleaning import normalise_whitespace
from newsbot.recurring import line_key
from newsbot.run.state import AlreadyRunning, RunLock, State, StateError, state_path


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, object]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "<spider> [--all] [--forget TEXT]"

    def short_desc(self) -> str:
        return "List the furniture learned from recurring paragraphs, or forget a line"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--all", action="store_true", help="also list lines not (yet) removed")
        parser.add_argument(
            "--forget", metavar="TEXT", action="append", default=[],
            help="never remove this paragraph (whitespace is normalised); may be repeated",
        )  # fmt: skip

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give the name of one spider, e.g. `scrapy furniture independent`")
        assert self.settings is not None
        path = state_path(self.settings.get("NEWSBOT_STATE_PATH"), args[0])
        if not path.exists():
            self._fail(f"no state at {path}: nothing has been learned yet")
            return
        limits = {
            "min_articles": self.settings.getint("NEWSBOT_RECURRING_MIN_ARTICLES"),
            "min_share": self.settings.getfloat("NEWSBOT_RECURRING_MIN_SHARE"),
        }
        try:
            lock = RunLock(path)
        except AlreadyRunning as error:
            self._fail(f"a run is going on ({error}): try again when it has finished")
            return
        except StateError as error:
            self._fail(f"cannot use the state: {error}")
            return
        try:
            state = State(path)
            try:
                recurring = state.recurring(**limits)
                lines = [normalise_whitespace(text) for text in opts.forget]
                for line in lines:
                    known = recurring.forget(line)
                    print(f"forgotten{'' if known else ' (never counted)'}: {line}")
                if lines:
                    given_back = state.forget(recurring, [line_key(line) for line in lines])
                    self._say_given_back(given_back)
                    return
                print(f"{recurring.learned} articles counted")
                for learned in recurring.listing(all_lines=opts.all):
                    mark = (
                        "forgotten" if learned.forgotten
                        else "removed" if learned.furniture else "counted"
                    )  # fmt: skip
                    print(f"{learned.articles:>7} {learned.share:>6.1%}  {mark:<9}  {learned.text}")
            finally:
                state.close()
        except StateError as error:
            self._fail(f"cannot use the state: {error}")
        except ValueError as error:
            self._fail(f"wrong settings for recurring furniture: {error}")
        finally:
            lock.release()

    @staticmethod
    def _say_given_back(articles: list[tuple[str, str | None]]) -> None:
        if not articles:
            print("no article emitted so far lost it: nothing to emit again")
            return
        dated = [published[:10] for _, published in articles if published]
        since = f" (published from {dated[0]})" if dated else ""
        print(
            f"{len(articles)} articles were emitted without it{since}: the next run that "
            "reads them emits them again, with it, as their next revision. A run of the "
            "live site reads only what its source lists (the news sitemap: the last two "
            "days); for older articles, run `scrapy crawl independent -a source=sitemap "
            "-a since=YYYY-MM-DD`; local copies and web archives, run over them again."
        )

    def _fail(self, message: str) -> None:
        print(f"scrapy furniture: {message}", file=sys.stderr)
        self.exitcode = 1
