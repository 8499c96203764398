"""A site manager passes on a message by telephone and reads the SMS counts (axe on every page)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.core.testing.browser import assert_accessible, browser_login
from tremplin.notifications.models import Message, Status
from tremplin.notifications.services import queue_message


@pytest.mark.browser
def test_a_site_manager_passes_on_a_message_and_reads_the_sms_counts(
    browser_page, live_url, make_user, make_person, site
):
    page = browser_page
    caller = make_person(preferred_channel="phone")
    message = queue_message(
        caller,
        kind="reminder_same_day",
        subject="Rappel",
        body="Votre atelier a lieu ce matin à 10 h.",
        sms_body="Rappel : atelier ce matin 10h.",
        due_at=timezone.now() - timedelta(minutes=5),
        dedupe_key="browser:1",
        site=site,
    )
    sent = queue_message(
        make_person(first_name="Karim"),
        kind="reminder_2_days",
        subject="Rappel",
        body="Texte",
        sms_body="Rappel : atelier jeudi 14h.",
        due_at=timezone.now(),
        dedupe_key="browser:2",
        site=site,
    )
    Message.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
    browser_login(page, make_user("site_manager"), live_url)

    page.goto(f"{live_url}/messages/a-appeler/")
    assert_accessible(page)
    page.get_by_role("button", name="Transmis à Awa Diallo").click()
    page.wait_for_load_state()
    assert page.get_by_text("Message noté comme transmis par téléphone.").is_visible()
    assert_accessible(page)
    message.refresh_from_db()
    assert message.status == Status.SENT

    page.goto(f"{live_url}/messages/statistiques-sms/")
    assert_accessible(page)
    assert page.get_by_role("cell", name="Espace Lyon test").is_visible()
