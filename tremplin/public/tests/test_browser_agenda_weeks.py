"""The public agenda's list of weeks in Chromium, 375 and 1280 px: weeks without any workshop are marked and cannot
be picked (axe on each)."""

from datetime import datetime, time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tremplin.core.testing.browser import ARTIFACTS, DESKTOP, assert_accessible, assert_fits_the_screen
from tremplin.network.timezones import site_datetime
from tremplin.workshops.tests.factories import SessionFactory, WorkshopFactory


@pytest.mark.browser
def test_the_list_of_weeks_offers_the_weeks_with_workshops(phone_page, live_url, lyon, time_machine):
    time_machine.move_to(datetime(2026, 12, 2, 10, tzinfo=lyon.tzinfo), tick=True)  # Wednesday 2 December, Lyon
    page = phone_page
    ARTIFACTS.mkdir(exist_ok=True)
    for day in (7, 14):  # Mondays 7 and 14 December, 14:00: then nothing until the agenda's end (18 January)
        SessionFactory(
            site=lyon,
            starts_at=site_datetime(datetime(2026, 12, day).date(), time(14), lyon),
            workshop=WorkshopFactory(title=f"Atelier du {day}"),
        )
    assert timezone.localdate().isoformat() == "2026-12-02"
    page.goto(f"{live_url}/agenda/")
    weeks = page.get_by_label("Semaine")
    enabled = weeks.locator("option:not([disabled])")
    expect(enabled).to_have_text(["Toutes les semaines", "semaine du lundi 7 décembre", "semaine du lundi 14 décembre"])
    expect(weeks.locator("option[disabled]")).to_have_count(6)
    expect(weeks.locator('option[value="2026-12-21"]')).to_have_text("semaine du lundi 21 décembre (aucun atelier)")
    weeks.select_option("2026-12-14")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name="Atelier du 14")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.screenshot(path=str(ARTIFACTS / "public-agenda-weeks-375.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "public-agenda-weeks-1280.png"), full_page=True)
