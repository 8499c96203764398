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
