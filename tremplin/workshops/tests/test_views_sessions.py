"""Session page, enrolment, cancellation, attendance sheet, certificates and statistics views."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.core.models import AccessLog
from tremplin.workshops import services
from tremplin.workshops.models import Enrollment

from .factories import BeneficiaryFactory, EnrollmentFactory, SessionFactory


@pytest.fixture
def today_session(site):
    return SessionFactory(site=site, starts_at=timezone.now() - timedelta(minutes=20), seats=3)


def test_a_volunteer_sees_the_names_on_the_session_page_but_no_enrol_form(client_as, session, people):
    person = people(1)[0]
    EnrollmentFactory(session=session, beneficiary=person)
    response = client_as("volunteer").get(session.get_absolute_url())
    content = response.content.decode()
    assert person.first_name in content
    assert "Inscrire une personne" not in content
    assert str(person.phone) not in content


def test_staff_of_another_site_get_a_404_on_the_session_page(client_as, session, other_site):
    assert client_as("mediator", at=other_site).get(session.get_absolute_url()).status_code == 404


def test_the_session_page_runs_a_bounded_number_of_queries(client_as, session, people, django_assert_max_num_queries):
    for person in people(6):
        services.enroll(None, session, person)
    client = client_as("mediator")
    with django_assert_max_num_queries(16):
        response = client.get(session.get_absolute_url())
    assert response.status_code == 200


def test_a_mediator_enrols_a_person_of_their_site(client_as, session, people):
    person = people(1)[0]
    response = client_as("mediator").post(
        reverse("workshops:session_enroll", args=[session.pk]), {"beneficiary": person.pk}, follow=True
    )
    assert Enrollment.objects.get(session=session).beneficiary == person
    assert "est inscrit·e" in response.content.decode()


def test_a_full_session_offers_the_waiting_list(client_as, session, people):
    first, second, third = people(3)
    client = client_as("mediator")
    for person in (first, second):
        client.post(reverse("workshops:session_enroll", args=[session.pk]), {"beneficiary": person.pk})
    response = client.post(
        reverse("workshops:session_enroll", args=[session.pk]), {"beneficiary": third.pk}, follow=True
    )
    assert "liste d&#x27;attente (rang 1)" in response.content.decode()


def test_a_person_the_site_does_not_follow_cannot_be_enrolled(client_as, session, other_site):
    stranger = BeneficiaryFactory(sites=[other_site])
    response = client_as("mediator").post(
        reverse("workshops:session_enroll", args=[session.pk]), {"beneficiary": stranger.pk}, follow=True
    )
    assert "n&#x27;est pas dans la liste de votre espace" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_enrolling_twice_shows_a_clear_message(client_as, session, people):
    person = people(1)[0]
    client = client_as("mediator")
    url = reverse("workshops:session_enroll", args=[session.pk])
    client.post(url, {"beneficiary": person.pk})
    response = client.post(url, {"beneficiary": person.pk}, follow=True)
    assert "déjà inscrit·e à cette séance" in response.content.decode()
    assert Enrollment.objects.count() == 1


@pytest.mark.parametrize("role", ["volunteer", "network_admin"])
def test_volunteers_and_admins_do_not_enrol(client_as, session, people, role):
    response = client_as(role).post(
        reverse("workshops:session_enroll", args=[session.pk]), {"beneficiary": people(1)[0].pk}
    )
    assert response.status_code == 404


def test_the_enrol_form_lists_only_people_matching_the_search(client_as, session, site):
    BeneficiaryFactory(first_name="Amina", last_name="Benali", sites=[site])
    BeneficiaryFactory(first_name="Jean", last_name="Dupont", sites=[site])
    client = client_as("mediator")
    response = client.post(reverse("core:remember_search"), {"q": "benali", "next": session.get_absolute_url()})
    assert response["Location"] == session.get_absolute_url()  # the name stays out of the address
    content = client.get(session.get_absolute_url()).content.decode()
    assert "BENALI Amina" in content
    assert "DUPONT Jean" not in content


def test_a_mediator_cancels_an_enrolment_and_the_first_waiting_is_promoted(client_as, session, people):
    a, b, c = people(3)
    first = services.enroll(None, session, a)[0]
    services.enroll(None, session, b)
    services.enroll(None, session, c)
    client = client_as("mediator")
    assert client.get(reverse("workshops:enrollment_cancel", args=[first.pk])).status_code == 405
    response = client.post(reverse("workshops:enrollment_cancel", args=[first.pk]), {"confirmed": "1"}, follow=True)
    assert "passe de la liste d&#x27;attente aux inscrits" in response.content.decode()
    assert Enrollment.objects.get(session=session, beneficiary=c).status == "confirmed"


def test_unenrolling_asks_for_confirmation_and_changes_nothing_until_confirmed(client_as, session, people):
    (a,) = people(1)
    first = services.enroll(None, session, a)[0]
    client = client_as("mediator")
    page = client.post(reverse("workshops:enrollment_cancel", args=[first.pk]))

    assert page.status_code == 200 and "data-confirm-step" in page.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"


def test_a_past_session_offers_no_unenrolment_and_refuses_one(client_as, site, people):
    (person,) = people(1)
    past = SessionFactory(site=site, starts_at=timezone.now() - timedelta(days=2))
    enrollment = EnrollmentFactory(session=past, beneficiary=person, status="confirmed", attendance="present")
    client = client_as("mediator")

    page = client.get(past.get_absolute_url()).content.decode()
    assert reverse("workshops:enrollment_cancel", args=[enrollment.pk]) not in page

    response = client.post(
        reverse("workshops:enrollment_cancel", args=[enrollment.pk]), {"confirmed": "1"}, follow=True
    )
    assert "notez plutôt l&#x27;absence" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == "confirmed"


def test_a_volunteer_cannot_cancel_an_enrolment(client_as, session, people):
    enrollment = services.enroll(None, session, people(1)[0])[0]
    assert client_as("volunteer").post(reverse("workshops:enrollment_cancel", args=[enrollment.pk])).status_code == 404


def test_a_volunteer_takes_attendance_on_the_day(client_as, today_session, people):
    a, b = people(2)
    ea = EnrollmentFactory(session=today_session, beneficiary=a)
    eb = EnrollmentFactory(session=today_session, beneficiary=b)
    client = client_as("volunteer")
    url = reverse("workshops:attendance", args=[today_session.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"mark-{ea.pk}": "present", f"mark-{eb.pk}": "excused"}, follow=True)
    assert "1 personne présente." in response.content.decode()  # the singular, not "personne(s)"
    assert Enrollment.objects.get(pk=eb.pk).attendance == "excused"


def test_a_walk_in_is_added_from_the_sheet(client_as, today_session, people):
    walker = people(1)[0]
    client_as("mediator").post(reverse("workshops:walk_in", args=[today_session.pk]), {"beneficiary": walker.pk})
    assert Enrollment.objects.get(session=today_session, beneficiary=walker).attendance == "present"


def test_the_sheet_is_closed_before_the_day(client_as, session):
    response = client_as("mediator").get(reverse("workshops:attendance", args=[session.pk]), follow=True)
    assert "s&#x27;ouvre le jour de la séance" in response.content.decode()


@pytest.mark.parametrize("role", ["referrer", "observer", "network_admin"])
def test_the_attendance_sheet_is_for_site_staff_only(client_as, today_session, role):
    assert client_as(role).get(reverse("workshops:attendance", args=[today_session.pk])).status_code == 404


def test_a_mediator_prints_an_attendance_certificate_and_it_is_logged(client_as, today_session, people):
    person = people(1)[0]
    enrollment = EnrollmentFactory(session=today_session, beneficiary=person, attendance="present")
    response = client_as("mediator").get(reverse("workshops:certificate", args=[enrollment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert person.last_name not in response["Content-Disposition"]
    assert AccessLog.objects.for_object(person).filter(action="print").exists()


def test_no_certificate_for_an_absent_person_nor_for_a_volunteer(client_as, today_session, people):
    absent = EnrollmentFactory(session=today_session, beneficiary=people(1)[0], attendance="absent")
    present = EnrollmentFactory(session=today_session, beneficiary=people(1)[0], attendance="present")
    assert client_as("mediator").get(reverse("workshops:certificate", args=[absent.pk])).status_code == 404
    assert client_as("volunteer").get(reverse("workshops:certificate", args=[present.pk])).status_code == 404


def test_a_course_end_certificate_once_the_course_is_over(client_as, site, people):
    from tremplin.workshops.models import Course

    from .factories import WorkshopFactory

    workshop = WorkshopFactory(kind="course", session_count=2)
    course = Course.objects.create(workshop=workshop, site=site)
    person = people(1)[0]
    for days in (14, 7):
        session = SessionFactory(
            site=site, workshop=workshop, course=course, starts_at=timezone.now() - timedelta(days=days)
        )
        EnrollmentFactory(session=session, beneficiary=person, attendance="present")
    client = client_as("mediator")
    page = client.get(course.get_absolute_url()).content.decode()
    url = reverse("workshops:course_certificate", args=[course.pk, person.pk])
    assert url in page
    response = client.get(url)
    assert response.content.startswith(b"%PDF")


def test_stats_show_fill_and_no_show_rates(client_as, site, people, django_assert_max_num_queries):
    past = SessionFactory(site=site, starts_at=timezone.now() - timedelta(days=2), seats=4)
    a, b = people(2)
    EnrollmentFactory(session=past, beneficiary=a, attendance="present")
    EnrollmentFactory(session=past, beneficiary=b, attendance="absent")
    client = client_as("site_manager")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workshops:stats"))
    content = response.content.decode()
    assert "50 %" in content  # 2 of 4 seats, and 1 absent of 2 marked


def test_observers_do_not_see_workshop_stats(client_as):
    assert client_as("observer").get(reverse("workshops:stats")).status_code == 404


def test_a_manager_adds_seats_and_the_waiting_list_moves_up(client_as, session, people):
    a, b, c = people(3)
    for person in (a, b, c):
        services.enroll(None, session, person)
    response = client_as("site_manager").post(
        reverse("workshops:session_seats", args=[session.pk]), {"seats": 3}, follow=True
    )
    assert "passe de la liste d&#x27;attente" in response.content.decode()
    assert Enrollment.objects.get(session=session, beneficiary=c).status == "confirmed"


def test_seats_cannot_go_below_the_people_already_enrolled(client_as, session, people):
    for person in people(2):
        services.enroll(None, session, person)
    response = client_as("site_manager").post(
        reverse("workshops:session_seats", args=[session.pk]), {"seats": 1}, follow=True
    )
    assert "il faut au moins autant de places" in response.content.decode()
    session.refresh_from_db()
    assert session.seats == 2


def test_a_mediator_cannot_change_the_seats(client_as, session):
    assert (
        client_as("mediator").post(reverse("workshops:session_seats", args=[session.pk]), {"seats": 9}).status_code
        == 404
    )


def test_the_national_team_sees_counts_but_not_names(client_as, session, people):
    person = people(1)[0]
    services.enroll(None, session, person)
    response = client_as("network_admin").get(session.get_absolute_url())
    assert response.status_code == 200
    assert person.last_name not in response.content.decode()
