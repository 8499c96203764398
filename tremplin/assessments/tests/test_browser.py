"""The mediator flow in Chromium on a phone: person's page → diagnostic → result → enrolment from the proposal."""

from datetime import timedelta

import pytest

from tremplin.assessments import services
from tremplin.assessments.models import Assessment, Item, PathwayStep
from tremplin.assessments.questionnaire_data import create_default_questionnaire
from tremplin.core.testing.browser import assert_accessible, assert_fits_the_screen, browser_login
from tremplin.workshops.models import Enrollment
from tremplin.workshops.tests.factories import BeneficiaryFactory, SessionFactory


def check(page):
    page.wait_for_load_state()
    assert_accessible(page)
    assert_fits_the_screen(page)


@pytest.mark.browser
def test_a_mediator_takes_a_diagnostic_and_enrols_from_the_proposal_on_a_phone(phone_page, live_url, make_user, site):
    page = phone_page
    page.set_default_timeout(10_000)
    create_default_questionnaire()
    mediator = make_user("mediator", at=site)
    person = BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", sites=[site])
    SessionFactory(site=site, seats=4, workshop__title="Premiers pas avec l'e-mail", workshop__thematiques=["email"])
    browser_login(page, mediator, live_url)

    page.goto(f"{live_url}/personnes/{person.pk}/")
    page.get_by_role("link", name="Diagnostic numérique").click()
    check(page)
    page.get_by_role("button", name="Commencer").click()
    check(page)
    page.get_by_label("Smartphone").check()
    page.get_by_label("Pas d'internet").check()
    page.get_by_role("button", name="Continuer").click()
    for step in range(1, 7):
        check(page)
        radios = page.locator("main input[type=radio]")
        for index in range(0, radios.count(), 4):
            # Fail everything in "Communiquer" (step 3), succeed alone elsewhere.
            radios.nth(index + (2 if step == 3 else 0)).check()
        page.get_by_role("button", name="Terminer" if step == 6 else "Suivant").click()
    check(page)
    page.get_by_role("button", name="Calculer le résultat").click()
    check(page)
    assert "En progression" in page.locator("main").inner_text()
    page.get_by_role("button", name="Inscrire").first.click()
    check(page)
    assert Enrollment.objects.filter(beneficiary=person, status="confirmed").count() == 1
    assert "Dans le parcours : Premiers pas avec l'e-mail" in page.locator("main").inner_text()
    # On a wide screen too, « Écarter cette proposition » sits under its block's decision, as in every block
    # (a short form beside it once put it at the top right).
    phone = page.viewport_size
    page.set_viewport_size({"width": 1280, "height": 900})
    decision = page.get_by_role("button", name="Ajouter l'offre de connexion au parcours").bounding_box()
    ignore = page.get_by_role("button", name="Écarter cette proposition — Une connexion internet").bounding_box()
    assert ignore["y"] >= decision["y"] + decision["height"] and ignore["x"] <= decision["x"]
    page.set_viewport_size(phone)
    page.get_by_role("button", name="Ajouter l'offre de connexion au parcours").click()
    check(page)

    # A follow-up diagnostic (through the services, the screens are the same): the person's diagnostic page
    # shows the accepted pathway with its states and the before → after chart beside its table.
    assessment = Assessment.objects.get(beneficiary=person)
    Assessment.objects.filter(pk=assessment.pk).update(completed_at=assessment.completed_at - timedelta(days=30))
    follow_up = services.start_assessment(mediator, person)
    services.save_answers(
        mediator,
        follow_up,
        {item.pk: "alone" if item.kind == "observed" else "yes_alone" for item in Item.objects.all()},
    )
    services.complete_assessment(mediator, follow_up)
    page.goto(f"{live_url}/diagnostic/personne/{person.pk}/")
    check(page)
    main = page.locator("main").inner_text()
    assert "Premiers pas avec l'e-mail — Communiquer" in main and "En cours" in main
    assert "Offre de connexion internet" in main and "Proposé" in main
    assert page.locator("svg[role=img] title").count() == 1
    assert page.get_by_role("table", name="Niveau par domaine (0 à 3) : avant → après").count() == 1
    page.get_by_role("button", name="Marquer comme fait").click()
    check(page)
    assert PathwayStep.objects.get(kind="connectivity").state == "done"
