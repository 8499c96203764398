"""A limited free-text field shows a live counter, and says when the text is too long (tremplin.js)."""

import re

import pytest

from tremplin.core.testing.browser import assert_accessible, browser_login


@pytest.mark.browser
def test_the_counter_follows_the_typing_and_warns_past_the_limit(phone_page, live_url, make_user):
    page = phone_page
    browser_login(page, make_user("referrer"), live_url)
    page.goto(f"{live_url}/orientations/nouvelle/")
    context = page.get_by_label("Contexte")
    counter = page.locator("#" + context.get_attribute("id") + "-counter")

    assert counter.inner_text() == "0 / 2\u202f000 caractères"
    context.fill("Préfère le matin.")
    assert counter.inner_text() == "17 / 2\u202f000 caractères"
    context.fill("x" * 2001)
    assert re.fullmatch(r"2\s001 / 2\s000 caractères : raccourcissez le texte", counter.inner_text())
    assert "char-counter-over" in counter.get_attribute("class")
    assert_accessible(page)
