"""Checks on a rendered page shared by the view walk and the browser suite."""

import html
import re

TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)


def page_title(content):
    """The text of the page's <title> (entities decoded), or None when the page has none."""
    match = TITLE.search(content)
    return html.unescape(match.group(1)) if match else None


def title_problem(title):
    """Why a page title is not plain text a screen reader can read out, or "" when it is fine.

    The title element shows its content as text: markup that lands in it (a block closed too late)
    would be read out and shown in the tab, tokens included.
    """
    if title is None:
        return "no <title>"
    text = title.strip()
    if not text or text == "· Tremplin":
        return "empty title"
    if "<" in text or ">" in text or "csrfmiddlewaretoken" in text:
        return f"markup in the title: {text[:80]!r}"
    return ""


def whole_words(texts):
    """A case-insensitive pattern matching any of ``texts`` as a whole word, never inside a longer word.

    Walks that look for a name on a page must not match it inside random text: a CSRF token or a nonce
    is long letters and digits, and « zObeL » inside one is not the last name « Zobel » (CI failure of
    1 December 2026). Word characters are Unicode letters, digits and « _ »; a phone number inside a
    longer run of digits does not match either.
    """
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(text) for text in texts) + r")(?!\w)", re.IGNORECASE)
