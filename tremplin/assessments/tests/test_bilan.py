"""The bilan de parcours (PDF) and the easy-to-read page: in the diagnostic's language, logged when printed."""

import io
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tremplin.assessments import bilan, pathway, services
from tremplin.core.models import AccessLog
from tremplin.workshops.tests.factories import SessionFactory

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
    assert "Utiliser un appareil : vous savez faire sans aide." in summary.learned
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


# --- one way of addressing the person, and every fixed sentence in the three languages -------------------


def every_text(summary):
    return [
        summary.title,
        summary.intro,
        summary.footer,
        *summary.headings.values(),
        *summary.learned,
        *summary.next_steps,
        *summary.done,
    ]


FIRST_PERSON = re.compile(r"\b(je|j'|j’|me|m'|mon|ma|mes)\b|·e", re.IGNORECASE)


def test_the_french_bilan_addresses_the_person_as_vous_throughout(login, mediator, person, questionnaire):
    assessment = follow_up(mediator, person)
    summary = bilan.build(assessment)

    assert summary.title == "Votre bilan de parcours numérique"
    assert summary.headings["levels"] == "Vos niveaux" and summary.headings["know"] == "Ce que vous savez faire"
    assert summary.footer == "Niveaux de 0 (pas encore) à 3 (vous savez faire sans aide)."
    assert [text for text in every_text(summary) if FIRST_PERSON.search(text)] == []
    page = login(mediator).get(reverse("assessments:easy_read", args=[assessment.pk])).content.decode()
    easy_read = page.split('class="easy-read"', 1)[1].split("</div>", 1)[0]
    assert "Ce que vous savez faire" in easy_read and "Vos niveaux" in easy_read
    assert not FIRST_PERSON.search(easy_read.replace("&#x27;", "'"))


def test_the_english_bilan_has_no_french_sentence_left(login, mediator, person, questionnaire):
    assessment = follow_up(mediator, person, language="en")
    summary = bilan.build(assessment)

    assert summary.title == "Your digital skills report"
    assert "Using a device: you can do it without help." in summary.learned
    assert "Communicating: e-mail, messaging, video: you have made progress." in summary.learned
    assert "Internet connection offer" in summary.next_steps
    assert "Keep learning: Safety and personal data." in summary.next_steps
    assert summary.footer == "Levels from 0 (not yet) to 3 (you can do it without help)."
    assert (
        bilan.level_line(summary, "Safety and personal data", 0, 0) == "Safety and personal data: before 0/3, now 0/3"
    )
    french = re.compile(r"\b(vous|votre|vos|Bilan fait|Continuer|Offre|avant|maintenant)\b")
    assert [text for text in every_text(summary) if french.search(text)] == []
    page = login(mediator).get(reverse("assessments:easy_read", args=[assessment.pk])).content.decode()
    assert "<h2>What you can do</h2>" in page and "Do you have a question? Ask your digital mediator." in page


def test_the_arabic_bilan_has_no_french_sentence_left(mediator, person, questionnaire):
    assessment = follow_up(mediator, person, language="ar")
    summary = bilan.build(assessment)

    assert summary.title == "حصيلة مسارك الرقمي"
    assert "\u2068استخدام جهاز\u2069: تعرف كيف تفعل ذلك دون مساعدة." in summary.learned
    assert "عرض اتصال بالإنترنت" in summary.next_steps
    assert summary.headings["levels"] == "مستوياتك"
    latin_words = re.compile(r"[A-Za-zÀ-ÿ]{3,}")
    # Only the site's name (in the intro) is in Latin letters.
    assert [t for t in every_text(summary) if latin_words.search(t.replace(assessment.site.name, ""))] == []


def test_every_fixed_sentence_of_the_bilan_exists_in_the_three_languages():
    for key, texts in bilan.TEXTS.items():
        assert set(texts) == {"fr", "en", "ar"} and all(str(text).strip() for text in texts.values()), key
        placeholders = {language: sorted(re.findall(r"%\((\w+)\)s", str(text))) for language, text in texts.items()}
        assert placeholders["en"] == placeholders["fr"] == placeholders["ar"], key


# --- the session booked (when, where), the site's address and phone, each thing to do once, level words ----


def reunion(site):
    """The person's site overseas: UTC+4 all year, so the time printed must be the site's, not Paris's."""
    site.name, site.address, site.postal_code, site.commune = (
        "Espace Le Butor",
        "2 rue de Paris",
        "97400",
        "Saint-Denis",
    )
    site.time_zone, site.phone = "Indian/Reunion", "+33142123456"  # the network's line in Paris
    site.save()
    return site


def booked_on_email(mediator, person, site, language="fr"):
    start = datetime(2030, 12, 5, 10, 0, tzinfo=UTC)  # a Thursday; 14:00 in Saint-Denis (UTC+4)
    session = SessionFactory(
        site=site,
        workshop__title="Créer et utiliser sa boîte e-mail",
        workshop__thematiques=["email"],
        starts_at=start,
        ends_at=start.replace(hour=12),
    )
    assessment = finish(mediator, person, weak_in("communiquer"))
    if language != "fr":
        assessment.language = language
        assessment.save(update_fields=["language"])
    assert pathway.enrol_from_proposal(mediator, assessment, session.pk)
    return assessment


