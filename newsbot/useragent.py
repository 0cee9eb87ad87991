"""The User-Agent newsbot sends: its name, its version and a way to reach its operator."""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, Settings

VERSION = "0.1"


class ContactUserAgent:
    """Add-on: ``USER_AGENT = "newsbot/VERSION (+NEWSBOT_CONTACT)"`` unless USER_AGENT is set."""

    def update_settings(self, settings: Settings) -> None:
        if (settings.getpriority("USER_AGENT") or 0) > SETTINGS_PRIORITIES["default"]:
            return  # set by the user, in the project settings or on the command line
        contact = settings.get("NEWSBOT_CONTACT")
        settings.set("USER_AGENT", f"newsbot/{VERSION} (+{contact})", priority="addon")
