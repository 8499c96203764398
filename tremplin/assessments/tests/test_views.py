"""Taking a diagnostic with a mediator, one screen per area, and reading the result: casework staff only."""

import pytest
from django.urls import reverse

from tremplin.assessments import phrases, services
from tremplin.assessments.models import Assessment, Item
from tremplin.core.models import AccessLog


def take(client, person, answer_for, context=None):
    """Run the whole diagnostic through the pages; answer_for(item) -> value or ""."""
    response = client.post(reverse("assessments:person", args=[person.pk]), {"language": "fr"})
    assessment = Assessment.objects.get(beneficiary=person, completed_at__isnull=True)
    assert response.url == reverse("assessments:context", args=[assessment.pk])
    context = context or {"devices": ["none"], "internet": "none", "email_access": "no", "goals": ["family"]}
    response = client.post(response.url, context)
    areas = list(assessment.questionnaire.areas.all())
    for step, area in enumerate(areas, start=1):
        assert response.url == reverse("assessments:area", args=[assessment.pk, step])
        data = {f"item_{item.pk}": answer_for(item) for item in area.items.all()}
        response = client.post(response.url, {**data, "next": "1"})
    assert response.url == reverse("assessments:finish", args=[assessment.pk])
    response = client.post(response.url)
    assessment.refresh_from_db()
    assert response.url == assessment.get_absolute_url()
    return assessment


def all_alone(item):
    return "alone" if item.kind == "observed" else "yes_alone"


def test_a_mediator_takes_a_diagnostic_area_by_area_and_gets_levels_and_profile(login, mediator, person, questionnaire):
    client = login(mediator)
    assessment = take(client, person, all_alone)
    assert assessment.profile == "autonome"
    assert set(assessment.levels.values()) == {3}
    assert assessment.questionnaire == questionnaire
    assert assessment.responses.count() == Item.objects.filter(area__questionnaire=questionnaire).count()
    assert assessment.devices == ["none"] and assessment.internet == "none" and assessment.email_access is False


def test_all_dont_know_gives_level_0_everywhere_and_the_profile_a_initier(login, mediator, person, questionnaire):
    assessment = take(login(mediator), person, lambda item: "not_assessed" if item.kind == "observed" else "dont_know")
    assert set(assessment.levels.values()) == {0}
    assert assessment.profile == "a_initier"


def test_skipped_questions_leave_the_area_without_level_and_out_of_the_profile(login, mediator, person, questionnaire):
    first_area = questionnaire.areas.first()
    assessment = take(login(mediator), person, lambda item: "" if item.area_id == first_area.pk else all_alone(item))
    assert assessment.levels[first_area.code] is None
    assert assessment.profile == "autonome"


