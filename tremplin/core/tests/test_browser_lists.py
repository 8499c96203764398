"""At 375 px every list shows its key columns (status, message, action buttons) on screen: wide tables
become stacked cards (tremplin.js + table.stacked in tremplin.css). Run on the demo data, as a new user sees it."""

import pytest
from django.core.management import call_command

from tremplin.accounts.models import User
from tremplin.core.demodata import DEMO_PASSWORD
from tremplin.core.testing.browser import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    assert_list_columns_visible,
    browser_login,
)

MEDIATOR = "mediatrice.lyon@demo.tremplin.example"
REFERRER = "prescripteur.ccas@demo.tremplin.example"


def session_with_people():
    from tremplin.workshops.models import Session

    return (
        Session.objects.filter(site__name__contains="Lyon", enrollments__status="confirmed", status="scheduled")
        .order_by("starts_at")
        .first()
    )


@pytest.mark.browser
def test_each_list_keeps_its_key_columns_on_a_375px_screen_and_stays_a_table_on_a_desktop(phone_page, live_url):
    call_command("seed_demo", "--quiet-accounts")
    page = phone_page
    pages = {
        MEDIATOR: [
            "/orientations/recues/",  # the inbox: the status
            "/messages/a-appeler/",  # the message and the "Transmis" button
            "/personnes/",
            "/activites/",
            "/materiel/appareils/",
            session_with_people().get_absolute_url(),  # the enrolled people and their actions
        ],
        REFERRER: ["/orientations/"],  # the referrer's list: the status
    }
    for email, paths in pages.items():
        page.context.clear_cookies()
        browser_login(page, User.objects.get(email=email), live_url, password=DEMO_PASSWORD)
        for path in paths:
            page.goto(f"{live_url}{path}")
            assert_list_columns_visible(page)
            assert_fits_the_screen(page)
            assert_accessible(page)
    # The "Messages à transmettre" list names its button and its message on the phone.
    page.context.clear_cookies()
    browser_login(page, User.objects.get(email=MEDIATOR), live_url, password=DEMO_PASSWORD)
    page.goto(f"{live_url}/messages/a-appeler/")
    assert page.get_by_role("button", name="Transmis").first.is_visible()
    assert page.locator("td[data-label='Message']").first.is_visible()

    # On a desktop the same wide list stays a table with its header row; back at phone width, the header is only
    # visually hidden (each cell carries its column's name). Same demo data: seeding it again costs half a minute.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_url}/orientations/recues/")
    assert page.locator("table.stacked thead").first.is_visible()
    page.set_viewport_size(PHONE)
    header_position = page.evaluate("getComputedStyle(document.querySelector('table.stacked thead')).position")
    assert header_position == "absolute"
