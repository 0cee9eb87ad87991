"""Site knowledge, one package per publisher (``newsbot/sites/<site>/``): furniture phrases,
URLs, selectors, id rules. A spider is named after its site; generic components find the
site's knowledge by that name, through the functions here."""

from __future__ import annotations

from importlib import import_module

from newsbot.cleaning import Boilerplate


def furniture(site: str) -> Boilerplate:
    """The site's furniture rules: ``BOILERPLATE`` of ``newsbot/sites/<site>/furniture.py``."""
    return import_module(f"newsbot.sites.{site}.furniture").BOILERPLATE


def house_credits(site: str) -> frozenset[str]:
    """The site's own credits, which name nobody: ``HOUSE_CREDITS`` of
    ``newsbot/sites/<site>/``, casefolded."""
    return frozenset(
        credit.casefold() for credit in import_module(f"newsbot.sites.{site}").HOUSE_CREDITS
    )
