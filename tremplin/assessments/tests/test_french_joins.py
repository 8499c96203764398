"""French joins in the diagnostic's sentences (core.text.fill): "à Le Port" is "au Port", "de Anne" is "d'Anne",
a quoted course title that has its own « » takes “ ” inside (French typography: second-level quotes)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tremplin.assessments.bilan import TEXTS
from tremplin.assessments.phrases import in_language


def test_the_bilan_intro_contracts_a_site_named_le_port():
    with translation.override("fr"):
        assert in_language(TEXTS["intro"], "fr", date="3 mars 2026", site="Le Port") == (
            "Bilan fait le 3 mars 2026 au Port."
        )
    # English and Arabic keep their own wording: nothing to join.
    assert in_language(TEXTS["intro"], "en", date="3 March 2026", site="Le Port") == (
        "Report made on 3 March 2026 at Le Port."
    )


@pytest.mark.django_db
def test_the_kiosk_heading_elides_de_before_a_vowel(login, mediator, person, questionnaire):
    person.first_name, person.last_name = "Anne", "Outremer"
    person.save()
    with translation.override("fr"):
        page = login(mediator).get(reverse("assessments:kiosk_open", args=[person.pk])).content.decode()
    assert "Diagnostic en autonomie d&#x27;Anne" in page or "Diagnostic en autonomie d'Anne" in page
    assert "autonomie de Anne" not in page
