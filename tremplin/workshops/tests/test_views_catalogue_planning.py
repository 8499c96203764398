"""Catalogue, agenda and planning views, for roles that may and may not use them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.workshops.models import Course, Session, Workshop

from .factories import EnrollmentFactory, SessionFactory, WorkshopFactory

WORKSHOP_DATA = {
    "title": "Premiers pas sur smartphone",
    "description": "Allumer, appeler, envoyer un message.",
    "thematiques": ["prendre_en_main_du_materiel"],
    "level": "beginner",
    "kind": "one_off",
    "duration_minutes": 120,
    "default_seats": 8,
    "session_count": 1,
    "is_active": "on",
}


def test_network_admin_adds_a_workshop_to_the_catalogue(client_as):
    client = client_as("network_admin")
    response = client.post(reverse("workshops:workshop_create"), WORKSHOP_DATA)
    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert workshop.thematiques == ["prendre_en_main_du_materiel"]


def test_a_workshop_without_thematique_is_refused_with_a_message(client_as):
    client = client_as("network_admin")
    response = client.post(reverse("workshops:workshop_create"), {**WORKSHOP_DATA, "thematiques": []})
    assert response.status_code == 200
    assert "Choisissez au moins une thématique." in response.content.decode()
    assert not Workshop.objects.exists()


def test_a_course_needs_several_sessions(client_as):
    client = client_as("network_admin")
    response = client.post(reverse("workshops:workshop_create"), {**WORKSHOP_DATA, "kind": "course"})
    assert "au moins 2 séances" in response.content.decode()


@pytest.mark.parametrize("role", ["mediator", "volunteer", "site_manager"])
def test_site_staff_read_the_catalogue_but_cannot_edit_it(client_as, role):
    workshop = WorkshopFactory()
    client = client_as(role)
    assert client.get(reverse("workshops:workshop_list")).status_code == 200
    assert client.get(workshop.get_absolute_url()).status_code == 200
    assert client.get(reverse("workshops:workshop_create")).status_code == 404


@pytest.mark.parametrize("role", ["referrer", "observer"])
def test_referrers_and_observers_do_not_see_the_workshops_room(client_as, role):
    client = client_as(role)
    assert client.get(reverse("workshops:workshop_list")).status_code == 404
    assert client.get(reverse("workshops:agenda")).status_code == 404


def test_the_agenda_lists_the_week_of_the_users_site_only(client_as, site, other_site):
    start = timezone.now() + timedelta(hours=1)
    mine = SessionFactory(site=site, starts_at=start, workshop=WorkshopFactory(title="Atelier ici"))
    SessionFactory(site=other_site, starts_at=start, workshop=WorkshopFactory(title="Atelier ailleurs"))
    client = client_as("volunteer")
    day = timezone.localdate(start).isoformat()
    response = client.get(reverse("workshops:agenda"), {"semaine": day, "espace": other_site.pk})
    content = response.content.decode()
    assert "Atelier ici" in content
    assert "Atelier ailleurs" not in content
    assert mine.get_absolute_url() in content


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_a_week_outside_the_calendar_shows_this_week(client_as, site, day):
    """0001-01-01 has no previous week and 9999-12-31 no next one in Python's calendar (once a 500)."""
    response = client_as("mediator").get(reverse("workshops:agenda"), {"semaine": day, "espace": site.pk})
    assert response.status_code == 200
    this_monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert response.context["monday"] == this_monday


def test_the_agenda_runs_a_bounded_number_of_queries(client_as, site, people, django_assert_max_num_queries):
    start = timezone.now() + timedelta(hours=1)
    for index in range(12):
        session = SessionFactory(site=site, starts_at=start + timedelta(hours=index * 3))
        for person in people(2):
            EnrollmentFactory(session=session, beneficiary=person)
    client = client_as("mediator")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workshops:agenda"), {"semaine": timezone.localdate(start).isoformat()})
    assert response.status_code == 200


def _planning_data(site, workshop, days=3, **extra):
    day = timezone.localdate() + timedelta(days=days)
    return {
        "site": site.pk,
        "workshop": workshop.pk,
        "date": day.isoformat(),
        "start_time": "14:00",
        "end_time": "",
        "room": "Salle 1",
        "seats": "",
        "weeks": "1",
        **extra,
    }


def test_a_manager_schedules_a_session(client_as, site):
    workshop = WorkshopFactory(default_seats=5)
    response = client_as("site_manager").post(reverse("workshops:session_create"), _planning_data(site, workshop))
    session = Session.objects.get()
    assert response.status_code == 302
    assert (session.seats, session.room) == (5, "Salle 1")


def test_a_manager_schedules_a_weekly_series(client_as, site):
    workshop = WorkshopFactory(kind="drop_in", default_seats=1)
    client_as("site_manager").post(reverse("workshops:session_create"), _planning_data(site, workshop, weeks="4"))
    assert Session.objects.count() == 4


