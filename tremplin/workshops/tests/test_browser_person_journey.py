"""One person through the seams, on a phone: from their page to a workshop seat, and back to "En cours"."""

import pytest

from tremplin.core.testing.browser import assert_accessible, assert_fits_the_screen, browser_login
from tremplin.workshops.models import Enrollment

from .factories import BeneficiaryFactory, SessionFactory


def check(page):
    page.wait_for_load_state()
    assert_accessible(page)
    assert_fits_the_screen(page)


@pytest.mark.browser
def test_a_mediator_enrols_a_person_from_their_page_on_a_phone(phone_page, live_url, make_user, site):
    page = phone_page
    page.set_default_timeout(10_000)
    mediator = make_user("mediator", at=site)
    person = BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", sites=[site])
    SessionFactory(site=site, seats=4, workshop__title="Premiers pas avec l'e-mail")
    browser_login(page, mediator, live_url)

    page.goto(f"{live_url}/personnes/{person.pk}/")
    check(page)
    page.get_by_role("link", name="Inscrire à un atelier").click()
    check(page)
    assert "Premiers pas avec l'e-mail" in page.locator("table").inner_text()
    page.get_by_role("button", name="Inscrire").first.click()
    check(page)
    assert "est inscrit·e" in page.locator(".messages").inner_text()
    assert Enrollment.objects.filter(beneficiary=person, status="confirmed").count() == 1

    page.get_by_role("link", name="Retour à la fiche de la personne").click()
    check(page)
    assert "Premiers pas avec l'e-mail" in page.locator("#current-title + ul").inner_text()
