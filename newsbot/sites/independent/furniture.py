"""The Independent's furniture: appeals, prompts, page chrome and credits that are not article text.

Named patterns, each with a note on where it was seen; newsbot.cleaning applies them.
"Seen in" names the development set of 80 real text copies of the site's pages, 2007 to
2025 (bench/text_cleaning.py scores it): copies of the site's own pages, and of mirrors
and readers that copy them (Yahoo, inkl, Magzter, NewsBreak, scraper blogs).
"""

from __future__ import annotations

from newsbot.cleaning import SECTION_LABEL as SECTION_NAME_RULE
from newsbot.cleaning import (
    BlockRule,
    Boilerplate,
    CaptionRule,
    HeadlineSuffix,
    LineRule,
    PrefixRule,
)

# ---------------------------------------------------------------------------------------
# Patterns match after whitespace normalisation, ignoring case (except where (?-i:...)
# asks for capitals). Lines fill a whole paragraph; openers and prefixes start one.
# ["’] stands for the straight and the curly apostrophe, which the site uses in turn.
# ---------------------------------------------------------------------------------------

# The buttons an appeal carries, glued on or on lines of their own.
_APPEAL_BUTTONS = r"(?:\s*(?:Read more|Support Now|Find out more|Close|Support us))*"
# A signature's job title on a line of its own, in capitals as a title is: "Editor", "White
# House Correspondent", "Washington Bureau Chief", "Senior Political Reporter" (the appeals
# signed by a reporter of 2024 US coverage). A paragraph that is one, whole: the frame
# ends there, whatever the appeal said before it in the reporter's voice.
_JOB_TITLE = (
    r"(?:[A-Z][\w’'&.-]*\s){0,4}"
    r"(?:Correspondent|Editor|Reporter|Writer|Columnist|Chief|Critic|Commentator)"
)

DONATION_APPEAL = BlockRule(
    name="donation_appeal",
    # Above the text from 2024 (seeds 000 and 004; 24 copies of the development set), and
    # flattened onto one line with its buttons ("... tell the story Read more Support Now
    # From reproductive rights ..."), with or without spaces ("tell the storySupport Now").
    # The editor's appeal of 2024 ("Support truly" / "independent journalism" ... "Louise
    # Thomas" "Editor", listing pages of 2024) and a reporter's, in their own voice ("As
    # your White House correspondent, I ask the tough questions ..." ... "Andrew Feinberg"
    # "White House Correspondent"): the frame ends at the signature's job title.
    opener=(
        r"(?:Your support helps us (?:to )?tell the story\.?"
        r"|Support truly\s*independent journalism|Support truly)" + _APPEAL_BUTTONS
    ),
    closer=(
        r"(?:Your support makes all the difference\.|Louise Thomas\s*Editor"
        r"|Support us to deliver journalism without an agenda\.(?:\s*Louise Thomas\s*Editor)?)"
        + _APPEAL_BUTTONS
    ),
    signature=_JOB_TITLE,
    # Its sentences, for the appeal without its opener: page 2, 3, ... of a live blog starts
    # at "From reproductive rights to ..." (development set: 6 copies), or the opener lost.
    phrases=(
        r"From reproductive rights to climate change to Big Tech",
        r"Whether it[’']s investigating the financials",
        r"we know how important it is to parse out the facts",
        r"At such a critical moment in US history",
        r"Your donation allows us to keep sending journalists",
        r"The Independent is trusted by (?:\d+ million )?Americans (?:from )?across the entire"
        r" political spectrum",
        r"Help us keep bring(?:ing)? these critical stories to light",
        r"we choose not to lock Americans out of our reporting",
        r"We believe quality journalism should be available to everyone",
        r"Our mission is to deliver unbiased, fact-based reporting",
        r"Whether \$5 or \$50, every contribution counts",
        r"This election is still a dead heat",
        r"we need reporters on the ground talking to the people",
    ),
)

