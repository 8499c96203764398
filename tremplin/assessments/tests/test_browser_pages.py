"""axe on the diagnostic pages the two journeys (test_browser.py, test_browser_kiosk.py) do not reach: a result
with every kind of proposal (workshop, device, connectivity, orientation), a follow-up's result with its
before → after table and profile change, the easy-to-read page in Arabic (right to left), and the editor's
edit and delete-confirmation pages. Each page is checked at desktop and phone width."""

from datetime import timedelta

import pytest

from tremplin.assessments import services
from tremplin.assessments.models import Assessment, PathwayStep
from tremplin.assessments.questionnaire_data import create_default_questionnaire
from tremplin.core.testing.browser import DESKTOP, PHONE, assert_accessible, assert_fits_the_screen, browser_login
from tremplin.workshops.tests.factories import BeneficiaryFactory, SessionFactory


def check(page):
    """axe and no sideways scrolling, at 1280 then 375 px (the same page re-laid out)."""
    page.wait_for_load_state()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def take(mediator, person, failed_areas, *, language="fr", days_ago=0, **context):
    """A diagnostic through the services: the observed tasks and self-assessments of `failed_areas` failed
    ("pas réussi" / "non"), every other one succeeded alone."""
    assessment = services.start_assessment(mediator, person, language=language)
    services.save_context(mediator, assessment, email_access=False, **context)
    answers = {}
    for area in assessment.questionnaire.areas.all():
        for item in area.items.all():
            failed = area.code in failed_areas
            answers[item.pk] = {"observed": "failed" if failed else "alone", "self": "no" if failed else "yes_alone"}[
                item.kind
            ]
    services.save_answers(mediator, assessment, answers)
    services.complete_assessment(mediator, assessment)
    if days_ago:
        moved = assessment.completed_at - timedelta(days=days_ago)
        Assessment.objects.filter(pk=assessment.pk).update(completed_at=moved, started_at=moved)
        assessment.refresh_from_db()
    return assessment


@pytest.mark.browser
def test_every_result_page_and_the_arabic_easy_read_page_are_accessible(browser_page, live_url, make_user, site):
    page = browser_page
    page.set_default_timeout(10_000)
    create_default_questionnaire()
    mediator = make_user("mediator", at=site)
    person = BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", sites=[site])
    SessionFactory(site=site, seats=4, workshop__title="Premiers pas avec l'e-mail", workshop__thematiques=["email"])
    # No device, no internet, wants to do procedures, "démarches" at 0: all four kinds of proposal.
    first = take(
        mediator,
        person,
        {"naviguer", "communiquer", "demarches", "securite", "smartphone"},
        days_ago=40,
        devices=["none"],
        internet="none",
        goals=["procedures"],
    )
    browser_login(page, mediator, live_url)

    page.goto(f"{live_url}{first.get_absolute_url()}")
    check(page)
    for heading in ("Communiquer", "Un appareil", "Une connexion internet", "Une orientation vers une autre structure"):
        assert page.get_by_role("heading", name=heading).count() >= 1, heading
    page.get_by_label("Remarque (facultatif)").last.fill("France Services de la mairie")
    page.get_by_role("button", name="Orienter la personne").click()
    check(page)
    assert PathwayStep.objects.get(kind="orientation").state == "done"

    # The follow-up in Arabic: its result gives before → after and the profile change (in the staff's French).
    follow_up = take(mediator, person, {"demarches"}, language="ar", devices=["smartphone"], internet="box", goals=[])
    page.goto(f"{live_url}{follow_up.get_absolute_url()}")
    check(page)
    main = page.locator("main").inner_text()
    assert "profil À initier → En progression" in main
    assert page.locator("html").get_attribute("dir") != "rtl"

    page.get_by_role("link", name="Page facile à lire pour la personne").click()
    check(page)
    assert page.locator("[dir=rtl]").count() >= 1
    assert "استخدام جهاز" in page.locator("main").inner_text()

    page.goto(f"{live_url}/diagnostic/personne/{person.pk}/")
    check(page)
    assert "Profil : À initier → En progression." in page.locator("main").inner_text()


@pytest.mark.browser
def test_the_editors_edit_and_delete_pages_are_accessible(browser_page, live_url, make_user):
    page = browser_page
    page.set_default_timeout(10_000)
    create_default_questionnaire()
    browser_login(page, make_user("network_admin"), live_url)
    page.goto(f"{live_url}/diagnostic/questionnaire/")
    page.get_by_role("button", name="Créer un brouillon").click()
    page.wait_for_load_state()
    draft = page.url

    page.get_by_role("button", name="Modifier le titre").click()
    check(page)
    page.goto(draft)
    page.get_by_role("link", name="Modifier le domaine Smartphone").click()
    check(page)
    page.goto(draft)
    page.get_by_role("link", name="Modifier « Écrire un mot avec le clavier »").click()
    check(page)
    page.goto(draft)
    page.get_by_role("button", name="Supprimer « Écrire un mot avec le clavier »").click()
    check(page)
    assert page.get_by_role("heading", name="Supprimer la question ?").count() == 1
    page.goto(draft)
    page.get_by_role("button", name="Supprimer le domaine Smartphone").click()
    check(page)
    page.goto(draft)
    page.get_by_role("button", name="Supprimer le brouillon").click()
    check(page)
