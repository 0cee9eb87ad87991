"""Settings of the newsbot project. Each one is documented in the README's Settings section.

Everything here can be overridden for one run with ``-s NAME=VALUE``.
"""

from newsbot.sites.independent import urls as independent_urls

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
# One JSON Lines file per run, NEWSBOT_FEED_DIR/<spider>/<run id>.jsonl, unless the
# command line names feeds with -o/-O (which then replace it). UTF-8 as is, not \u escapes.
ADDONS = {
    "newsbot.run.feeds.DefaultFeed": 0,
    "newsbot.useragent.ContactUserAgent": 0,
    "newsbot.run.distributed.Distributed": 0,
}
NEWSBOT_FEED_DIR = "output"
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {
    "jsonlines": "newsbot.exporters.JsonLinesExporter",
    "jsonl": "newsbot.exporters.JsonLinesExporter",
}
# Local feed files are written whole or not at all: under a hidden name, then moved into
# place when the run publishes (newsbot.run.feeds). %(run_id)s in a feed's name is the run's.
FEED_STORAGES = {
    "": "newsbot.run.feeds.AtomicFileFeedStorage",
    "file": "newsbot.run.feeds.AtomicFileFeedStorage",
}
FEED_URI_PARAMS = "newsbot.run.feeds.uri_params"
# A feed named with -O is rewritten even when the run emits nothing, so that it never shows
# an earlier run's records again. (The default feed leaves no file then: see feeds.py.)
FEED_STORE_EMPTY = True

# --- The site ------------------------------------------------------------------------------
# Where discovery starts; the spider follows this host and the site's own two hosts only.
# Point it at a mirror or a test server with -s INDEPENDENT_BASE_URL=http://127.0.0.1:8000.
INDEPENDENT_BASE_URL = "https://www.independent.co.uk"
# RSS feeds read by -a source=rss, as paths under INDEPENDENT_BASE_URL.
INDEPENDENT_RSS_FEEDS = list(independent_urls.RSS_FEEDS)
# URL paths that are never articles (video, galleries, topics, authors, shopping): a regex.
INDEPENDENT_SKIP_PATHS = independent_urls.SKIP_PATHS

# --- Politeness -------------------------------------------------------------------------------
# Who is asking: newsbot, with a way to reach whoever runs it. Set NEWSBOT_CONTACT to your
# address or page; USER_AGENT set outright wins over it.
NEWSBOT_CONTACT = "https://github.com/newsbot/newsbot"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Retries on 5xx and timeouts; a page that will not come is given up on quickly, so a run
# against a site that does not answer ends within a minute (robots.txt: 3 tries of 10 s;
# the discovery document: 2 tries).
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 10
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
COOKIES_ENABLED = False
# Requests go only to the site's hosts, compared exactly, each URL parsed as it is fetched
# (newsbot/hosts.py): Scrapy's own offsite check lets subdomains and any port through.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newsbot.hosts.OnSiteMiddleware": 50,
}
# For development: -s HTTPCACHE_ENABLED=True keeps every response under .scrapy/httpcache
# and answers the next run from there.
HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 0

# --- Item pipelines, in order -------------------------------------------------------------
# The pipelines are synchronous, so records of one response gain nothing from being
# processed side by side; Scrapy starts this many tasks for every response (100 by default:
# 3 ms a page).
CONCURRENT_ITEMS = 1
ITEM_PIPELINES = {
    "newsbot.pipelines.clean_text.CleanTextPipeline": 100,
    "newsbot.pipelines.bylines.BylinesPipeline": 200,
    "newsbot.pipelines.fingerprint.FingerprintPipeline": 300,
    "newsbot.pipelines.validate.ValidatePipeline": 900,
    "newsbot.pipelines.incremental.IncrementalPipeline": 1000,
}
# False: no furniture is removed (the text is still laid out in paragraphs).
NEWSBOT_CLEANING_ENABLED = True
# Furniture learned from the data (newsbot/recurring.py): a paragraph of five words or more,
# with no quotation mark, found verbatim in at least NEWSBOT_RECURRING_MIN_ARTICLES
# different articles (copies of one count once) AND in at least
# NEWSBOT_RECURRING_MIN_SHARE of the articles counted
# since it was first seen, is removed (rule "recurring"). An appeal is on most pages of its
# time; a quote a few follow-up stories repeat is in a handful out of hundreds. The counts
# are kept in the state; `scrapy furniture` lists them and forgets a line. False: nothing
# is counted or removed.
NEWSBOT_RECURRING_ENABLED = True
NEWSBOT_RECURRING_MIN_ARTICLES = 10
NEWSBOT_RECURRING_MIN_SHARE = 0.05

