"""The bilan de parcours (PDF) and the easy-to-read page: in the diagnostic's language, logged when printed."""

import pytest
from django.urls import reverse

from tremplin.assessments import bilan, pathway, services
from tremplin.core.models import AccessLog

from .test_pathway import finish, weak_in


def follow_up(mediator, person, language="fr"):
    first = finish(mediator, person, weak_in("communiquer", "securite"), internet="none")
    pathway.accept_connectivity(mediator, first)
    first.completed_at = first.completed_at.replace(year=first.completed_at.year - 1)
    first.save(update_fields=["completed_at"])
    second = services.start_assessment(mediator, person, language=language)
    values = {
        item.pk: ("failed" if item.kind == "observed" else "no")
        if area.code == "securite"
        else ("alone" if item.kind == "observed" else "yes_alone")
        for area in second.questionnaire.areas.all()
        for item in area.items.all()
    }
    services.save_answers(mediator, second, values)
    return services.complete_assessment(mediator, second)


def test_the_bilan_says_what_was_learned_and_what_to_do_next(mediator, person, questionnaire):
    summary = bilan.build(follow_up(mediator, person))
    assert "Communiquer : e-mail, messagerie, visio : vous avez progressé." in summary.learned
    assert "Utiliser un appareil : vous savez faire." in summary.learned
    assert "Offre de connexion internet" in summary.next_steps
    assert "Continuer à apprendre : Sécurité et données personnelles." in summary.next_steps
    assert ("Sécurité et données personnelles", 0, 0) in summary.levels


def test_printing_the_bilan_gives_a_pdf_and_writes_the_access_log(login, mediator, person, questionnaire):
    assessment = follow_up(mediator, person)
    response = login(mediator).get(reverse("assessments:bilan", args=[assessment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert str(person.pk) not in response["Content-Disposition"] and "Lef" not in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(action="print", reason=f"bilan de parcours:{assessment.pk}").count() == 1


def test_an_arabic_bilan_names_the_areas_in_arabic_and_is_shaped(login, mediator, person, questionnaire):
    assessment = follow_up(mediator, person, language="ar")
    summary = bilan.build(assessment)
    assert summary.rtl and "استخدام جهاز" in [name for name, _before, _after in summary.levels]
    document = bilan.pdf(summary, str(person))
    assert document.text_shaping  # uharfbuzz joins the letters, right to left
    assert login(mediator).get(reverse("assessments:bilan", args=[assessment.pk])).status_code == 200


def test_the_easy_read_page_is_in_the_diagnostics_language_and_logged(login, mediator, person, questionnaire):
    assessment = follow_up(mediator, person, language="en")
    response = login(mediator).get(reverse("assessments:easy_read", args=[assessment.pk]))
    content = response.content.decode()
    assert 'lang="en"' in content and "Using a device" in content
    assert AccessLog.objects.filter(action="print", reason=f"diagnostic facile à lire:{assessment.pk}").exists()


@pytest.mark.parametrize("role", ["volunteer", "observer", "referrer"])
def test_only_casework_staff_print_a_bilan(client_as, mediator, person, questionnaire, role):
    assessment = finish(mediator, person, weak_in())
    client = client_as(role)
    for name in ("bilan", "easy_read", "decide"):
        assert client.get(reverse(f"assessments:{name}", args=[assessment.pk])).status_code == 404, name
    assert not AccessLog.objects.filter(action="print").exists()
