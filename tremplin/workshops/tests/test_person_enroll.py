"""Enrolling one person from their page: upcoming sessions and courses of the person's sites, seats left."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.workshops.models import Course, Enrollment

from .factories import BeneficiaryFactory, EnrollmentFactory, SessionFactory, WorkshopFactory


@pytest.fixture
def person(site):
    return BeneficiaryFactory(sites=[site], first_name="Hélène", last_name="Lefèvre")


def url(person):
    return reverse("workshops:person_enroll", args=[person.pk])


def test_a_mediator_sees_upcoming_sessions_of_the_persons_site_with_seats_left(
    login, mediator, person, site, other_site
):
    open_session = SessionFactory(site=site, seats=3, workshop__title="Premiers pas e-mail")
    EnrollmentFactory(session=open_session)
    past = timezone.now() - timedelta(days=1)
    SessionFactory(site=site, workshop__title="Atelier passé", starts_at=past, ends_at=past + timedelta(hours=2))
    SessionFactory(site=site, workshop__title="Atelier annulé", status="cancelled")
    SessionFactory(site=other_site, workshop__title="Atelier ailleurs")
    response = login(mediator).get(url(person))
    assert response.status_code == 200
    sessions = list(response.context["page"].object_list)
    assert sessions == [open_session]
    assert sessions[0].seats_left == 2
    html = response.content.decode()
    assert "Premiers pas e-mail" in html
    assert "Atelier passé" not in html and "Atelier annulé" not in html and "Atelier ailleurs" not in html


def test_enrolling_from_the_persons_page_confirms_a_seat(login, mediator, person, site, outbox):
    session = SessionFactory(site=site, seats=2)
    response = login(mediator).post(url(person), {"target": "session", "pk": session.pk}, follow=True)
    assert response.redirect_chain[-1][0] == url(person)
    enrollment = Enrollment.objects.get(session=session, beneficiary=person)
    assert enrollment.status == "confirmed"
    assert "est inscrit·e" in response.content.decode()
    assert "Déjà inscrit·e" in response.content.decode()


def test_a_full_session_puts_the_person_on_the_waiting_list(login, mediator, person, site):
    session = SessionFactory(site=site, seats=1)
    EnrollmentFactory(session=session)
    login(mediator).post(url(person), {"target": "session", "pk": session.pk})
    enrollment = Enrollment.objects.get(session=session, beneficiary=person)
    assert (enrollment.status, enrollment.position) == ("waitlisted", 1)


def test_enrolling_in_a_course_enrols_in_all_its_upcoming_sessions(login, mediator, person, site):
    workshop = WorkshopFactory(kind="course", session_count=2)
    course = Course.objects.create(workshop=workshop, site=site)
    first = timezone.now() + timedelta(days=2)
    sessions = [
        SessionFactory(site=site, workshop=workshop, course=course, starts_at=first + timedelta(days=7 * week))
        for week in range(2)
    ]
    client = login(mediator)
    response = client.get(url(person))
    assert list(response.context["page"].object_list) == []  # course sessions are offered as a course
    assert [c.pk for c in response.context["courses"]] == [course.pk]
    client.post(url(person), {"target": "course", "pk": course.pk})
    assert set(Enrollment.objects.filter(beneficiary=person).values_list("session", flat=True)) == {
        s.pk for s in sessions
    }


def test_a_session_of_another_site_cannot_be_enrolled_through_the_persons_page(login, mediator, person, other_site):
    session = SessionFactory(site=other_site)
    response = login(mediator).post(url(person), {"target": "session", "pk": session.pk}, follow=True)
    assert "plus proposée" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_malformed_choice_saves_nothing(login, mediator, person):
    response = login(mediator).post(url(person), {"target": "session", "pk": "abc"}, follow=True)
    assert response.status_code == 200
    assert "Choisissez une séance" in response.content.decode()
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize("role", ["volunteer", "referrer", "observer"])
def test_other_roles_cannot_open_the_page(client_as, person, site, role):
    session = SessionFactory(site=site)
    client = client_as(role)
    assert client.get(url(person)).status_code == 404
    assert client.post(url(person), {"target": "session", "pk": session.pk}).status_code == 404
    assert not Enrollment.objects.exists()


def test_a_mediator_of_another_site_cannot_open_the_page(client_as, person, other_site):
    assert client_as("mediator", at=other_site).get(url(person)).status_code == 404


def test_the_page_runs_a_bounded_number_of_queries(login, mediator, person, site, django_assert_max_num_queries):
    client = login(mediator)
    client.get(url(person))
    for _ in range(30):
        EnrollmentFactory(session=SessionFactory(site=site, seats=4))
    with django_assert_max_num_queries(15):
        response = client.get(url(person))
    assert len(response.context["page"].object_list) == 25


@pytest.mark.parametrize("junk", ["²", "99999999999999999999"])
def test_a_junk_session_id_gives_a_message_not_a_server_error(login, mediator, person, junk):
    response = login(mediator).post(url(person), {"target": "session", "pk": junk}, follow=True)
    assert response.status_code == 200
    assert "Choisissez une séance ou un parcours dans la liste." in response.content.decode()
    assert not Enrollment.objects.exists()
