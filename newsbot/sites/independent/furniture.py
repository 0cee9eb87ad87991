"""The Independent's furniture: appeals, prompts and promotions that are not article text.

Named patterns, each with a note on where it was seen; newsbot.cleaning applies them.
"""

from __future__ import annotations

from newsbot.cleaning import BlockRule, Boilerplate, LineRule

# ---------------------------------------------------------------------------------------
# Furniture. Patterns match whole paragraphs after whitespace normalisation, ignoring case.
# ["’] stands for the straight and the curly apostrophe, which the site uses in turn.
# ---------------------------------------------------------------------------------------

DONATION_APPEAL = BlockRule(
    name="donation_appeal",
    # Served above the text from 2024 (seeds 000 and 004; NewsAPI copies of 2025 pages).
    # The wording in between changes with the news cycle; the frame does not.
    opener=r"Your support helps us to tell the story\.?",
    closer=r"Your support makes all the difference\.",
)

COMMENT_PROMPT = LineRule(
    name="comment_prompt",
    # Under every article since 2023 (seeds 000 and 004; fundus 2024-11-22 div.show-comments).
    lines=(
        r"Join our commenting forum"
        r"|Join thought-provoking conversations, follow other Independent readers"
        r" and see their replies"
        # The 2007-08 pages' version (l3sgn1 2007-12-16).
        r"|To have your say on this or any other issue visit \S+"
    ),
    # The button that follows the prompt.
    followers=r"Comments|\d+ comments?",
)

PREMIUM_PROMPT = LineRule(
    name="premium_prompt",
    lines=(
        # The bookmark button for non-members (seed 004; fundus 2023 and 2024 div.social-share).
        r"Subscribe to Independent Premium to bookmark this article"
        r"|Want to bookmark your favourite articles and stories to read or reference later\?"
        r" Start your Independent Premium subscription today\."
        # The bookmark notice for members (fundus 2023, trafilatura 2020 div.social-share).
        r"|Article bookmarked"
        r"|Find your bookmarks in your Independent Premium section, under my profile"
        # The app promotion in the text (mercury 2019 div.inline-prompt, misspelt on the site).
        r"|Download the new Inde?pendent Premium app"
        r"(?: Sharing the full story, not just the headlines)?(?: Download now)?"
    ),
    followers=(
        r"Want to bookmark your favourite articles and stories to read or reference later\?"
        r" Start your Independent Premium subscription today\."
        r"|Subscribe|Already subscribed\?|Log in"
        r"|Find your bookmarks in your Independent Premium section, under my profile"
        r"|Don[’']t show me this message again|✕"
        r"|Sharing the full story, not just the headlines|Download now"
    ),
)

NEWSLETTER_SIGNUP = LineRule(
    name="newsletter_signup",
    lines=(
        # "Sign up to our free breaking news emails" (fundus 2024 div.newsletter-component),
        # "Sign up to our free Brexit and beyond email for the latest headlines ..." (2019).
        r"Sign up (?:to|for) (?:our|the) .{0,80}?\b(?:e-?mails?|newsletters?)\b.{0,160}"
        r"|For free real time breaking news alerts sent straight to your inbox"
        r" sign up to our .{0,80}?e-?mails"
    ),
    followers=(
        r"Sign up(?: to our .{0,80}?e-?mails)?"
        r"|I would like to be emailed about offers, events and updates from The Independent\."
        r"(?: Read our(?: privacy policy)?)?"
        r"|Read our(?: privacy policy)?|privacy policy|Update newsletter preferences"
    ),
)

EDITORIAL_NOTE = LineRule(
    name="editorial_note",
    # Under breaking stories (fundus 2024-11-22); the story's text is what comes before it.
    lines=(
        r"This is a breaking news? story(?:\s*[-–,:]\s*|\s+)?(?:more to follow|please"
        r" (?:check back|refresh)(?: the page)? for (?:more |the latest )?updates?)?\.?"
    ),
)

SYNDICATION_CREDIT = LineRule(
    name="syndication_credit",
    # The source of a syndicated article on a line of its own at the end (mercury 2019:
    # "The New York Times"). Agencies named in a byline are the byline's business.
    lines=r"(?:The )?(?:New York Times|Washington Post|Los Angeles Times)",
)

_PHOTO_CREDIT = (
    r"(?:Getty(?: Images)?|AFP|AP|EPA(?:-EFE)?|PA(?: Wire| Media| Archive)?|Reuters"
    r"|Shutterstock|Alamy|Rex(?: Features)?|iStock(?:photo)?|Bloomberg|The Independent)"
)

IMAGE_CREDIT = LineRule(
    name="image_credit",
    # A caption's credit split over lines of its own: "(", "Getty Images", ")" (archived
    # copies of the 2020-24 pages), or "(AFP/Getty)" on one line.
    lines=(
        r"[()\[\]]"
        rf"|\(?\s*{_PHOTO_CREDIT}(?:\s*(?:/|via|for)\s*{_PHOTO_CREDIT})*\s*\)?"
    ),
)

BOILERPLATE = Boilerplate(
    blocks=[DONATION_APPEAL],
    lines=[
        COMMENT_PROMPT,
        PREMIUM_PROMPT,
        NEWSLETTER_SIGNUP,
        EDITORIAL_NOTE,
        SYNDICATION_CREDIT,
        IMAGE_CREDIT,
    ],
)
