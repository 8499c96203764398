"""The dashboard in a browser: charts drawn beside their tables, axe clean, no sideways scroll on a phone."""

import pytest
from django.utils import timezone

from tremplin.activities.models import Activity
from tremplin.core.testing.browser import PHONE, assert_accessible, assert_fits_the_screen, browser_login


@pytest.mark.browser
def test_network_admin_dashboard_draws_charts_and_is_accessible(browser_page, live_url, make_user, site):
    mediator = make_user("mediator", at=site)
    today = timezone.localdate()
    for index, kind in enumerate(["individuel"] * 6 + ["collectif"] * 2):
        Activity.objects.create(
            site=site,
            recorded_by=mediator,
            date=today.replace(day=1),
            kind=kind,
            duration=30 + 20 * index,
            participant_count=1 if kind == "individuel" else 7,
            thematiques=["diagnostic_numerique", "prendre_en_main_du_materiel"][: 1 + index % 2],
            equipment=["ordinateur"],
        )
    page = browser_page
    browser_login(page, make_user("network_admin"), live_url)
    page.goto(f"{live_url}/statistiques/?periode=mois")
    page.locator("figure[data-chart-for='table-by_thematique'] canvas").wait_for()
    assert page.locator("figure[data-chart-for]:not([hidden])").count() >= 2
    assert_accessible(page)
    page.screenshot(path="test-artifacts/stats-dashboard-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)
    page.screenshot(path="test-artifacts/stats-dashboard-375.png", full_page=True)