def test_a_session_in_the_past_is_refused_next_to_the_date(client_as, site):
    response = client_as("site_manager").post(
        reverse("workshops:session_create"), _planning_data(site, WorkshopFactory(), days=-1)
    )
    assert "Choisissez une date et une heure à venir." in response.content.decode()
    assert not Session.objects.exists()


def test_a_manager_cannot_schedule_at_a_site_they_do_not_manage(client_as, other_site):
    response = client_as("site_manager").post(
        reverse("workshops:session_create"), _planning_data(other_site, WorkshopFactory())
    )
    assert response.status_code == 200
    assert not Session.objects.exists()


@pytest.mark.parametrize("role", ["mediator", "volunteer", "network_admin"])
def test_only_site_managers_schedule(client_as, role):
    assert client_as(role).get(reverse("workshops:session_create")).status_code == 404
    assert client_as(role).get(reverse("workshops:course_create")).status_code == 404


def test_a_manager_schedules_a_course_with_all_its_sessions(client_as, site):
    workshop = WorkshopFactory(kind="course", session_count=5)
    data = _planning_data(site, workshop, label="Groupe du lundi", session_count="", every_days="7")
    response = client_as("site_manager").post(reverse("workshops:course_create"), data)
    course = Course.objects.get()
    assert response.status_code == 302
    assert course.sessions.count() == 5


def test_a_manager_cancels_and_moves_a_session(client_as, site):
    session = SessionFactory(site=site)
    client = client_as("site_manager")
    new_day = timezone.localdate(session.starts_at) + timedelta(days=1)
    response = client.post(
        reverse("workshops:session_move", args=[session.pk]),
        {"date": new_day.isoformat(), "start_time": "10:00", "end_time": "12:00", "room": ""},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).hour == 10
    response = client.post(reverse("workshops:session_cancel", args=[session.pk]), {"reason": "Travaux"})
    session.refresh_from_db()
    assert session.is_cancelled


@pytest.mark.parametrize("role", ["mediator", "volunteer"])
def test_only_managers_cancel_or_move(client_as, site, role):
    session = SessionFactory(site=site)
    client = client_as(role)
    assert client.get(reverse("workshops:session_cancel", args=[session.pk])).status_code == 404
    assert client.get(reverse("workshops:session_move", args=[session.pk])).status_code == 404


def test_a_manager_of_another_site_cannot_cancel(client_as, site, other_site):
    session = SessionFactory(site=site)
    client = client_as("site_manager", at=other_site)
    assert client.post(reverse("workshops:session_cancel", args=[session.pk])).status_code == 404


def test_a_mediator_withdraws_a_person_from_a_course_and_the_waiting_list_moves_up(client_as, site, people):
    from tremplin.workshops import services
    from tremplin.workshops.models import Enrollment

    workshop = WorkshopFactory(kind="course", session_count=2, default_seats=1)
    course = Course.objects.create(workshop=workshop, site=site)
    for days in (3, 10):
        SessionFactory(
            site=site, workshop=workshop, course=course, seats=1, starts_at=timezone.now() + timedelta(days=days)
        )
    first, second = people(2)
    services.enroll(None, course, first)
    services.enroll(None, course, second)
    client = client_as("mediator")
    url = reverse("workshops:course_withdraw", args=[course.pk, first.pk])
    assert client_as("volunteer").post(url).status_code == 404
    client = client_as("mediator")
    asked = client.post(url)
    assert asked.status_code == 200 and "data-confirm-step" in asked.content.decode()
    assert Enrollment.objects.filter(beneficiary=first, status="confirmed").count() == 2
    response = client.post(url, {"confirmed": "1"}, follow=True)
    assert "désinscrit·e des séances à venir" in response.content.decode()
    assert set(Enrollment.objects.filter(beneficiary=second).values_list("status", flat=True)) == {"confirmed"}
    assert client.get(course.get_absolute_url()).status_code == 200


def test_volunteers_see_names_without_birth_year_in_the_walk_in_list(make_user, site):
    from tremplin.workshops.forms import PersonChoiceForm

    from .factories import BeneficiaryFactory

    BeneficiaryFactory(first_name="Amina", last_name="Benali", birth_year=1970, sites=[site])
    for role, expected in (("volunteer", "BENALI Amina"), ("mediator", "BENALI Amina (1970)")):
        choices = PersonChoiceForm(user=make_user(role)).fields["beneficiary"].choices
        assert expected in [label for _value, label in choices]


@pytest.mark.parametrize("junk", ["99999999999999999999", "²"])
def test_a_junk_facilitator_id_is_refused_next_to_the_field_not_a_server_error(client_as, site, junk):
    response = client_as("site_manager").post(
        reverse("workshops:session_create"), _planning_data(site, WorkshopFactory(), facilitators=[junk])
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Session.objects.exists()
