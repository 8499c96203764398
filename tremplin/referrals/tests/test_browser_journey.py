"""The whole orientation in a browser: referrer on a phone → voucher → site inbox → accepted → referrer sees it."""

import re

import pytest

from tremplin.core.testing.browser import assert_accessible, browser_login
from tremplin.referrals.models import Referral


def assert_fits_the_screen(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url}: the page is {overflow}px wider than the screen"


@pytest.mark.browser
def test_a_referral_goes_from_the_referrers_phone_to_an_accepted_person(
    phone_page, browser_page, live_url, make_user, site, partner, proof_type
):
    referrer = make_user("referrer", at=partner)
    mediator = make_user("mediator", at=site)

    # The referrer, on a 375-px phone, fills the referral.
    page = phone_page
    page.set_default_timeout(10_000)
    browser_page.set_default_timeout(10_000)
    browser_login(page, referrer, live_url)
    page.goto(f"{live_url}/orientations/nouvelle/")
    assert_accessible(page)
    assert_fits_the_screen(page)
    # Sent empty, the form explains each missing field and stays accessible.
    page.get_by_role("button", name="Vérifier avant d'envoyer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Cochez au moins un besoin.", exact=True).is_visible()
    assert_accessible(page)
    page.locator("#id_first_name").fill("Amina")
    page.locator("#id_last_name").fill("Diallo")
    page.locator("#id_birth_year").fill("1980")
    page.get_by_label("SMS", exact=True).check()
    page.locator("#id_phone").fill("06 12 34 56 78")
    page.locator("#id_postal_code").fill("69007")
    page.locator("#id_commune").fill("Lyon")
    page.get_by_label("Aide pour une démarche en ligne").check()
    page.locator("#id_target_site").select_option(label=site.name)
    page.locator("#id_consent_attested").check()
    page.locator("#id_eligibility_attested").check()
    page.locator("#id_proof_type").select_option(label=proof_type.name)
    page.get_by_role("button", name="Vérifier avant d'envoyer").click()
    page.wait_for_load_state()
    # The review names the site the person is sent to; nothing is sent yet.
    assert page.get_by_role("radio", name=re.compile(site.name)).is_checked()
    assert not Referral.objects.exists()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Envoyer l'orientation").click()
    page.wait_for_load_state()
    referral = Referral.objects.get()
    assert page.url.endswith(f"/orientations/{referral.pk}/")
    assert_accessible(page)

    # The voucher: printable page and PDF.
    page.get_by_role("button", name="Bon d'orientation à imprimer").click()
    page.wait_for_load_state()
    assert referral.display_code in page.content()
    assert_accessible(page)
    assert_fits_the_screen(page)
    pdf = page.request.get(f"{live_url}/orientations/{referral.pk}/bon.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # Site staff find it in the inbox and accept it as a new person.
    staff = browser_page
    browser_login(staff, mediator, live_url)
    staff.goto(f"{live_url}/orientations/recues/")
    assert_accessible(staff)
    staff.get_by_role("link", name="Amina Diallo").click()
    staff.wait_for_load_state()
    assert_accessible(staff)
    staff.get_by_role("button", name="Accepter").click()
    staff.wait_for_load_state()
    assert_accessible(staff)
    staff.get_by_label("Créer une nouvelle fiche").check()
    staff.get_by_role("button", name="Accepter").click()
    staff.wait_for_load_state()
    assert "Orientation acceptée" in staff.content()
    assert_accessible(staff)

    # The referrer sees the new status.
    page.goto(f"{live_url}/orientations/")
    assert "Acceptée" in page.content()
    assert_accessible(page)
    page.goto(f"{live_url}/orientations/{referral.pk}/")
    assert page.get_by_text("Premier rendez-vous tenu").is_visible()
    assert_accessible(page)