EDITOR_SIGNATURE = LineRule(
    name="donation_appeal",
    # The signature under the editor's appeal of 2024, one line a part ("Louise Thomas"
    # "Editor"), left when the appeal's block ended at its last sentence.
    lines=r"Louise Thomas(?:\s*Editor)?",
    followers=r"Editor",
)

APPEAL_BUTTONS = LineRule(
    name="donation_appeal",
    # The appeal's buttons on a line of their own, left after the appeal's block.
    lines=(
        r"(?:Support Now|Find out more)(?: ?(?:Read more|Support Now|Close)){0,4}"
        r"|Read more ?Support Now"
    ),
)

NOTIFICATION_PROMPT = LineRule(
    name="notification_prompt",
    # The browser-notification offer at the top of 2016-25 pages (development set: 17).
    lines=(
        r"Stay up to date with notifications from The Independent"
        r"|Notifications can be managed in browser preferences\."
    ),
    followers=r"Notifications can be managed in browser preferences\.|Not now|Yes please",
)

_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)

# An author's name as a live blog's post stamp prints it, glued to the date: two to four
# capitalised words, the last ending in a small letter ("Jack Austin", not "London SW").
_STAMP_NAME = r"(?-i:[A-Z][A-Za-z'’-]{0,20}[a-z](?: [A-Z][A-Za-z'’-]{0,20}[a-z]){1,3})"

LIVE_BLOG_CHROME = LineRule(
    name="live_blog_chrome",
    lines=(
        # "Please allow a moment for the live blog to load" (and "our liveblog", "…").
        r"Please allow a moment for (?:the|our) (?:live ?)?blog to load(?:…|\.{1,3})?"
        # Badges with the epoch of the last post: "As it happenedended1564816802",
        # "Liveupdated1653780701", "Liveupdated", "Live Updates" (2017-25 live blogs).
        r"|(?:As it happened(?:ended)?|Live ?updated|Live Updates|Ended|Live) ?\d{0,11}"
        # The label of the key points box (its points are text).
        r"|Key points"
        # A post's stamp: a bare epoch ("1502543427"), a relative time ("10 mins ago",
        # "2 hours ago", "1 day ago"), an author glued to the date ("Clark Mindock2 August
        # 2019 14:49"), the time and author of reader copies ("09:17 , Mike Jones", Yahoo).
        r"|1\d{9}"
        r"|\d{1,2} (?:mins?|minutes?|hours?|hrs?|days?) ago"
        rf"|{_STAMP_NAME}\d{{1,2}} (?-i:[A-Z][a-z]{{2,8}}) \d{{4}} \d{{1,2}}:\d{{2}}"
        # The same, cut short where a copy ends ("Jack Austin1").
        rf"|{_STAMP_NAME}\d{{1,2}}(?: (?-i:[A-Z][a-z]{{0,8}})(?: \d{{0,4}})?)?"
        rf"|(?:{_WEEKDAY} \d{{1,2}} {_MONTH} \d{{4}} )?\d{{1,2}}:\d{{2}} ?, "
        r"(?-i:[A-Z][\w'’-]{1,20}(?: [A-Z][\w'’-]{1,20}){0,3})"
    ),
)

SHOW_LATEST = PrefixRule(
    name="live_blog_chrome",
    # The button above a live blog's first post, glued to it ("Show latest update
    # 1635402646 What has changed since Cop25? ...", a 2021 mirror copy).
    prefix=r"Show latest update\s*\d{0,11}",
)

# A byline's names: capitalised words, with the commas and small words between them
# ("Oliver O'Connell", "in New York", ",Ariana Baio", "Kieran Jackson and Flo Clifford",
# "By Holly Bancroft,Andy Gregory,Arpan Rai and Joe Middleton", "Reviewed,Boyd Tonkin"),
# and job titles ("Political Correspondent", "Senior Climate Correspondent, New York").
_NAME_WORD = r"(?-i:[A-Z][\w'’.-]{0,20})"
_BYLINE_LINE = (
    rf"(?:By |Reviewed,? ?(?:by )?|, ?)?(?:(?-i:in|at) )?{_NAME_WORD}"
    rf"(?:(?: ?, ?| )(?:(?-i:and|in|at|of|the|de|da|van|von|for) ){{0,2}}{_NAME_WORD}){{0,8}}"
)
# The title of a lead video or image: a short line that ends no sentence. A first paragraph
# ends with a stop, perhaps inside the text's double quotes; a title may end with a quote
# in the single straight quotes of the site's headlines ("... 'went through a very strong
# vetting process.'").
_MEDIA_TITLE = r"(?![^\n]*[.!?…][\"”’)\]]*\Z)(?:\S+ ){0,24}\S+"