# --- Live blogs ------------------------------------------------------------------------------
# A live blog split into pages (?page=2, ...) is read page after page, following its pager,
# up to this many pages in all; one record holds the posts of every page read.
NEWSBOT_LIVE_BLOG_MAX_PAGES = 20

# --- State: only what is new or changed ------------------------------------------------------
# The database of what earlier runs emitted; %(spider)s is the spider's name. Relative
# paths are from the working directory (cron: cd to the repository first).
NEWSBOT_STATE_PATH = "state/%(spider)s.sqlite"
# False: emit everything found and keep no state (no lock either).
NEWSBOT_STATE_ENABLED = True
# True: emit everything found once more, whatever the state says, and keep the state.
NEWSBOT_REEMIT = False
# Discovery skips a link whose sitemap date (lastmod, else publication date) is older than
# the article's last emission by more than this: it cannot be new or changed. The margin
# covers clocks that disagree.
NEWSBOT_OVERLAP_MINUTES = 30

# Articles the state knows are fetched again, while recent, when this share of their age has
# passed since the state last saw their text (at least NEWSBOT_RECHECK_MIN_MINUTES apart, up
# to NEWSBOT_RECHECK_MAX_DAYS old; 0 days: never). See newsbot/freshness.py.
NEWSBOT_RECHECK_FACTOR = 0.25
NEWSBOT_RECHECK_MIN_MINUTES = 15
NEWSBOT_RECHECK_MAX_DAYS = 3

# --- Runs -----------------------------------------------------------------------------------
# The run's coordinator (lock, state, feeds, manifest, exit status: newsbot/run/) drives the
# feed exports itself, in its order, in place of Scrapy's FeedExporter.
EXTENSIONS = {
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newsbot.run.coordinator.Run": 0,
}
# manifest.jsonl beside the feeds: one line per run.
NEWSBOT_MANIFEST_ENABLED = True
# Delete published feeds older than this many days at the end of a run; 0 keeps them all.
NEWSBOT_FEED_RETENTION_DAYS = 0
# Exit with status 5 (the layout changed) when more than this share of at least
# NEWSBOT_FALLBACK_MIN_PAGES pages needed the fallback extractor.
NEWSBOT_FALLBACK_MAX_SHARE = 0.5
NEWSBOT_FALLBACK_MIN_PAGES = 10

# --- Local copies (-a fixtures=PATH) ---------------------------------------------------------
# Files larger than this are skipped with a warning: no article is 10 MB of text.
NEWSBOT_FIXTURES_MAX_BYTES = 10 * 1024 * 1024

# --- Distributed mode: one run on several workers (newsbot/run/distributed.py) ----------------
# A Redis URL switches it on (redis://HOST:6379/0): the run's queue is there, shared by its
# seeder and its workers. The state is then the PostgreSQL database at NEWSBOT_STATE_URL
# (postgresql://USER:PASSWORD@HOST/DATABASE), in place of NEWSBOT_STATE_PATH.
NEWSBOT_REDIS_URL = ""
NEWSBOT_STATE_URL = ""
# "seeder": takes the run lock, reads the arguments, discovers or reads the local copies,
# and works like any worker; "worker": joins the run going on, with its arguments.
NEWSBOT_ROLE = "seeder"
# How many workers the run is to have: the site's politeness limits are divided among them
# (CONCURRENT_REQUESTS_PER_DOMAIN and AUTOTHROTTLE_TARGET_CONCURRENCY divided,
# DOWNLOAD_DELAY multiplied), so that together they ask no more of the site than one does;
# CONCURRENT_REQUESTS becomes a worker's share of CONCURRENT_REQUESTS_PER_DOMAIN.
NEWSBOT_WORKERS = 1
# Each worker says it is alive this often; one silent for 6 beats (or NEWSBOT_STATE_TIMEOUT
# and 2 beats, if longer) is taken for dead.
NEWSBOT_HEARTBEAT_SECONDS = 5.0
# How long a call into PostgreSQL or Redis may take, connecting included, before the
# server is taken for lost and the run stops (status 7). A process waiting for one cannot
# beat: it is not taken for dead before this and 2 beats have passed.
NEWSBOT_STATE_TIMEOUT = 60.0
# How long a worker waits for a seeder's run before it exits (status 0).
NEWSBOT_JOIN_TIMEOUT = 60
# A worker's name in the feeds, the manifest and the state; by default <host>-<process id>.
NEWSBOT_WORKER_ID = ""
# A web archive is shared among the workers in parts of about this many bytes (8 MiB: a few
# hundred pages); a worker killed loses the parts it was reading to that run.
NEWSBOT_ARCHIVE_PART_BYTES = 8 * 1024 * 1024
