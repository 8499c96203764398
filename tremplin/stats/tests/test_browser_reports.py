"""Programme page and share link in a browser: axe clean, readable on a phone."""

from datetime import date

import pytest
from django.utils import timezone

from tremplin.activities.models import Activity
from tremplin.core.testing.browser import PHONE, assert_accessible, assert_fits_the_screen, browser_login
from tremplin.stats.programmes import Programme
from tremplin.stats.sharing import create_share_link


@pytest.mark.browser
def test_programme_page_and_share_link_are_accessible(browser_page, live_url, make_user, site, partner):
    mediator = make_user("mediator", at=site)
    today = timezone.localdate()
    for index in range(8):
        Activity.objects.create(
            site=site,
            recorded_by=mediator,
            date=today.replace(day=1),
            kind="collectif" if index % 4 == 0 else "individuel",
            duration=30 + 15 * index,
            participant_count=6 if index % 4 == 0 else 1,
            thematiques=["email"],
            equipment=["ordinateur"],
        )
    programme = Programme.objects.create(
        name="Inclusion numérique", funder_partner=partner, starts_on=date(today.year, 1, 1), ends_on=today
    )
    programme.sites.set([site])
    programme.targets.create(kind="accompaniments", value=40)
    programme.targets.create(kind="activities", value=10)
    admin = make_user("network_admin")
    page = browser_page
    browser_login(page, admin, live_url)
    page.goto(f"{live_url}{programme.get_absolute_url()}")
    assert page.locator("progress").count() == 2
    assert_accessible(page)
    page.screenshot(path="test-artifacts/stats-programme-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)
    page.screenshot(path="test-artifacts/stats-programme-375.png", full_page=True)

    _link, token = create_share_link(
        admin, label="Fondation", period_start=date(today.year, 1, 1), period_end=today, programme=programme
    )
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_url}/statistiques/partage/{token}/")
    assert page.locator("h1").inner_text() == "Statistiques partagées"
    assert_accessible(page)
    page.screenshot(path="test-artifacts/stats-shared-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)
