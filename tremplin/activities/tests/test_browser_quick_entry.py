"""Main journey: a mediator records a quick activity on a phone, for a person found by search."""

import pytest

from tremplin.activities.models import Activity
from tremplin.core.testing.browser import assert_accessible, browser_login


@pytest.mark.browser
def test_a_mediator_records_a_quick_activity_on_a_phone(phone_page, live_url, make_user, make_person):
    page = phone_page
    mediator = make_user("mediator")
    person = make_person(first_name="Hélène", last_name="Lefèvre", birth_year=1975)
    browser_login(page, mediator, live_url)

    page.goto(f"{live_url}/activites/saisie-rapide/")
    assert_accessible(page)
    page.get_by_label("Rechercher une personne").fill("helene lefevre")
    page.get_by_label("45 min").check()  # chosen before the search: the search keeps it (htmx swap)
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_text("1 personne trouvée").wait_for()
    assert_accessible(page)
    assert page.get_by_label("45 min").is_checked()
    assert page.get_by_label("Hélène Lefèvre (1975)").is_checked()
    page.get_by_label("E-mail", exact=True).check()
    page.get_by_label("Téléphone", exact=True).check()
    page.get_by_label("Autonome", exact=True).check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_load_state()

    assert page.get_by_text("Activité enregistrée.").is_visible()
    assert_accessible(page)
    activity = Activity.objects.get()
    assert (activity.beneficiary, activity.duration, activity.thematiques, activity.equipment, activity.autonomy) == (
        person,
        45,
        ["email"],
        ["telephone"],
        "autonome",
    )
    page.goto(f"{live_url}/activites/")
    assert_accessible(page)
    assert page.get_by_role("cell", name="Hélène Lefèvre").is_visible()


@pytest.mark.browser
def test_a_quick_entry_with_errors_shows_them_next_to_the_fields(browser_page, live_url, make_user):
    page = browser_page
    browser_login(page, make_user("volunteer"), live_url)
    page.goto(f"{live_url}/activites/saisie-rapide/")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Choisissez au moins une thématique.", exact=True).is_visible()
    assert_accessible(page)
    assert not Activity.objects.exists()


@pytest.mark.browser
def test_only_the_section_of_the_chosen_type_is_shown(browser_page, live_url, make_user):
    page = browser_page
    browser_login(page, make_user("mediator"), live_url)
    page.goto(f"{live_url}/activites/saisie-rapide/")

    assert page.get_by_role("group", name="Accompagnement individuel").is_visible()
    assert not page.get_by_role("group", name="Atelier collectif").is_visible()
    page.get_by_label("Atelier collectif").check()
    assert page.get_by_role("group", name="Atelier collectif").is_visible()
    assert not page.get_by_role("group", name="Accompagnement individuel").is_visible()
    # The person search refreshes the list in place without any console (CSP) error.
    page.get_by_label("Rechercher une personne").fill("personne")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_text("Aucune personne trouvée").wait_for()
    assert_accessible(page)
