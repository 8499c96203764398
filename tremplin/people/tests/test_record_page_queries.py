"""The record page reads each thing once, and no more of the history than its « Derniers événements » show."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tremplin.activities.models import Activity
from tremplin.core.models import AccessLog
from tremplin.inventory.models import Status as DeviceStatus
from tremplin.inventory.tests.factories import DeviceFactory
from tremplin.people.timeline import events_for, recent_events, split_upcoming
from tremplin.workshops.tests.factories import EnrollmentFactory, SessionFactory

from .factories import ConsentFactory, EligibilityRecordFactory

pytestmark = pytest.mark.django_db


def add_history(person, site, author, days):
    """One activity per day in `days` (days from today; negative = past, two on the same day when repeated),
    one past workshop session per day, one consent and one eligibility check."""
    today = timezone.localdate()
    for day in days:
        Activity.objects.create(
            site=site,
            recorded_by=author,
            beneficiary=person,
            date=today + timedelta(days=day),
            kind="individuel",
            duration=30,
            thematiques=["email"],
            title=f"jour {day}",
        )
    # Each session a little earlier in its day than now: an hour, or half the time since midnight when the test
    # runs just after it (at 00:15 in Paris "an hour ago" was yesterday, behind today's midnight events).
    now = timezone.now()
    earlier = min(timedelta(hours=1), (now - timezone.make_aware(datetime.combine(today, time.min))) / 2)
    for day in sorted(set(days)):
        EnrollmentFactory(
            session=SessionFactory(site=site, starts_at=now + timedelta(days=day) - earlier),
            beneficiary=person,
        )
    ConsentFactory(beneficiary=person)
    EligibilityRecordFactory(beneficiary=person)


def test_the_latest_events_are_the_first_past_ones_of_the_whole_timeline(make_user, helene, site):
    mediator = make_user("mediator")
    # Ties on purpose: several activities on the same day (their events are all at midnight), future ones too.
    add_history(helene, site, mediator, [-40, -9, -9, -9, -3, -3, 0, 0, 2, 2, 15])
    whole = split_upcoming(events_for(helene, mediator))[1]
    for limit in (1, 3, 5, 8, 50):
        assert recent_events(helene, mediator, limit) == whole[:limit]
    titles = [str(event.title) for event in recent_events(helene, mediator, 50)]
    # The record (created just now), then this morning's session (an hour ago), then today's records (midnight).
    assert titles[0] == "Fiche créée"
    assert titles[1].startswith("Atelier « ")
    assert titles.count("Accompagnement individuel : jour 0") == 2
    assert not {"Accompagnement individuel : jour 2", "Accompagnement individuel : jour 15"} & set(titles)


def page_queries(client, person):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_record_page_reads_as_much_with_a_long_history_as_with_a_short_one(client_as, make_user, helene, site):
    client = client_as("mediator")
    author = make_user("mediator")
    add_history(helene, site, author, [-5, 1])
    DeviceFactory(
        site=site, status=DeviceStatus.RESERVED, reserved_for=helene, reserved_until=timezone.now() + timedelta(days=5)
    )
    page_queries(client, helene)  # the session, the language: whatever a first request sets up
    short = page_queries(client, helene)
    add_history(helene, site, author, [-300 + day for day in range(0, 280, 7)] + [3, 4, 5])
    for _ in range(5):
        DeviceFactory(
            site=site,
            status=DeviceStatus.RESERVED,
            reserved_for=helene,
            reserved_until=timezone.now() + timedelta(days=5),
        )
    assert page_queries(client, helene) == short
    # Session, user and memberships, the record, its access-log entry, its sites (one query for the list
    # and every room's check), consents, eligibility checks (each read once for the page
    # and its timeline), then one query or two per room that adds to the page (docs/performance.md);
    # 22 since the timeline shows the call-back request a record was made from (referrals.callback_timeline).
    assert short <= 22


def test_the_record_page_still_logs_the_read(client_as, helene, site):
    client = client_as("mediator")
    client.get(reverse("people:detail", args=[helene.pk]))
    assert AccessLog.objects.filter(object_id=str(helene.pk), action=AccessLog.Action.VIEW).count() == 1


def test_a_renewed_check_says_so_and_only_the_renewal_offers_renewing(client_as, helene, site):
    first = EligibilityRecordFactory(beneficiary=helene)
    renewal = EligibilityRecordFactory(beneficiary=helene, renewed_from=first)
    page = client_as("mediator").get(reverse("people:detail", args=[helene.pk])).text
    assert page.count("<small>renouvelée</small>") == 1
    assert reverse("people:eligibility_renew", args=[helene.pk, renewal.pk]) in page
    assert reverse("people:eligibility_renew", args=[helene.pk, first.pk]) not in page
