"""Settings of the newsbot project. Each one is documented in the README's Settings section.

Everything here can be overridden for one run with ``-s NAME=VALUE``.
"""

BOT_NAME = "newsbot"

SPIDER_MODULES = ["newsbot.spiders"]
NEWSPIDER_MODULE = "newsbot.spiders"
COMMANDS_MODULE = "newsbot.commands"

# Items are logged one line at a time when dropped; INFO keeps a run's log readable.
LOG_LEVEL = "INFO"
LOG_FORMATTER = "newsbot.logformatter.LogFormatter"
# Nothing listens on a port: runs are driven by cron and read through their feeds.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# --- Output -----------------------------------------------------------------------------
# One JSON Lines file per run, NEWSBOT_FEED_DIR/<spider>/<start time>.jsonl, unless the
# command line names feeds with -o/-O (which then replace it). UTF-8 as is, not \u escapes.
ADDONS = {"newsbot.feeds.DefaultFeed": 0}
NEWSBOT_FEED_DIR = "output"
FEED_EXPORT_ENCODING = "utf-8"
# A run that yields no article leaves no feed file behind, not an empty one.
FEED_STORE_EMPTY = False

# --- Item pipelines, in order -------------------------------------------------------------
ITEM_PIPELINES = {
    "newsbot.pipelines.clean_text.CleanTextPipeline": 100,
    "newsbot.pipelines.validate.ValidatePipeline": 900,
}
NEWSBOT_CLEANING_ENABLED = True

# --- Local copies (-a fixtures=PATH) ---------------------------------------------------------
# Files larger than this are skipped with a warning: no article is 10 MB of text.
NEWSBOT_FIXTURES_MAX_BYTES = 10 * 1024 * 1024