# What the follow button follows ("The Independent Online", "The Independent Culture").
_FOLLOW_LABEL = r"The Independent(?: Online| Culture| \w+)?"

BYLINE = LineRule(
    name="byline",
    # The dateline of the byline block at the top of 2010-25 pages: "Friday 19 February
    # 2016 17:18 EST", "Friday 28 January 2022 21:30", "Tuesday 24 November 2009 01:00"
    # (development set: 24 copies), after the author lines and before the Comments button.
    lines=(
        rf"(?:{_WEEKDAY},? )?\d{{1,2}} {_MONTH},? \d{{4}}(?:,? \d{{1,2}}[:.]\d{{2}}(?: ?[ap]m)?)?"
        r"(?: [A-Z]{2,4})?"
        # The date line of reader copies: "March 22, 2025" (Magzter).
        rf"|{_MONTH} \d{{1,2}}, \d{{4}}"
    ),
    leaders=_BYLINE_LINE,
    followers=rf"\d*\s*Comments?|Click to follow|{_FOLLOW_LABEL}",
    # The title of the lead video or image right after the Comments button: a short line
    # that ends no sentence (2017-25 pages: 8 copies). A first paragraph ends with a stop.
    then=_MEDIA_TITLE,
)

VIDEO_PROMPT = LineRule(
    name="video_player",
    # The prompt above the video of a 2017 live blog, and the video's title after it.
    lines=r"Live blog begins below the video",
    followers=r"(?!)",
    then=_MEDIA_TITLE,
)

BYLINE_BY = LineRule(
    name="byline",
    # A byline on a line of its own in reader copies ("By Holly Bancroft,Andy Gregory,Arpan
    # Rai and Joe Middleton": NewsBreak 2022).
    lines=rf"By {_BYLINE_LINE}",
)

READING_TIME = LineRule(
    name="byline",
    # Yahoo's copies: the authors' names alone under the headline, then the date and the
    # reading time ("Fri, March 3, 2023 at 9:00 AM GMT·3 min read"), or the reading time
    # alone.
    lines=(
        r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
        r"[^·•\n]{0,80}[·•] ?)?\d{1,3}[- ]min(?:ute)? read"
    ),
    leaders=_BYLINE_LINE,
)

FOLLOW_BUTTON = LineRule(
    name="byline",
    # The follow button of 2016-17 pages, before the byline ("Click to follow" "The
    # Independent Online": development set, 6 copies).
    lines=r"Click to follow",
    followers=_FOLLOW_LABEL,
)

COMMENT_PROMPT = LineRule(
    name="comment_prompt",
    # Under every article since 2023 (seeds 000 and 004; fundus 2024-11-22 div.show-comments;
    # development set: 9), and the 2025 wording "Join our new commenting forum".
    lines=(
        r"Join (?:our|the) (?:new )?commenting forum"
        r"|Join thought-provoking conversations, follow other Independent readers"
        r" and see their replies"
        # The 2007-08 pages' version (l3sgn1 2007-12-16).
        r"|To have your say on this or any other issue visit \S{1,100}"
    ),
    # The button that follows the prompt.
    followers=r"\d*\s*Comments?",
)

LOGIN_PROMPT = LineRule(
    name="login_prompt",
    # What the comments' log-in leaves in copies of 2016-25 pages (development set: 5).
    lines=(
        r"Thank you for registering"
        r"|Please refresh the page or navigate to another page on the site to be automatically"
        r" logged in.{0,200}"
        r"|Please refresh your browser to be logged in"
        # The navigation's log-in link (2025 pages).
        r"|Log in / Register"
    ),
    followers=r"Please refresh .*",
)

