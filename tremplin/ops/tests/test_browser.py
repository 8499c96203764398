"""The two new pages in Chromium: the jobs page (national team) and the records soon anonymised (axe, 375 px)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.core.testing.browser import ARTIFACTS, PHONE, assert_accessible, assert_fits_the_screen, browser_login
from tremplin.ops.jobs import sync_schedules
from tremplin.ops.models import ContactNote, JobRun
from tremplin.ops.retention import months_before
from tremplin.people.models import Beneficiary


@pytest.mark.browser
def test_jobs_page_and_retention_list_read_well_and_keep_a_record(browser_page, live_url, make_user, site):
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)
    sync_schedules()
    now = timezone.now()
    JobRun.objects.create(
        job="send_due_messages", started_at=now, finished_at=now, outcome="ok", output="sent=3", counts={"sent": 3}
    )
    JobRun.objects.create(
        job="expire_referrals", started_at=now - timedelta(days=3), finished_at=now, outcome="failed", output="Error"
    )
    browser_login(page, make_user("network_admin"), live_url)
    page.goto(f"{live_url}/")
    page.get_by_role("link", name="tâche planifiée en retard").first.wait_for()
    page.goto(f"{live_url}/exploitation/taches/")
    assert "3 messages envoyés." in page.content()
    assert not page.get_by_text("sent=3").is_visible()  # the raw output waits in its closed disclosure
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "ops-jobs-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "ops-jobs-375.png"), full_page=True)

    person = Beneficiary.objects.create(first_name="Odile", last_name="Bientôt")
    person.sites.add(site)
    Beneficiary.objects.filter(pk=person.pk).update(created_at=months_before(now, 24) + timedelta(days=10))
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, make_user("site_manager"), live_url)
    page.goto(f"{live_url}/exploitation/conservation/")
    assert "Odile Bientôt" in page.content()
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "ops-retention-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "ops-retention-375.png"), full_page=True)
    page.get_by_label("Motif du contact").fill("rendez-vous pris")
    page.get_by_role("button", name="Noter le contact").click()
    page.get_by_text("Contact noté").wait_for()
    assert ContactNote.objects.get(beneficiary=person).reason == "rendez-vous pris"