def test_the_booked_session_is_given_with_its_day_time_and_place_once(mediator, person, questionnaire, site):
    assessment = booked_on_email(mediator, person, reunion(site))
    summary = bilan.build(assessment)
    # One line for the area: the session booked, not also "Continuer à apprendre : Communiquer…".
    assert summary.next_steps == [
        "Créer et utiliser sa boîte e-mail — Communiquer : e-mail, messagerie, visio — le jeudi 5 décembre 2030"
        " à 14:00, Espace Le Butor, 2 rue de Paris, 97400 Saint-Denis"
    ]
    assert summary.headings["contact"] == "Où nous trouver"
    assert summary.contact == ["Espace Le Butor, 2 rue de Paris, 97400 Saint-Denis", "Téléphone : 01 42 12 34 56"]


def test_the_session_and_contact_are_in_the_bilans_language(login, mediator, person, questionnaire, site):
    assessment = booked_on_email(mediator, person, reunion(site), language="en")
    summary = bilan.build(assessment)
    [line] = summary.next_steps
    assert line.endswith("— on Thursday 5 December 2030 at 14:00, Espace Le Butor, 2 rue de Paris, 97400 Saint-Denis")
    assert summary.contact[1] == "Phone: 01 42 12 34 56" and summary.headings["contact"] == "Where to find us"
    page = login(mediator).get(reverse("assessments:easy_read", args=[assessment.pk])).content.decode()
    assert "<h2>Where to find us</h2>" in page and "Phone: 01 42 12 34 56" in page
    assert "at 14:00, Espace Le Butor" in page
    assessment.language = "ar"
    assessment.save(update_fields=["language"])
    # In Arabic the number is isolated (FSI … PDI) so it keeps its left-to-right order inside the sentence.
    assert bilan.build(assessment).contact[1] == "الهاتف: \u206801 42 12 34 56\u2069"


def test_the_pdf_gives_the_session_and_the_sites_address_and_phone(login, mediator, person, questionnaire, site):
    assessment = booked_on_email(mediator, person, reunion(site))
    document = bilan.pdf(bilan.build(assessment), str(person))
    text = " ".join(page.replace("\n", " ") for page in _pdf_text(document))
    assert "le jeudi 5 décembre 2030 à 14:00" in text
    assert "Où nous trouver" in text and "Téléphone : 01 42 12 34 56" in text


def _pdf_text(document):
    return [page.extract_text() for page in PdfReader(io.BytesIO(bytes(document.output()))).pages]


def test_a_step_accepted_again_on_a_follow_up_is_one_thing_to_do(mediator, person, questionnaire):
    assessment = follow_up(mediator, person)  # connectivity accepted on the first diagnostic
    # …and again on the follow-up (recorded as accept_connectivity records it).
    pathway._new_step(mediator, assessment, "connectivity", "Offre de connexion internet", "proposed")
    summary = bilan.build(assessment)
    assert summary.next_steps.count("Offre de connexion internet") == 1


def test_what_you_can_do_follows_the_level(mediator, person, questionnaire):
    # "avec de l'aide" everywhere: 1 point of 2 per answer, p/m = 1/2 → level 2; "seul·e": 2 of 2 → level 3.
    def answer(code, kind):
        if code == "communiquer":
            return "with_help" if kind == "observed" else "yes_help"
        return "alone" if kind == "observed" else "yes_alone"

    summary = bilan.build(finish(mediator, person, answer))
    assert "Communiquer : e-mail, messagerie, visio : vous savez faire avec un peu d'aide." in summary.learned
    assert "Utiliser un appareil : vous savez faire sans aide." in summary.learned
    assert not [line for line in summary.learned if line.endswith("vous savez faire.")]


def test_the_arabic_pdf_runs_right_to_left_with_dates_times_and_addresses_isolated(
    mediator, person, questionnaire, site
):
    assessment = booked_on_email(mediator, person, reunion(site), language="ar")
    summary = bilan.build(assessment)
    # Each value put into an Arabic sentence is its own island of direction (FSI … PDI): the day, the time and the
    # address keep their order and do not glue to the Arabic words around them, on the page and in the PDF.
    fsi, pdi = "\u2068", "\u2069"
    [line] = summary.next_steps
    assert f"{fsi}14:00{pdi}" in line
    assert f"{fsi}Espace Le Butor, 2 rue de Paris, 97400 Saint-Denis{pdi}" in line
    assert f"{fsi}الخميس 5 ديسمبر 2030{pdi}" in line
    # The French workshop title is isolated too, so the Arabic area name after it stays in the Arabic line.
    assert line.startswith(f"{fsi}{fsi}Créer et utiliser sa boîte e-mail{pdi} — ")
    document = bilan.pdf(summary, str(person))
    # The paragraph direction is given (not guessed from the first letter): a bullet written first sits at the right.
    assert document.text_shaping["direction"].value == "RTL"