PREMIUM_PROMPT = LineRule(
    name="premium_prompt",
    lines=(
        # The bookmark button for non-members (seed 004; fundus 2023 and 2024 div.social-share),
        # by its shape: a line that offers bookmarks with Independent Premium, in a sentence
        # or two ("Want to bookmark your favourite articles and stories to read or reference
        # later? Start your Independent Premium subscription today.").
        r"Subscribe to Independent Premium to bookmark this article"
        r"|(?:Want to )?bookmark[^.?!]{0,120}[.?!]? ?(?:Start your|Subscribe to|Join)"
        r" Independent Premium\b[^.?!]{0,80}[.?!]?"
        # The bookmark notice for members (fundus 2023, trafilatura 2020 div.social-share).
        r"|Article bookmarked"
        r"|Find your bookmarks in your Independent Premium section, under my profile"
        # The app promotion in the text (mercury 2019 div.inline-prompt, misspelt on the site),
        # by its shape: an offer to download the Premium app, in a few words.
        r"|(?:Download|Get|Try) (?:the )?(?:new )?Inde?pendent Premium app\b[^.!?]{0,80}[.!]?"
        r"(?: Sharing the full story, not just the headlines)?(?: Download now)?"
    ),
    # The prompt's label above it: "Independent Premium" (2025 copies).
    leaders=r"Independent Premium",
    followers=(
        r"Want to bookmark your favourite articles and stories to read or reference later\?"
        r" Start your Independent Premium subscription today\."
        r"|Subscribe|Already subscribed\?|Log in"
        r"|Find your bookmarks in your Independent Premium section, under my profile"
        r"|Don[’']t show me this message again|✕"
        r"|Sharing the full story, not just the headlines|Download now"
    ),
)

# The newsletter widget's own words, as copies flatten it onto one line (development set:
# "Sign up to our free weekly newsletter ... Please enter a valid email address ... SIGN UP
# ... Read our privacy notice Thanks for signing up to the"), and its template remnant.
_WIDGET = (
    r"Please enter a valid email address|I would like to be emailed about offers"
    r"|Thanks for signing up to the|Read our privacy notice|\{\{ ?[#^/]?verifyErrors ?\}\}"
)

NEWSLETTER_SIGNUP = LineRule(
    name="newsletter_signup",
    lines=(
        # "Sign up to our free breaking news emails" (fundus 2024 div.newsletter-component),
        # "Sign up to our free Brexit and beyond email for the latest headlines ..." (2019),
        # "Sign up for the View from Westminster email for expert analysis straight to your
        # inboxGet our free View from Westminster email" (2024 copies).
        r"Sign up (?:to|for) (?:our|the) .{0,80}?\b(?:e-?mails?|newsletters?)\b.{0,160}"
        r"|For free real time breaking news alerts sent straight to your inbox"
        r" sign up to our .{0,80}?e-?mails"
        # The widget flattened onto one line, with its buttons and notices.
        rf"|(?:Sign up|For free real time) .{{0,400}}?(?:{_WIDGET}).{{0,1000}}"
        # The template remnant after the widget: "{{ #verifyErrors }}{{ message }}
        # {{ /verifyErrors }}{{ ^verifyErrors }}Something went wrong. Please try again
        # later{{ /verifyErrors }}" (2024 copies).
        r"|(?:\{\{[^{}]*\}\}|Something went wrong\. Please try again later)+"
    ),
    followers=(
        r"Sign up(?: to our .{0,80}?e-?mails)?"
        r"|I would like to be emailed about offers, events and updates from The Independent\."
        r"(?: Read our(?: privacy policy| privacy notice)?)?"
        r"|Read our(?: privacy policy| privacy notice)?|privacy (?:policy|notice)"
        r"|Update newsletter preferences|Please enter a valid email address|Thanks for signing"
        r" up to the .*"
        r"|(?:\{\{[^{}]*\}\}|Something went wrong\. Please try again later)+"
    ),
)

