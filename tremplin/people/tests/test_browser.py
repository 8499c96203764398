"""Main journey in a real browser at phone width: find a person, create a walk-in, meet the duplicate warning."""

import pytest

from tremplin.core.testing.browser import assert_accessible, assert_fits_the_screen, browser_login
from tremplin.people.models import Beneficiary

from .factories import BeneficiaryFactory, ConsentFactory, EligibilityRecordFactory


@pytest.mark.browser
def test_a_mediator_creates_a_walk_in_person_on_a_phone_after_a_duplicate_warning(
    phone_page, live_url, make_user, site
):
    page = phone_page
    existing = BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", birth_year=1975, sites=[site])
    ConsentFactory(beneficiary=existing)
    EligibilityRecordFactory(beneficiary=existing)
    browser_login(page, make_user("mediator"), live_url)

    page.goto(f"{live_url}/personnes/")
    page.locator("#people-q").fill("helene lefebvre")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    assert "lefebvre" not in page.url
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.get_by_role("link", name="LEFÈVRE Hélène").is_visible()

    page.get_by_role("link", name="LEFÈVRE Hélène").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert_fits_the_screen(page)

    page.goto(f"{live_url}/personnes/nouvelle/")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.locator("#id_first_name").fill("Helene")
    page.locator("#id_last_name").fill("Lefebvre")
    page.locator("#id_birth_year").fill("1975")
    page.locator("#id_phone").fill("06 39 98 00 07")
    page.get_by_role("button", name="Enregistrer la personne").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Cette personne existe peut-être déjà").is_visible()
    assert Beneficiary.objects.count() == 1
    assert_accessible(page)
    assert_fits_the_screen(page)

    page.locator("#id_create_anyway").check()
    page.get_by_role("button", name="Enregistrer la personne").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Helene Lefebvre").is_visible()
    assert Beneficiary.objects.count() == 2
    assert_accessible(page)
    assert_fits_the_screen(page)


@pytest.mark.browser
def test_a_site_managers_record_pages_are_accessible(browser_page, live_url, make_user, site):
    page = browser_page
    keep = BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", birth_year=1975, sites=[site])
    other = BeneficiaryFactory(first_name="Helene", last_name="Lefebvre", birth_year=1975, sites=[site])
    ConsentFactory(beneficiary=other)
    EligibilityRecordFactory(beneficiary=keep)
    browser_login(page, make_user("site_manager"), live_url)
    for path in [
        "",
        "modifier/",
        "historique/",
        "information/",
        "eligibilite/",
        "export/",
        "fusion/",
        f"fusion/{other.pk}/",
        "anonymiser/",
    ]:
        response = page.goto(f"{live_url}/personnes/{keep.pk}/{path}")
        assert response.status == 200, path
        assert_accessible(page)
    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Anonymiser définitivement").click()
    page.wait_for_load_state()
    assert page.locator("#id_reason_error").is_visible()
    assert_accessible(page)
