"""The opening-hours grid in Chromium: accessible, usable on a phone, and it writes the OSM syntax."""

import os

import pytest
from django.urls import reverse

from tremplin.core.testing.browser import PHONE, assert_accessible, assert_fits_the_screen, browser_login

SCREENSHOTS = os.environ.get("TREMPLIN_SCREENSHOTS")  # a folder to keep screenshots in, when set


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.mark.browser
def test_a_site_manager_fills_the_weekly_grid(browser_page, live_url, make_user, site):
    site.opening_hours = "Mo-Fr 09:00-12:00; PH off"
    site.save()
    page = browser_page
    browser_login(page, make_user("site_manager"), live_url)
    page.goto(live_url + reverse("network:site_detail", args=[site.pk]))
    page.get_by_role("link", name="Modifier les horaires").click()
    page.wait_for_url(f"**{reverse('network:site_hours', args=[site.pk])}")
    assert_accessible(page)
    _shot(page, "hours-grid-1280")
    page.get_by_label("Samedi, première plage, de").fill("09:30")
    page.get_by_label("Samedi, première plage, à").fill("12:00")
    page.get_by_role("button", name="Enregistrer la grille").click()
    page.wait_for_url(f"**{site.get_absolute_url()}")
    assert_accessible(page)
    _shot(page, "hours-site-1280")
    site.refresh_from_db()
    assert site.opening_hours == "Mo-Fr 09:00-12:00; Sa 09:30-12:00; PH off"


@pytest.mark.browser
def test_the_grid_fits_a_phone_screen(phone_page, live_url, make_user, site):
    page = phone_page
    browser_login(page, make_user("site_manager"), live_url)
    page.goto(live_url + reverse("network:site_hours", args=[site.pk]))
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)
    _shot(page, "hours-grid-375")