EDITORIAL_NOTE = LineRule(
    name="editorial_note",
    # Under breaking stories (fundus 2024-11-22); the story's text is what comes before it.
    lines=(
        r"This is a breaking news? story(?: ?[-–,:] ?| )?(?:more to follow|please"
        r" (?:check back|refresh)(?: the page)? for (?:more |the latest )?updates?)?\.?"
    ),
)

AFFILIATE_NOTICE = LineRule(
    name="affiliate_notice",
    # Above IndyBest reviews and shopping pieces (development set, a 2020 live blog).
    lines=(
        r"The Independent[’']s journalism is supported by our readers\. When you purchase"
        r" through links on our site, we may earn commission\..{0,300}"
    ),
)

VIDEO_PLAYER = LineRule(
    name="video_player",
    lines=(
        # The video player's own text (2020-25 pages) and the gallery opener above a caption.
        r"open image in gallery|view gallery(?: VIEW GALLERY)?|Close|Play video|Watch more|Video"
        r"|Replay"
        # The player's close button glued to the video's title ("✕ Close Keir Starmer
        # refuses to rule out ...", a 2024 copy).
        r"|✕ Close.{0,300}"
    ),
)

SYNDICATION_PROMO = LineRule(
    name="syndication_promo",
    # Quora's promotion around an answer the site republished (2016-17 pages): "This
    # question originally appeared on Quora: The best answer to any question. ..." (its
    # tagline changed over the years; the same syndication on Forbes and TIME shows the
    # wordings), or "More questions on Money:" alone, and the questions it lists after it,
    # one a line, then "Follow Quora on Twitter: ...".
    lines=(
        r"(?:This (?:question|answer|post) |.{0,300}\? )?originally appeared on Quora\b.{0,600}"
        r"|More questions(?: on [^:]{1,40})?:"
    ),
    followers=r"More questions.{0,600}|(?:You can )?[Ff]ollow Quora on .{0,200}|[^.!?]{5,200}\?",
)

SYNDICATION_CREDIT = LineRule(
    name="syndication_credit",
    # The source of a syndicated article on a line of its own at the end (mercury 2019:
    # "The New York Times"). Agencies named in a byline are the byline's business.
    lines=r"(?:The )?(?:New York Times|Washington Post|Los Angeles Times)",
)

MIRROR_CHROME = LineRule(
    name="mirror_chrome",
    # What sites that copy the articles add around them (development set: Yahoo's
    # "Advertisement" and "Read More", inkl's "Get all your news in one place." ..., a
    # scraper's "This post was originally published on this site", Magzter's and NewsBreak's
    # labels, mirrors' date stamps "Independent21-04-2025", "INDEPENDENT 2025-09-24
    # 18:06:42").
    lines=(
        r"Advertisement|Connect with us|logo|Jump to content"
        r"|This post was originally published on this site"
        # A scraper's disclaimer under the copy (2024).
        r"|Disclaimer: The copyright of this article belongs to the original author\..{0,600}"
        r"|Get all your news in one place\.|100[’']s of premium titles\.|One app\.|Start reading"
        r"|The Independent UK"
        r"|Independent ?\d{2}-\d{2}-\d{4}|INDEPENDENT \d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?"
        r"|Start your 7-day Magzter GOLD free trial.{0,300}"
        r"|Already a subscriber ?\? ?Giriş Yap"
        r"|(?:Contributors)?Publishers ?Advertisers|ContributorsPublishersAdvertisers"
        # Magzter's header and image placeholder ("Denemek ALTIN - Özgür": try Gold, free).
        r"|Denemek ALTIN - Özgür|Try GOLD - Free|image"
        # A mirror's date stamp in Italian ("Gio. Feb 6th, 2025").
        r"|(?:Lun|Mar|Mer|Gio|Ven|Sab|Dom)\. [A-Z][a-z]{2} \d{1,2}(?:st|nd|rd|th)?, \d{4}"
        # NewsBreak's footer: the section and the copy's age ("TRAFFIC ・ 13 HOURS AGO",
        # "TRAVEL ・ 1 DAY AGO", 2021-22).
        r"|(?-i:[A-Z][A-Z&' -]{0,39}) ・ \d{1,3}"
        r" (?:MINUTES?|HOURS?|DAYS?|WEEKS?|MONTHS?|YEARS?) AGO"
    ),
)

