"""Main journeys in Chromium: plan a course, fill it past its seats, cancel, attendance on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.core.testing.browser import assert_accessible, assert_fits_the_screen, browser_login
from tremplin.workshops.models import Course, Enrollment

from .factories import BeneficiaryFactory, EnrollmentFactory, SessionFactory, WorkshopFactory


def go(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert_accessible(page)


def submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    assert_accessible(page)


@pytest.mark.browser
def test_a_manager_plans_a_course_fills_it_and_a_cancellation_promotes_the_first_waiting(
    browser_page, live_url, make_user, site
):
    page = browser_page
    page.set_default_timeout(10_000)
    manager = make_user("site_manager", at=site)
    WorkshopFactory(title="Débuter avec l'ordinateur", kind="course", session_count=3)
    people = [BeneficiaryFactory(first_name=f"Personne{i}", last_name=f"Essai{i}", sites=[site]) for i in range(3)]
    browser_login(page, manager, live_url)

    go(page, f"{live_url}/ateliers/")
    page.get_by_role("button", name="Planifier un parcours").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.select_option("#id_workshop", label="Débuter avec l'ordinateur")
    page.fill("#id_date", (timezone.localdate() + timedelta(days=2)).isoformat())
    page.fill("#id_start_time", "14:00")
    page.fill("#id_seats", "2")
    page.fill("#id_label", "Groupe test")
    submit(page, "Planifier le parcours")
    course = Course.objects.get()
    assert course.sessions.count() == 3
    assert "Groupe test" in page.locator("h1").inner_text()

    for person in people:
        page.select_option("select[name=beneficiary]", value=str(person.pk))
        submit(page, "Inscrire au parcours")
    assert "liste d'attente" in page.locator(".messages").inner_text()
    assert Enrollment.objects.filter(beneficiary=people[2], status="waitlisted").count() == 3

    page.get_by_role("link", name="Séance 1").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name=f"Désinscrire {people[0]}").click()
    page.wait_for_load_state()
    assert_accessible(page)  # the confirmation step
    page.get_by_role("button", name="Désinscrire", exact=True).click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "passe de la liste d'attente aux inscrits" in page.locator(".messages").inner_text()
    first_session = course.sessions.order_by("starts_at").first()
    assert Enrollment.objects.get(session=first_session, beneficiary=people[2]).status == "confirmed"


@pytest.mark.browser
def test_a_volunteer_takes_attendance_and_adds_a_walk_in_on_a_phone(phone_page, live_url, make_user, site):
    page = phone_page
    page.set_default_timeout(10_000)
    volunteer = make_user("volunteer", at=site)
    session = SessionFactory(
        site=site,
        starts_at=timezone.now() - timedelta(minutes=15),
        seats=4,
        workshop=WorkshopFactory(title="Premiers pas sur smartphone"),
    )
    present, absent = (BeneficiaryFactory(first_name=n, last_name="Test", sites=[site]) for n in ("Alice", "Bruno"))
    walker = BeneficiaryFactory(first_name="Chloé", last_name="Passage", sites=[site])
    for person in (present, absent):
        EnrollmentFactory(session=session, beneficiary=person)
    browser_login(page, volunteer, live_url)

    go(page, f"{live_url}/ateliers/")
    assert_fits_the_screen(page)
    page.get_by_role("link", name="Premiers pas sur smartphone").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Feuille d'émargement").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("group", name="Alice Test").get_by_label("Présent·e").check()
    page.get_by_role("group", name="Bruno Test").get_by_label("Absent·e").check()
    submit(page, "Enregistrer l'émargement")
    assert "1 personne présente." in page.locator(".messages").inner_text()

    page.get_by_label("Rechercher une personne (nom ou prénom)").fill("passage")
    submit(page, "Rechercher")
    page.select_option("select[name=beneficiary]", value=str(walker.pk))
    submit(page, "Ajouter comme présent·e")
    assert_fits_the_screen(page)
    marks = dict(Enrollment.objects.filter(session=session).values_list("beneficiary__first_name", "attendance"))
    assert marks == {"Alice": "present", "Bruno": "absent", "Chloé": "present"}


@pytest.mark.browser
def test_a_person_cancels_through_the_signed_link_on_a_phone(phone_page, live_url, site):
    from tremplin.workshops.tokens import make_token

    page = phone_page
    page.set_default_timeout(10_000)
    session = SessionFactory(site=site, seats=1)
    enrollment = EnrollmentFactory(session=session, beneficiary=BeneficiaryFactory(first_name="Dina", sites=[site]))
    go(page, f"{live_url}/ateliers/r/{make_token(enrollment)}/")
    assert_fits_the_screen(page)
    submit(page, "Je ne pourrai pas venir : libérer ma place")
    assert "inscription est annulée" in page.locator("main").inner_text()
    assert Enrollment.objects.get(pk=enrollment.pk).status == "cancelled"
