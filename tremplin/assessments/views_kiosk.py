"""Kiosk pages: opening it (staff), the person's screens (language, one question per screen, thanks), leaving.

The rules and the confinement are in kiosk.py. No page of the kiosk shows a level, a profile or a past answer
of another diagnostic: a volunteer who runs it reads no result.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tremplin.people.access import can_read_casework
from tremplin.people.models import Beneficiary

from . import kiosk
from .editor import languages_with_texts
from .models import KIOSK_KINDS, LANGUAGES, ItemKind, Questionnaire, answers_for, text_in
from .phrases import answer_text
from .services import unfinished_of

PICTOGRAMS = {"appareil", "naviguer", "communiquer", "demarches", "securite", "smartphone"}
ANSWER_ICONS = {"yes_alone": "check", "yes": "check", "yes_help": "help", "no": "cross", "dont_know": "question"}


def open_kiosk(request, pk):
    """Staff page: explain the kiosk, then open it for this person (casework staff and volunteers of a site)."""
    if not request.user.is_authenticated:
        raise Http404
    person = get_object_or_404(Beneficiary.objects.visible_to(request.user).active(), pk=pk)
    if not kiosk.can_open(request.user, person):
        raise Http404
    questionnaire = Questionnaire.objects.current()
    unfinished = unfinished_of(person)
    if request.method == "POST":
        try:
            kiosk.open_kiosk(request, person)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [])) or _("Action impossible."))
            return redirect("assessments:kiosk_open", pk=person.pk)
        return redirect("assessments:kiosk")
    return render(
        request,
        "assessments/kiosk/open.html",
        {
            "person": person,
            "questionnaire": questionnaire,
            "count": len(kiosk.kiosk_items(questionnaire)) if questionnaire else 0,
            "minutes": kiosk.idle_seconds() // 60,
            "unfinished": unfinished,
            # How far the person got, never what they answered (the opener may be a volunteer).
            "answered": unfinished.responses.filter(item__kind__in=KIOSK_KINDS).count() if unfinished else 0,
        },
    )


def _kiosk_or_leave(request):
    """The kiosk's open diagnostic; None when this session is not (or no longer) a kiosk."""
    assessment = kiosk.kiosk_assessment(request)
    if assessment is None and kiosk.state_of(request) is not None:
        # The diagnostic was completed or the record anonymised meanwhile: nothing left to answer here.
        return None, kiosk.close(request, _("Le kiosque est fermé : ce diagnostic n'est plus ouvert."))
    if assessment is None:
        return None, redirect("core:home")
    return assessment, None


def _render(request, template, assessment, language, context):
    direction = "rtl" if language == "ar" else "ltr"
    words = kiosk.phrases(language)
    minutes = max(1, kiosk.idle_seconds() // 60)
    base = {
        "assessment": assessment,
        "first_name": assessment.beneficiary.first_name,
        "language": language,
        "direction": direction,
        "words": words,
        "idle_seconds": kiosk.idle_seconds(),
        "idle_text": kiosk.phrase("idle", language, minutes=minutes),
        "hello": kiosk.phrase_with_name("hello", language, assessment.beneficiary.first_name),
    }
    return render(request, template, {**base, **context})


def _finished(request):
    """Once the person has answered the last question the tablet stays on the thank-you screen until staff take
    it back: the next visitor must not reopen the questions and change someone else's answers."""
    state = kiosk.state_of(request)
    return redirect("assessments:kiosk_thanks") if state and state.get("done") else None


def welcome(request):
    """The person's first screen: their first name, the language, start."""
    assessment, other = _kiosk_or_leave(request)
    if other:
        return other
    if finished := _finished(request):
        return finished
    offered = languages_with_texts(assessment.questionnaire, kinds=KIOSK_KINDS)
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language in {code for code, _label in offered}:
            assessment.language = language
            assessment.save(update_fields=["language"])
            # A resumed diagnostic goes on where the person stopped (once: changing the language later
            # starts again from the first question, answers kept).
            state = kiosk.state_of(request)
            number = kiosk.first_unanswered(assessment) if state.pop("resumed", False) else 1
            kiosk.save_state(request, state)
            return redirect("assessments:kiosk_question", number=number)
    return _render(
        request,
        "assessments/kiosk/welcome.html",
        assessment,
        assessment.language,
        {"offered": offered, "all_languages": LANGUAGES},
    )


def question(request, number):
    assessment, other = _kiosk_or_leave(request)
    if other:
        return other
    if finished := _finished(request):
        return finished
    items = kiosk.kiosk_items(assessment.questionnaire)
    if not 1 <= number <= len(items):
        return redirect("assessments:kiosk")
    item = items[number - 1]
    language = assessment.language
    if request.method == "POST":
        if "previous" in request.POST:
            return (
                redirect("assessments:kiosk_question", number=number - 1)
                if number > 1
                else redirect("assessments:kiosk")
            )
        value = request.POST.get("value", "")
        if value in answers_for(item.kind):
            kiosk.record_answer(assessment, item, value)
            if number < len(items):
                return redirect("assessments:kiosk_question", number=number + 1)
            state = kiosk.state_of(request)
            state["done"] = True
            kiosk.save_state(request, state)
            return redirect("assessments:kiosk_thanks")
    saved = assessment.responses.filter(item=item).values_list("value", flat=True).first()
    answers = [
        {
            "value": value.value,
            "label": answer_text(value.value, language),
            "icon": ANSWER_ICONS.get(value.value, "question"),
            "chosen": value.value == saved,
        }
        for value in answers_for(item.kind)
    ]
    return _render(
        request,
        "assessments/kiosk/question.html",
        assessment,
        language,
        {
            "item": item,
            "text": text_in(item.texts, language),
            "area_name": text_in(item.area.names, language),
            "pictogram": item.area.code if item.area.code in PICTOGRAMS else "generic",
            "answers": answers,
            "number": number,
            "total": len(items),
            "progress_text": kiosk.phrase("question_of", language, number=number, total=len(items)),
            "is_context": item.kind == ItemKind.CONTEXT,
        },
    )


def thanks(request):
    assessment, other = _kiosk_or_leave(request)
    if other:
        return other
    language = assessment.language
    return _render(
        request,
        "assessments/kiosk/thanks.html",
        assessment,
        language,
        {"thanks_title": kiosk.phrase_with_name("thanks_title", language, assessment.beneficiary.first_name)},
    )


def leave(request):
    """Staff only: the password gives the session back; « Fermer » ends the kiosk and logs out."""
    state = kiosk.state_of(request)
    if state is None:
        return redirect("core:home")
    assessment = kiosk.kiosk_assessment(request)
    error = ""
    if request.method == "POST":
        if "close" in request.POST:
            return kiosk.close(request, _("Le kiosque est fermé et la session terminée."))
        left, response = kiosk.leave(request, request.POST.get("password", ""))
        if response is not None:
            return response
        if left:
            messages.success(request, _("Vous avez quitté le kiosque."))
            if assessment is not None and can_read_casework(request.user, assessment.beneficiary):
                return redirect("assessments:person", pk=assessment.beneficiary.pk)
            return redirect("core:home")
        error = _("Mot de passe incorrect.")
    return render(
        request,
        "assessments/kiosk/leave.html",
        {
            "error": error,
            "tries_left": kiosk.MAX_PASSWORD_FAILURES - kiosk.state_of(request).get("failures", 0),
            "language": get_language(),  # the staff's own language: this page is for them
            "direction": "ltr",
        },
    )