AUTHOR_BLURB = PrefixRule(
    name="author_blurb",
    # A columnist's blurb printed before the text, glued to it in reader copies: "Simon
    # Calder, also known as The Man Who Pays His Way, has been writing about travel for The
    # Independent since 1994. In his weekly opinion column, he explores a key travel issue –
    # and what it means for you." (NewsBreak and mirrors, 2021-23): a name, perhaps a
    # nickname, "has been writing (about ...) for The Independent since YEAR.", and the
    # sentence on the column after it.
    prefix=(
        r"(?-i:[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,3})(?:, [^.,]{1,60},)? has been writing"
        r"(?: about [^.]{1,40})? for The Independent since \d{4}\."
        # The sentence on the column, in the present: what makes it the blurb, not news of
        # the columnist.
        r" ?In (?:his|her|their) [^.]{0,40}column, (?:(?:he|she) [a-z]+s|they [a-z]+)"
        r" [^.]{1,160}\."
        r"(?: ?[–-] [^.]{1,80}\.)?"
    ),
)

MAGZTER_FOOTER = LineRule(
    name="mirror_chrome",
    # Magzter's footer under a newspaper story, and the teasers of other stories after it
    # (2024-25, in Turkish and English): nothing after it is the article's.
    lines=(
        r"Bu hikaye The Independent dergisinin .{1,40} sayısından alınmıştır\."
        r"|This story is from the .{1,60} edition of The Independent\.?"
        r"|The Independent[’']den DAHA FAZLA HİKAYE|MORE STORIES FROM The Independent"
    ),
    followers=r".+",
)

COMMENT_FORM = LineRule(
    name="mirror_chrome",
    # The comment form under a blog that copies an article (WordPress: "Leave a Reply",
    # "Fill in your details below or click an icon to log in:" ...): nothing after it is
    # the article's.
    lines=r"Leave a Reply|Leave a comment|Cancel reply",
    followers=r".+",
)

COOKIE_NOTICE = LineRule(
    name="mirror_chrome",
    # A mirror's cookie banner ("This website uses cookies so that we can provide you with
    # the best user experience possible. ...", 2025).
    lines=r"(?:This (?:web)?site|We) uses? cookies\b.{0,1000}",
)

RELATED_LINKS = LineRule(
    name="related_links",
    # A "Read more" box of links to other stories, inside live blogs and reader copies
    # ("Read More" and three headlines: Yahoo 2021; "Read more Premier League news:" and
    # three headlines: 2016 live blogs).
    lines=r"Read more(?: [\w’' -]{1,40})?:?|More about [\w’' -]{1,40}",
    followers=_MEDIA_TITLE,
    max_followers=3,
)

SECTION_LABEL = LineRule(
    name=SECTION_NAME_RULE,
    # The section's name on a line of its own, above the headline in reader copies ("Politics",
    # "Sport": NewsBreak, inkl) and in the navigation that mirrors keep.
    lines=(
        r"News|UK|US|World|Politics|UK Politics|Sport|Football|Cricket|Tennis|Formula 1|Rugby"
        r" Union|Boxing|Golf|Voices|Culture|Film|Music|Books|Lifestyle|Travel|Tech|Money"
        r"|Business|Science|Health|Climate|Premium|IndyBest|Opinion|Editorials"
        # A reader site's section (bbonews, 2024).
        r"|Style"
    ),
)

CRAWLER_DATE = PrefixRule(
    name="mirror_chrome",
    # The date stamp a crawler of the copies glued to the first line (" date 2024-10-15
    # Your support helps us ...": development set, 12 copies), and copies' date lines.
    prefix=r"date \d{4}-\d{2}-\d{2}\b\s*",
)

