"""Sessions overseas are entered, shown, printed and reminded in their site's time zone.

Right answers from the tz database: America/Guadeloupe is UTC-4 all year (no summer time);
Europe/Paris is UTC+1 until the last Sunday of March (28 March 2027), then UTC+2.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tremplin.core.testing.factories import SiteFactory
from tremplin.workshops import certificates
from tremplin.workshops.messages import compose
from tremplin.workshops.models import Session
from tremplin.workshops.services.notify import queue_reminders, reminder_due_at

from .factories import BeneficiaryFactory, EnrollmentFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")
GUADELOUPE = ZoneInfo("America/Guadeloupe")
# Thursday 11 March 2027, 09:30 in Pointe-à-Pitre = 13:30 UTC = 14:30 in Paris.
START = datetime(2027, 3, 11, 9, 30, tzinfo=GUADELOUPE)


@pytest.fixture
def march_2027():
    """1 March 2027, noon UTC: every session of these tests is in the future (logins happen then too)."""
    yield


@pytest.fixture
def pointe_a_pitre():
    return SiteFactory(name="Espace Pointe-à-Pitre", postal_code="97110", commune="Pointe-à-Pitre", insee_code="97120")


@pytest.fixture
def session(pointe_a_pitre):
    return SessionFactory(
        site=pointe_a_pitre,
        workshop=WorkshopFactory(title="Box internet à 5 €"),
        starts_at=START,
        ends_at=START + timedelta(hours=2),
    )


def test_the_site_of_pointe_a_pitre_lives_in_guadeloupe_time(pointe_a_pitre):
    assert pointe_a_pitre.time_zone == "America/Guadeloupe"
    assert START.astimezone(UTC) == datetime(2027, 3, 11, 13, 30, tzinfo=UTC)


def test_the_same_day_reminder_of_a_0930_session_comes_in_the_local_morning(session):
    due = reminder_due_at(session.starts_at, None, session.site)
    # 09:00 local is too late (less than two hours before): two hours before, 07:30 local.
    assert due == datetime(2027, 3, 11, 7, 30, tzinfo=GUADELOUPE)
    assert due.astimezone(UTC) == datetime(2027, 3, 11, 11, 30, tzinfo=UTC)


def test_the_two_day_reminder_comes_at_nine_local_time(session):
    due = reminder_due_at(session.starts_at, timedelta(days=2), session.site)
    assert due == datetime(2027, 3, 9, 9, 0, tzinfo=GUADELOUPE)  # 13:00 UTC, 14:00 in Paris


def test_reminders_are_queued_before_the_start_in_the_local_morning(march_2027, session, outbox):
    person = BeneficiaryFactory(sites=[session.site])
    enrollment = EnrollmentFactory(session=session, beneficiary=person)
    queue_reminders(enrollment)
    dues = {m["kind"]: m["due_at"].astimezone(GUADELOUPE) for m in outbox.queued}
    assert dues["reminder_same_day"].hour == 7
    assert dues["reminder_2_days"].hour == 9
    assert all(m["not_after"] == session.starts_at for m in outbox.queued)


def test_the_sms_and_email_give_the_local_time(session):
    enrollment = EnrollmentFactory(session=session, beneficiary=BeneficiaryFactory(sites=[session.site]))
    _subject, body, sms, _url = compose("reminder_same_day", enrollment)
    assert "jeu. 11/03 09h30" in sms
    assert "09h30" in body
    assert "14h30" not in sms + body


def test_a_time_typed_in_the_planning_form_is_the_site_s_local_time(march_2027, client_as, pointe_a_pitre):
    workshop = WorkshopFactory()
    client = client_as("site_manager", at=pointe_a_pitre)
    response = client.post(
        reverse("workshops:session_create"),
        {
            "site": pointe_a_pitre.pk,
            "workshop": workshop.pk,
            "date": "2027-03-11",
            "start_time": "09:30",
            "end_time": "11:30",
            "room": "",
            "seats": "",
            "weeks": "1",
        },
    )
    assert response.status_code == 302
    assert Session.objects.get().starts_at == datetime(2027, 3, 11, 13, 30, tzinfo=UTC)


def test_a_weekly_series_keeps_the_local_time_when_paris_changes_to_summer_time(march_2027, client_as, pointe_a_pitre):
    workshop = WorkshopFactory(kind="drop_in")
    client = client_as("site_manager", at=pointe_a_pitre)
    data = {"site": pointe_a_pitre.pk, "workshop": workshop.pk, "date": "2027-03-18", "start_time": "09:30"}
    data |= {"end_time": "", "room": "", "seats": "", "weeks": "3"}
    client.post(reverse("workshops:session_create"), data)
    starts = [s.starts_at.astimezone(UTC) for s in Session.objects.order_by("starts_at")]
    # Guadeloupe has no summer time: always 13:30 UTC, across Paris's change on 28 March.
    assert [(s.day, s.hour, s.minute) for s in starts] == [(18, 13, 30), (25, 13, 30), (1, 13, 30)]


def test_moving_a_session_reads_the_new_time_in_the_site_s_zone(march_2027, client_as, session):
    client = client_as("site_manager", at=session.site)
    page = client.get(reverse("workshops:session_move", args=[session.pk]))
    assert 'name="start_time" value="09:30' in page.content.decode()
    response = client.post(
        reverse("workshops:session_move", args=[session.pk]),
        {"date": "2027-03-12", "start_time": "10:00", "end_time": "12:00", "room": ""},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime(2027, 3, 12, 14, 0, tzinfo=UTC)


def test_the_session_page_shows_the_local_time_even_to_the_national_team(march_2027, client_as, session):
    content = client_as("network_admin").get(session.get_absolute_url()).content.decode()
    assert "09:30–11:30" in content
    assert "14:30" not in content


def test_the_agenda_puts_a_late_evening_session_on_its_local_day(march_2027, client_as, pointe_a_pitre):
    # Monday 8 March 2027, 20:30 in Pointe-à-Pitre = Tuesday 00:30 UTC, 01:30 in Paris.
    late = datetime(2027, 3, 8, 20, 30, tzinfo=GUADELOUPE)
    SessionFactory(site=pointe_a_pitre, starts_at=late, ends_at=late + timedelta(hours=1))
    client = client_as("mediator", at=pointe_a_pitre)
    response = client.get(reverse("workshops:agenda"), {"espace": pointe_a_pitre.pk, "semaine": "2027-03-08"})
    days = response.context["days"]
    assert [len(day["sessions"]) for day in days] == [1, 0, 0, 0, 0, 0, 0]


def test_the_attendance_sheet_opens_on_the_local_day(session):
    # 11 March 03:30 UTC: already the 11th in Paris (04:30), still the 10th in Guadeloupe (23:30).
    assert not session.attendance_open(datetime(2027, 3, 11, 3, 30, tzinfo=UTC))
    assert session.attendance_open(datetime(2027, 3, 11, 4, 30, tzinfo=UTC))


def test_the_certificate_prints_the_local_date_and_times(session, monkeypatch):
    monkeypatch.setattr(certificates, "_document", lambda title, site, signer, paragraphs, details: paragraphs)
    enrollment = EnrollmentFactory(session=session, beneficiary=BeneficiaryFactory(sites=[session.site]))
    written = certificates.presence_certificate(enrollment, signer=None)
    assert "de 09:30 à 11:30" in written[0]
    assert "11 mars 2027" in written[0]


def test_the_certificate_elides_a_name_and_never_nests_quotes(session, monkeypatch):
    monkeypatch.setattr(certificates, "_document", lambda title, site, signer, paragraphs, details: paragraphs)
    session.workshop.title = "Parcours « Débuter »"
    session.workshop.save()
    person = BeneficiaryFactory(sites=[session.site], first_name="Anne", last_name="Martin")
    written = certificates.presence_certificate(EnrollmentFactory(session=session, beneficiary=person), signer=None)
    assert "atteste qu'Anne Martin a participé à l'atelier « Parcours “Débuter” »" in written[0]