def test_each_area_page_shows_its_questions_and_the_progress(login, mediator, person, questionnaire):
    client = login(mediator)
    assessment = services.start_assessment(mediator, person)
    response = client.get(reverse("assessments:area", args=[assessment.pk, 3]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Communiquer : e-mail, messagerie, visio" in content
    assert "Savez-vous envoyer une photo par e-mail ?" in content
    assert "Étape 3 sur 6" in content
    assert "Réussi avec aide" in content and "Je ne sais pas" in content
    assert client.get(reverse("assessments:area", args=[assessment.pk, 7])).status_code == 404


def test_the_questions_are_shown_in_the_language_chosen_for_the_diagnostic(login, mediator, person, questionnaire):
    client = login(mediator)
    assessment = services.start_assessment(mediator, person, language="ar")
    content = client.get(reverse("assessments:area", args=[assessment.pk, 3])).content.decode()
    assert '<span lang="ar" dir="rtl">هل تعرف كيف ترسل صورة بالبريد الإلكتروني؟</span>' in content
    assert '<h1 lang="ar" dir="rtl">التواصل: البريد والرسائل والفيديو</h1>' in content


def test_in_arabic_the_answer_scale_the_mediator_notes_stays_french_left_to_right(
    login, mediator, person, questionnaire
):
    client = login(mediator)
    assessment = services.start_assessment(mediator, person, language="ar")
    content = client.get(reverse("assessments:area", args=[assessment.pk, 3])).content.decode()
    assert "Réussi seul·e" in content and "Pas réussi" in content  # the observed task's scale: the mediator's
    assert "Je ne sais pas" not in content  # a self-assessment's answers are the person's (next test)
    area = questionnaire.areas.all()[2]
    self_items = area.items.filter(kind="self").count()
    # The heading, the 3 questions, and each of a self-assessment's 4 answers (the person's, marked lang="ar").
    assert 'dir="auto"' not in content and content.count('dir="rtl"') == 1 + 3 + 4 * self_items
    assert content.count('<span lang="ar" dir="rtl">') == 3 + 4 * self_items


def test_previous_goes_back_a_screen_and_keeps_the_answers(login, mediator, person, questionnaire):
    client = login(mediator)
    assessment = services.start_assessment(mediator, person)
    item = questionnaire.areas.all()[1].items.first()
    response = client.post(
        reverse("assessments:area", args=[assessment.pk, 2]), {f"item_{item.pk}": "failed", "previous": "1"}
    )
    assert response.url == reverse("assessments:area", args=[assessment.pk, 1])
    assert assessment.responses.get(item=item).value == "failed"
    response = client.get(reverse("assessments:area", args=[assessment.pk, 2]))
    assert response.context["form"][f"item_{item.pk}"].value() == "failed"


def test_an_answer_of_the_wrong_scale_is_refused(login, mediator, person, questionnaire):
    client = login(mediator)
    assessment = services.start_assessment(mediator, person)
    observed = Item.objects.filter(area__questionnaire=questionnaire, kind="observed").first()
    step = list(questionnaire.areas.all()).index(observed.area) + 1
    response = client.post(
        reverse("assessments:area", args=[assessment.pk, step]), {f"item_{observed.pk}": "yes_alone"}
    )
    assert response.status_code == 200
    assert not assessment.responses.exists()


def test_a_completed_diagnostic_cannot_be_changed_any_more(login, mediator, person, questionnaire):
    client = login(mediator)
    assessment = take(client, person, all_alone)
    response = client.post(reverse("assessments:area", args=[assessment.pk, 1]), {"next": "1"})
    assert response.url == assessment.get_absolute_url()


def test_viewing_a_result_writes_the_access_log(login, mediator, person, questionnaire):
    client = login(mediator)
    assessment = take(client, person, all_alone)
    before = AccessLog.objects.filter(object_id=str(person.pk), action=AccessLog.Action.VIEW).count()
    response = client.get(assessment.get_absolute_url())
    assert response.status_code == 200
    assert "Autonome" in response.content.decode()
    assert (
        AccessLog.objects.filter(
            object_id=str(person.pk), action=AccessLog.Action.VIEW, reason=f"diagnostic:{assessment.pk}"
        ).count()
        == before + 1
    )


def test_the_result_page_lists_answers_levels_and_crcn_codes(login, mediator, person, questionnaire):
    client = login(mediator)
    assessment = take(client, person, lambda item: "failed" if item.kind == "observed" else "yes_help")
    content = client.get(assessment.get_absolute_url()).content.decode()
    assert "Pas réussi" in content and "Avec de l&#x27;aide" in content
    assert "4.1, 4.2" in content
    assert "/ 3" in content


@pytest.mark.parametrize("role", ["volunteer", "observer", "referrer", "network_admin"])
def test_other_roles_get_a_404_on_every_diagnostic_page(client_as, make_user, mediator, person, questionnaire, role):
    assessment = services.start_assessment(mediator, person)
    services.complete_assessment(mediator, assessment)
    client = client_as(role)
    for url in [
        reverse("assessments:person", args=[person.pk]),
        reverse("assessments:resume", args=[assessment.pk]),
        reverse("assessments:context", args=[assessment.pk]),
        reverse("assessments:area", args=[assessment.pk, 1]),
        reverse("assessments:finish", args=[assessment.pk]),
        assessment.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("assessments:enrol", args=[assessment.pk]), {"session": "1"}).status_code == 404


def test_a_mediator_of_another_site_gets_a_404(make_user, login, mediator, person, questionnaire, other_site):
    assessment = services.start_assessment(mediator, person)
    services.complete_assessment(mediator, assessment)
    client = login(make_user("mediator", at=other_site))
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert client.get(reverse("assessments:person", args=[person.pk])).status_code == 404
    assert client.post(reverse("assessments:person", args=[person.pk]), {"language": "fr"}).status_code == 404


def test_a_site_manager_may_take_and_read_a_diagnostic(make_user, login, person, questionnaire, site):
    client = login(make_user("site_manager", at=site))
    assessment = take(client, person, all_alone)
    assert client.get(assessment.get_absolute_url()).status_code == 200


def test_the_person_page_lists_diagnostics_and_offers_a_follow_up(login, mediator, person, questionnaire):
    client = login(mediator)
    assessment = take(client, person, all_alone)
    content = client.get(reverse("assessments:person", args=[person.pk])).content.decode()
    assert assessment.get_absolute_url() in content
    assert "Faire un diagnostic de suivi" in content


def test_without_published_questionnaire_no_diagnostic_can_start(login, mediator, person):
    client = login(mediator)
    assert "Aucun questionnaire" in client.get(reverse("assessments:person", args=[person.pk])).content.decode()
    client.post(reverse("assessments:person", args=[person.pk]), {"language": "fr"})
    assert not Assessment.objects.exists()


def test_an_area_page_is_a_plain_form_with_radio_buttons_needing_no_javascript(login, mediator, person, questionnaire):
    content = (
        login(mediator)
        .get(reverse("assessments:area", args=[services.start_assessment(mediator, person).pk, 1]))
        .content.decode()
    )
    assert "<script" not in content.split("<main", 1)[-1].split("</main>", 1)[0]
    assert 'type="radio"' in content


def test_a_resumed_diagnostic_opens_at_the_first_page_with_an_unanswered_question(
    login, mediator, person, questionnaire
):
    client = login(mediator)
    start = reverse("assessments:person", args=[person.pk])
    client.post(start, {"language": "fr"})
    assessment = Assessment.objects.get(beneficiary=person, completed_at__isnull=True)
    resume = reverse("assessments:resume", args=[assessment.pk])
    # Nothing answered yet: the context page.
    response = client.post(start, {"language": "fr"})
    assert response.url == resume
    assert client.get(resume).url == reverse("assessments:context", args=[assessment.pk])

    # Context and the first two areas answered, the third left half done: area 3.
    context = {"devices": ["none"], "internet": "none", "email_access": "no", "goals": ["family"]}
    client.post(reverse("assessments:context", args=[assessment.pk]), context)
    areas = list(assessment.questionnaire.areas.all())
    for step, area in enumerate(areas[:2], start=1):
        data = {f"item_{item.pk}": all_alone(item) for item in area.items.all()}
        client.post(reverse("assessments:area", args=[assessment.pk, step]), {**data, "next": "1"})
    first_item = areas[2].items.all()[0]
    client.post(reverse("assessments:area", args=[assessment.pk, 3]), {f"item_{first_item.pk}": all_alone(first_item)})
    assert client.post(start, {"language": "fr"}).url == resume
    assert client.get(resume).url == reverse("assessments:area", args=[assessment.pk, 3])
    # The list of the person's diagnostics links there too.
    assert resume in client.get(start).content.decode()

    # Everything answered: the finish page.
    for step, area in enumerate(areas, start=1):
        data = {f"item_{item.pk}": all_alone(item) for item in area.items.all()}
        client.post(reverse("assessments:area", args=[assessment.pk, step]), {**data, "next": "1"})
    assert client.get(resume).url == reverse("assessments:finish", args=[assessment.pk])


def test_in_another_language_the_answer_choices_are_in_it_too_without_french_punctuation(
    login, mediator, person, questionnaire
):
    client = login(mediator)
    assessment = services.start_assessment(mediator, person, language="ar")
    content = client.get(reverse("assessments:area", args=[assessment.pk, 3])).content.decode()
    # The person reads a self-assessment's choices: the same words as on the kiosk (phrases.ANSWERS).
    for value in ("yes_alone", "yes_help", "no", "dont_know"):
        assert phrases.answer_text(value, "ar") in content
    assert "نعم، بمفردي" in content
    for french in ("Oui, seul·e", "Avec de l&#x27;aide", "Je ne sais pas"):
        assert french not in content
    # An observed task's scale is the mediator's, who notes it: in the interface's language.
    assert "Réussi seul·e" in content and "لم أنجح" not in content
    # No « : » of the interface after an Arabic question ending in « ؟ ».
    assert "هل تعرف كيف ترسل صورة بالبريد الإلكتروني؟</span></legend>" in content
    assert "؟ :" not in content
    # The mediator's own buttons stay in the interface's language.
    assert "Suivant" in content and "Précédent" in content


def test_the_kiosk_and_the_mediators_page_take_the_choices_from_one_place(questionnaire):
    from tremplin.assessments.models import SELF_ANSWERS

    assert [phrases.answer_text(value, "ar") for value in SELF_ANSWERS] == ["نعم، بمفردي", "بمساعدة", "لا", "لا أعرف"]
    assert phrases.answer_text("alone", "fr") == "Réussi seul·e"  # French from the model's label (gettext)