_AGENCY = (
    r"(?:Getty(?: Images)?|AFP|AP|EPA(?:-EFE)?|PA(?: Wire| Media| Archive)?|Reuters"
    r"|Shutterstock|Alamy|Rex(?: Features)?|iStock(?:photo)?|Bloomberg|The Independent)"
)
_AGENCIES = rf"{_AGENCY}(?: ?(?:/|via|for) ?{_AGENCY}){{0,2}}"
_COPYRIGHT = r"Copyright \d{4},? The Associated Press\. All rights reserved\.?"

IMAGE_CREDIT = LineRule(
    name="image_credit",
    # A caption's credit split over lines of its own: "(", "Getty Images", ")" (archived
    # copies of the 2020-24 pages), or "(AFP/Getty)" on one line without brackets.
    lines=(
        r"[()\[\]|]"
        rf"|\(? ?{_AGENCIES} ?\)?"
    ),
)

IMAGE_CAPTION = CaptionRule(
    name="image_caption",
    # A credit in brackets, the agency's or a photographer's name in capitalised words, with
    # spaces inside or not: "(Getty Images)", "( PA Media )", "(Aaron
    # Chown/PA Wire)", "(Charlotte Hindle)", "( Copyright 2023, The Associated Press. All
    # rights reserved )", "(iStock/Getty)" (development set: 12 copies, 2014-25).
    credit=(
        rf"\(\s*(?:{_AGENCIES}|{_COPYRIGHT}|(?-i:(?:[A-Z]|i[A-Z])[\w'’.-]*(?:(?:\s*/\s*|\s+(?:via|for)?\s*)"
        r"(?:[A-Z]|i[A-Z])[\w'’.-]*){0,6}))\s*\)"
    ),
    agencies=rf"{_AGENCIES}|{_COPYRIGHT}",
)

MIRROR_SOURCE = HeadlineSuffix(
    name="mirror_chrome",
    # The source a scraper names after the headline ("... left in doubt – The Independent":
    # development set, 2 copies).
    suffix=r"[-–—|] The Independent(?: UK)?",
)

# Furniture lines that copies end in, cut short where the copy stops ("Join our commenti",
# "Join thought-provoking conversations, follow other Independent readers and see their":
# 2010 and 2024 copies): the last paragraph, when it starts one of these, goes.
CUT_SHORT = [
    ("comment_prompt", "Join our commenting forum"),
    ("comment_prompt", "Join our new commenting forum"),
    (
        "comment_prompt",
        "Join thought-provoking conversations, follow other Independent readers and see their"
        " replies",
    ),
    ("login_prompt", "Thank you for registering"),
    (
        "login_prompt",
        "Please refresh the page or navigate to another page on the site to be automatically"
        " logged inPlease refresh your browser to be logged in",
    ),
    ("donation_appeal", "Your support helps us to tell the story"),
]

BOILERPLATE = Boilerplate(
    blocks=[DONATION_APPEAL],
    lines=[
        EDITOR_SIGNATURE,
        APPEAL_BUTTONS,
        NOTIFICATION_PROMPT,
        LIVE_BLOG_CHROME,
        BYLINE,
        BYLINE_BY,
        READING_TIME,
        FOLLOW_BUTTON,
        VIDEO_PROMPT,
        COMMENT_PROMPT,
        LOGIN_PROMPT,
        PREMIUM_PROMPT,
        NEWSLETTER_SIGNUP,
        EDITORIAL_NOTE,
        AFFILIATE_NOTICE,
        VIDEO_PLAYER,
        SYNDICATION_CREDIT,
        SYNDICATION_PROMO,
        MIRROR_CHROME,
        MAGZTER_FOOTER,
        COMMENT_FORM,
        COOKIE_NOTICE,
        RELATED_LINKS,
        SECTION_LABEL,
        IMAGE_CREDIT,
    ],
    prefixes=[SHOW_LATEST, CRAWLER_DATE, AUTHOR_BLURB],
    captions=IMAGE_CAPTION,
    headline_suffixes=[MIRROR_SOURCE],
    cut_short=CUT_SHORT,
)
