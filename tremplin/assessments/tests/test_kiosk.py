"""Kiosk mode: opened by site staff or a volunteer for one person, the tablet shows only that person's questions
(self-assessment and context, never observed tasks nor a result), stays confined to the kiosk pages, and closes
itself after the idle time, server side. Leaving needs the staff member's password."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tremplin.assessments import kiosk
from tremplin.assessments.models import Assessment, Item
from tremplin.core.models import AccessLog
from tremplin.core.testing.factories import TEST_PASSWORD

KIOSK = "/diagnostic/kiosque/"
LOGIN = "/comptes/login/"  # settings.LOGIN_URL, the allauth login page


@pytest.fixture
def volunteer(make_user, site):
    return make_user("volunteer", at=site)


def open_for(client, person):
    response = client.post(reverse("assessments:kiosk_open", args=[person.pk]))
    assert response.url == KIOSK
    return Assessment.objects.get(beneficiary=person, completed_at__isnull=True)


def kiosk_questions(questionnaire):
    return list(
        Item.objects.filter(area__questionnaire=questionnaire, kind__in=["self", "context"]).order_by(
            "area__order", "area__pk", "order", "pk"
        )
    )


def test_a_volunteer_opens_the_kiosk_and_the_person_answers_one_question_per_screen(
    login, volunteer, person, questionnaire
):
    client = login(volunteer)
    assert "Ouvrir le kiosque" in client.get(reverse("assessments:kiosk_open", args=[person.pk])).content.decode()
    assessment = open_for(client, person)
    assert assessment.conducted_by == volunteer and assessment.questionnaire == questionnaire
    assert AccessLog.objects.filter(actor=volunteer, object_id=str(person.pk), reason="diagnostic au kiosque").exists()

    welcome = client.get(KIOSK).content.decode()
    assert "Bonjour <bdi>Hélène</bdi>" in welcome and "Lefèvre" not in welcome
    assert 'value="ar"' in welcome and 'value="en"' in welcome  # the version has every kiosk text in both

    response = client.post(KIOSK, {"language": "fr"})
    assert response.url == reverse("assessments:kiosk_question", args=[1])
    questions = kiosk_questions(questionnaire)
    assert len(questions) == 7  # the 7 self-assessment questions of version 1; the 7 observed tasks are not asked
    for number, item in enumerate(questions, start=1):
        page = client.get(reverse("assessments:kiosk_question", args=[number])).content.decode()
        assert item.texts["fr"].replace("'", "&#x27;") in page
        assert f"Question {number} sur 7" in page and 'value="dont_know"' in page
        response = client.post(
            reverse("assessments:kiosk_question", args=[number]), {"value": "dont_know" if number % 2 else "yes_alone"}
        )
    assert response.url == reverse("assessments:kiosk_thanks")
    thanks = client.get(response.url).content.decode()
    assert "Merci <bdi>Hélène</bdi> !" in thanks
    for word in ("niveau", "Niveau", "profil", "Profil", "À initier", "Débutant"):
        assert word not in thanks
    values = sorted(assessment.responses.values_list("value", flat=True))
    assert values == ["dont_know"] * 4 + ["yes_alone"] * 3
    assessment.refresh_from_db()
    assert not assessment.is_completed  # the mediator adds the observed tasks and computes the result
    # Finished: the tablet stays on « Merci » until staff take it back; the questions cannot be reopened.
    for url in (KIOSK, reverse("assessments:kiosk_question", args=[1]), "/personnes/"):
        followed = client.get(url, follow=True)
        assert followed.redirect_chain[-1][0] == reverse("assessments:kiosk_thanks")
    client.post(reverse("assessments:kiosk_question", args=[1]), {"value": "yes_alone"})
    assert sorted(assessment.responses.values_list("value", flat=True)) == values  # nothing changed


def test_an_observed_task_cannot_be_answered_at_the_kiosk(questionnaire, mediator, person, rf):
    assessment = Assessment.objects.create(beneficiary=person, questionnaire=questionnaire, site=person.sites.first())
    observed = Item.objects.filter(area__questionnaire=questionnaire, kind="observed").first()
    with pytest.raises(Exception, match="n'appartient pas"):
        kiosk.record_answer(assessment, observed, "alone")
    self_item = Item.objects.filter(area__questionnaire=questionnaire, kind="self").first()
    with pytest.raises(Exception, match="Réponse impossible"):
        kiosk.record_answer(assessment, self_item, "alone")


def test_the_arabic_kiosk_reads_right_to_left(login, mediator, person, questionnaire):
    client = login(mediator)
    open_for(client, person)
    client.post(KIOSK, {"language": "ar"})
    page = client.get(reverse("assessments:kiosk_question", args=[1])).content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    first = kiosk_questions(questionnaire)[0]
    assert first.texts["ar"] in page
    assert "لا أعرف" in page
    assert "السؤال 1 من 7" in page


def test_the_staff_interface_language_does_not_follow_the_kiosk(login, mediator, person, questionnaire):
    client = login(mediator)
    open_for(client, person)
    client.post(KIOSK, {"language": "ar"})
    client.post(reverse("assessments:kiosk_leave"), {"password": TEST_PASSWORD})
    page = client.get(reverse("assessments:person", args=[person.pk])).content.decode()
    assert '<html lang="fr"' in page and 'dir="rtl"' not in page.split("<body")[0]


@pytest.mark.parametrize(
    "address", ["/personnes/", "/", "/diagnostic/questionnaire/", "/comptes/logout/", "/equipe/mon-compte/"]
)
def test_in_kiosk_mode_every_other_page_brings_the_tablet_back_to_the_kiosk(
    login, volunteer, person, questionnaire, address
):
    client = login(volunteer)
    open_for(client, person)
    assert client.get(address).url == KIOSK
    assert client.post(address, {}).url == KIOSK
    assert client.get(KIOSK).status_code == 200  # still in kiosk mode, still logged in


def test_a_volunteer_never_reads_the_result_even_after_the_kiosk(login, volunteer, mediator, person, questionnaire):
    client = login(volunteer)
    assessment = open_for(client, person)
    client.post(reverse("assessments:kiosk_leave"), {"password": TEST_PASSWORD})
    assert client.get(reverse("assessments:result", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("assessments:person", args=[person.pk])).status_code == 404


def test_leaving_needs_the_password_and_five_wrong_tries_log_out(login, volunteer, person, questionnaire):
    client = login(volunteer)
    open_for(client, person)
    page = client.post(reverse("assessments:kiosk_leave"), {"password": "devine"}).content.decode()
    assert "Mot de passe incorrect." in page and "Encore 4 essais" in page
    assert client.get("/personnes/").url == KIOSK
    for _attempt in range(3):
        client.post(reverse("assessments:kiosk_leave"), {"password": "devine"})
    response = client.post(reverse("assessments:kiosk_leave"), {"password": "devine"})
    assert response.url == LOGIN
    assert client.get("/personnes/").url.startswith(LOGIN)  # logged out


def test_the_right_password_gives_the_session_back(login, mediator, person, questionnaire):
    client = login(mediator)
    open_for(client, person)
    response = client.post(reverse("assessments:kiosk_leave"), {"password": TEST_PASSWORD})
    assert response.url == reverse("assessments:person", args=[person.pk])
    assert client.get("/personnes/").status_code == 200
    assert client.get(KIOSK).url == reverse("core:home")  # no kiosk any more


def test_closing_without_password_logs_out(login, volunteer, person, questionnaire):
    client = login(volunteer)
    open_for(client, person)
    response = client.post(reverse("assessments:kiosk_leave"), {"close": "1"})
    assert response.url == LOGIN
    assert client.get("/personnes/").url.startswith(LOGIN)


def test_the_kiosk_closes_itself_after_the_idle_time_without_javascript(login, volunteer, person, questionnaire):
    client = login(volunteer)
    open_for(client, person)
    session = client.session
    state = session[kiosk.KIOSK_KEY]
    state["last"] -= settings.TREMPLIN_KIOSK_IDLE_SECONDS - 5  # still within the idle time
    session[kiosk.KIOSK_KEY] = state
    session.save()
    assert client.get(KIOSK).status_code == 200
    session = client.session
    state = session[kiosk.KIOSK_KEY]
    state["last"] -= settings.TREMPLIN_KIOSK_IDLE_SECONDS + 1
    session[kiosk.KIOSK_KEY] = state
    session.save()
    response = client.get(reverse("assessments:kiosk_question", args=[1]), follow=True)
    assert response.redirect_chain[0][0] == LOGIN
    assert "Le kiosque s&#x27;est fermé après un temps sans réponse." in response.content.decode()
    assert kiosk.KIOSK_KEY not in client.session


def test_the_idle_time_is_a_setting_shown_to_the_person(login, volunteer, person, questionnaire, settings):
    settings.TREMPLIN_KIOSK_IDLE_SECONDS = 180
    client = login(volunteer)
    open_for(client, person)
    page = client.get(KIOSK).content.decode()
    assert 'data-idle-seconds="180"' in page and "Sans réponse pendant 3 minutes, cet écran se ferme." in page


@pytest.mark.parametrize("role", ["referrer", "observer", "network_admin"])
def test_only_site_staff_and_volunteers_following_the_person_open_the_kiosk(client_as, person, questionnaire, role):
    client = client_as(role)
    assert client.get(reverse("assessments:kiosk_open", args=[person.pk])).status_code == 404
    assert client.post(reverse("assessments:kiosk_open", args=[person.pk])).status_code == 404
    assert not Assessment.objects.exists()


def test_a_volunteer_of_another_site_gets_a_404(make_user, login, other_site, person, questionnaire):
    client = login(make_user("volunteer", at=other_site))
    assert client.post(reverse("assessments:kiosk_open", args=[person.pk])).status_code == 404


def test_without_a_kiosk_the_kiosk_pages_lead_home(login, mediator, questionnaire):
    client = login(mediator)
    assert client.get(KIOSK).url == reverse("core:home")
    assert client.get(reverse("assessments:kiosk_question", args=[1])).url == reverse("core:home")


def test_kiosk_pages_link_nowhere_but_the_kiosk(login, volunteer, person, questionnaire):
    client = login(volunteer)
    open_for(client, person)
    client.post(KIOSK, {"language": "fr"})
    for url in (KIOSK, reverse("assessments:kiosk_question", args=[1]), reverse("assessments:kiosk_leave")):
        page = client.get(url).content.decode()
        links = re.findall(r'href="([^"]+)"', page)
        assert links and all(link.startswith(("/diagnostic/kiosque/", "/static/")) for link in links), (url, links)
        assert "<nav" not in page


def test_the_mediator_resumes_a_kiosk_diagnostic_with_the_persons_answers_and_computes_the_result(
    login, volunteer, mediator, person, questionnaire
):
    kiosk_client = login(volunteer)
    assessment = open_for(kiosk_client, person)
    kiosk_client.post(KIOSK, {"language": "fr"})
    for number in range(1, 8):
        kiosk_client.post(reverse("assessments:kiosk_question", args=[number]), {"value": "yes_alone"})
    client = login(mediator)
    area = questionnaire.areas.first()
    page = client.get(reverse("assessments:area", args=[assessment.pk, 1])).content.decode()
    self_item = area.items.get(kind="self")
    assert re.search(rf'name="item_{self_item.pk}" value="yes_alone"[^>]*checked', page)  # the person's answer
    for step, area in enumerate(questionnaire.areas.all(), start=1):
        data = {f"item_{item.pk}": "alone" if item.kind == "observed" else "yes_alone" for item in area.items.all()}
        client.post(reverse("assessments:area", args=[assessment.pk, step]), {**data, "next": "1"})
    client.post(reverse("assessments:finish", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.is_completed and assessment.profile == "autonome"


# --- reopening: resume, never a second open diagnostic -----------------------------------------------------


def idle_out(client):
    session = client.session
    state = session[kiosk.KIOSK_KEY]
    state["last"] -= settings.TREMPLIN_KIOSK_IDLE_SECONDS + 1
    session[kiosk.KIOSK_KEY] = state
    session.save()
    assert client.get(KIOSK).url == LOGIN  # closed and logged out


def test_a_kiosk_reopened_after_the_idle_close_resumes_the_unfinished_diagnostic(
    login, volunteer, person, questionnaire
):
    client = login(volunteer)
    first = open_for(client, person)
    client.post(KIOSK, {"language": "fr"})
    for number in (1, 2, 3):
        client.post(reverse("assessments:kiosk_question", args=[number]), {"value": "yes_help"})
    idle_out(client)

    client = login(volunteer)
    page = client.get(reverse("assessments:kiosk_open", args=[person.pk])).content.decode()
    assert "n'est pas terminé (3 réponses déjà données)" in page and "Reprendre au kiosque" in page
    again = open_for(client, person)  # open_for also checks there is exactly one open diagnostic

    assert again == first
    assert Assessment.objects.filter(beneficiary=person).count() == 1
    assert AccessLog.objects.filter(object_id=str(person.pk), reason="diagnostic au kiosque (repris)").exists()
    # The person picks the language again and goes on at question 4: the three answers are kept.
    response = client.post(KIOSK, {"language": "fr"})
    assert response.url == reverse("assessments:kiosk_question", args=[4])
    assert first.responses.count() == 3
    # Back on the first screen later (another language), the questions start again from the first one.
    assert client.post(KIOSK, {"language": "en"}).url == reverse("assessments:kiosk_question", args=[1])


def test_the_kiosk_resumes_a_diagnostic_begun_with_the_mediator(login, volunteer, mediator, person, questionnaire):
    from tremplin.assessments import services

    begun = services.start_assessment(mediator, person)

    assert open_for(login(volunteer), person) == begun
    assert Assessment.objects.filter(beneficiary=person).count() == 1


def test_starting_a_diagnostic_while_one_is_unfinished_resumes_it(login, volunteer, mediator, person, questionnaire):
    kiosk_assessment = open_for(login(volunteer), person)
    client = login(mediator)
    page = client.get(reverse("assessments:person", args=[person.pk])).content.decode()
    assert "Diagnostic à reprendre" in page and "Reprendre le diagnostic" in page

    response = client.post(reverse("assessments:person", args=[person.pk]), {"language": "en"}, follow=True)

    # Nothing answered yet (not even the context): the resume goes to the context page.
    assert [url for url, _status in response.redirect_chain] == [
        reverse("assessments:resume", args=[kiosk_assessment.pk]),
        reverse("assessments:context", args=[kiosk_assessment.pk]),
    ]
    assert "n&#x27;était pas terminé : vous le reprenez." in response.content.decode()
    assert Assessment.objects.filter(beneficiary=person).count() == 1
    kiosk_assessment.refresh_from_db()
    assert kiosk_assessment.language == "en"  # the language the mediator picked for the rest


def test_after_completion_a_new_kiosk_diagnostic_is_a_new_one(login, volunteer, mediator, person, questionnaire):
    from tremplin.assessments import services

    done = services.start_assessment(mediator, person)
    services.complete_assessment(mediator, done)

    fresh = open_for(login(volunteer), person)

    assert fresh != done and Assessment.objects.filter(beneficiary=person).count() == 2


# --- French counts: 0 is not "0 réponses"; no "previous" before the first question --------------------------


def test_an_unfinished_diagnostic_with_no_answer_says_so_in_words(login, volunteer, mediator, person, questionnaire):
    from tremplin.assessments import services

    begun = services.start_assessment(mediator, person)
    page = login(volunteer).get(reverse("assessments:kiosk_open", args=[person.pk])).content.decode()
    assert "n'est pas terminé (aucune réponse donnée encore)" in page
    assert not re.search(r"\b0 réponse", page)
    finish = login(mediator).get(reverse("assessments:finish", args=[begun.pk])).content.decode()
    assert "Aucune réponse enregistrée." in finish and not re.search(r"\b0 réponse", finish)


def test_one_answer_given_is_said_in_the_singular(login, volunteer, person, questionnaire):
    client = login(volunteer)
    open_for(client, person)
    client.post(KIOSK, {"language": "fr"})
    client.post(reverse("assessments:kiosk_question", args=[1]), {"value": "yes_help"})
    idle_out(client)
    page = login(volunteer).get(reverse("assessments:kiosk_open", args=[person.pk])).content.decode()
    assert "n'est pas terminé (1 réponse déjà donnée)" in page


def test_the_first_question_has_no_previous_button(login, volunteer, person, questionnaire):
    client = login(volunteer)
    open_for(client, person)
    client.post(KIOSK, {"language": "fr"})
    first = client.get(reverse("assessments:kiosk_question", args=[1])).content.decode()
    second = client.get(reverse("assessments:kiosk_question", args=[2])).content.decode()
    assert "Question précédente" not in first and 'name="previous"' not in first
    assert "Question précédente" in second


def test_the_staff_exit_link_stays_in_the_interface_language_and_the_name_is_isolated(
    login, mediator, person, questionnaire
):
    client = login(mediator)
    assessment = open_for(client, person)
    client.post(KIOSK, {"language": "ar"})
    for item in kiosk_questions(questionnaire):
        kiosk.record_answer(assessment, item, "dont_know")
    page = client.get(reverse("assessments:kiosk_thanks")).content.decode()
    # A volunteer takes the tablet back: the way out is in the interface's language, marked as such.
    assert '<p lang="fr" dir="ltr"><a href="/diagnostic/kiosque/quitter/" class="kiosk-exit">' in page
    assert "Équipe : quitter le kiosque" in page and "الفريق" not in page
    # The first name in its own island of direction: the « ! » stays at the end of the Arabic sentence.
    assert f"<h1>شكرا <bdi>{person.first_name}</bdi>!</h1>" in page
