"""The kiosk on a tablet (768 × 1024) in French then Arabic, and the questionnaire editor, in Chromium, axe clean.

Screenshots of the kiosk at 768 and 375 px in both languages are written to test-artifacts/ (kiosk-*.png).
"""

import pytest

from tremplin.assessments.models import Item, Response
from tremplin.assessments.questionnaire_data import create_default_questionnaire
from tremplin.core.testing.browser import (
    ARTIFACTS,
    PHONE,
    _new_page,
    assert_accessible,
    assert_fits_the_screen,
    browser_login,
)
from tremplin.core.testing.factories import TEST_PASSWORD
from tremplin.workshops.tests.factories import BeneficiaryFactory

TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def tablet_page(chromium_browser, live_server, request):
    context, page = _new_page(chromium_browser, TABLET, request)
    page.set_default_timeout(20_000)
    yield page
    context.close()


def check(page):
    page.wait_for_load_state()
    assert_accessible(page)
    assert_fits_the_screen(page)


def shoot(page, name):
    """Screenshots at tablet and phone width (the same page re-laid out), each checked for sideways scrolling."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"kiosk-{name}-768.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / f"kiosk-{name}-375.png"), full_page=True)
    page.set_viewport_size(TABLET)


@pytest.mark.browser
def test_a_person_answers_at_the_kiosk_in_french_then_arabic_and_cannot_leave_it(
    tablet_page, live_url, make_user, site
):
    page = tablet_page
    questionnaire = create_default_questionnaire()
    volunteer = make_user("volunteer", at=site)
    person = BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", sites=[site])
    browser_login(page, volunteer, live_url)

    page.goto(f"{live_url}/personnes/{person.pk}/")
    page.get_by_role("link", name="Diagnostic en autonomie (kiosque)").click()
    check(page)
    page.get_by_role("button", name="Ouvrir le kiosque").click()
    check(page)
    assert "Bonjour Hélène" in page.locator("h1").inner_text()
    assert "Lefèvre" not in page.content()
    shoot(page, "welcome-fr")
    page.get_by_role("button", name="Français").click()
    check(page)
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "Question 1 sur 7" in page.locator("main").inner_text()
    shoot(page, "fr")
    page.get_by_role("button", name="Oui, seul·e").click()
    check(page)
    assert "Question 2 sur 7" in page.locator("main").inner_text()

    # Typing another address of the app brings the tablet back to the kiosk.
    for address in ("/personnes/", f"/diagnostic/personne/{person.pk}/", "/"):
        page.goto(f"{live_url}{address}")
        page.wait_for_load_state()
        assert page.url == f"{live_url}/diagnostic/kiosque/", address
    assert page.get_by_role("link", name="Personnes").count() == 0  # no menu at all

    page.get_by_role("button", name="العربية").click()
    check(page)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert "السؤال 1 من 7" in page.locator("main").inner_text()
    shoot(page, "ar")
    page.get_by_role("button", name="لا أعرف").click()
    check(page)
    assert "السؤال 2 من 7" in page.locator("main").inner_text()
    first = Item.objects.filter(area__questionnaire=questionnaire, kind="self").order_by("area__order", "order").first()
    assert Response.objects.get(item=first).value == "dont_know"
    for _number in range(2, 8):
        page.get_by_role("button", name="نعم، بمفردي").click()
        page.wait_for_load_state()
    check(page)
    assert "شكرا Hélène!" in page.locator("h1").inner_text()  # the name in <bdi>
    shoot(page, "thanks-ar")

    page.get_by_role("link", name="Équipe : quitter le kiosque").click()
    check(page)
    page.get_by_label("Votre mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Quitter le kiosque").click()
    page.wait_for_load_state()
    assert "/diagnostic/kiosque/" not in page.url
    page.goto(f"{live_url}/personnes/")
    assert page.url == f"{live_url}/personnes/"  # the session is the volunteer's again


@pytest.mark.browser
def test_the_national_team_edits_a_draft_and_publishes_it(browser_page, live_url, make_user):
    page = browser_page
    page.set_default_timeout(10_000)
    create_default_questionnaire()
    admin = make_user("network_admin")
    browser_login(page, admin, live_url)

    page.goto(f"{live_url}/diagnostic/questionnaire/")
    check(page)
    page.get_by_role("button", name="Créer un brouillon").click()
    check(page)
    page.get_by_role("button", name="Ajouter un domaine").click()
    check(page)
    page.get_by_role("button", name="Enregistrer").click()
    check(page)  # the form with its errors
    assert "Cochez au moins une compétence du CRCN." in page.locator("main").inner_text()
    page.get_by_label("Code").fill("imprimer")
    page.get_by_label("Nom en français").fill("Imprimer un document")
    page.get_by_label("1.2 Gérer des données").check()
    page.get_by_role("button", name="Enregistrer").click()
    check(page)
    assert "n'a aucune question" in page.locator("main").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "editor-draft-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    check(page)
    page.screenshot(path=str(ARTIFACTS / "editor-draft-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Ajouter une question ici (Imprimer un document)").click()
    check(page)
    page.get_by_label("Texte en français").fill("Savez-vous imprimer un document ?")
    page.get_by_role("button", name="Enregistrer").click()
    check(page)
    page.get_by_role("link", name="Aperçu des questions").click()
    page.get_by_role("link", name="العربية").click()
    check(page)
    page.goto(page.url.split("apercu")[0])
    page.get_by_role("button", name="Publier cette version").click()
    check(page)
    page.get_by_role("button", name="Publier", exact=True).click()
    check(page)
    assert "Version 2 publiée." in page.locator("main").inner_text()
