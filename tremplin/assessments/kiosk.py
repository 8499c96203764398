"""Kiosk mode: the person answers alone on a site tablet, under the session of the staff member who opened it.

How it is kept safe (docs/guide-diagnostic.md, « Le mode kiosque »):
- a site manager, mediator or volunteer of a site following the person opens the kiosk for ONE diagnostic: the
  person's unfinished one if there is one (a kiosk reopened after the idle close resumes it), else a new one;
  the session then carries a kiosk state (KIOSK_KEY: the diagnostic, the staff member, the last activity);
- `KioskMiddleware` confines a session in that state to the kiosk pages: any other address (the people list, the
  home page, the logout link…) brings the tablet back to the kiosk screen;
- leaving needs the staff member's password (5 wrong tries close the kiosk and log out); « Fermer » closes the
  kiosk and logs the session out without a password;
- after TREMPLIN_KIOSK_IDLE_SECONDS without a page (default 5 minutes) the next request closes the kiosk and logs
  the session out — a server-side expiry that holds without JavaScript; kiosk.js counts down on screen and
  reloads the page when the time is up;
- the person only answers: self-assessment and context questions (observed tasks need the mediator), no result,
  no score; the diagnostic stays open for the mediator, who adds the observed tasks and computes the result.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.models import AccessLog, log_access
from tremplin.core.roles import SITE_CASEWORK_ROLES, Role

from .models import KIOSK_KINDS, Assessment, Item, Questionnaire, Response, answers_for
from .phrases import in_language

KIOSK_KEY = "tremplin_kiosk"
KIOSK_ROLES = (*SITE_CASEWORK_ROLES, Role.VOLUNTEER)
MAX_PASSWORD_FAILURES = 5


def idle_seconds():
    return settings.TREMPLIN_KIOSK_IDLE_SECONDS


def kiosk_site_ids(user, beneficiary):
    """The sites where the user may open the kiosk for this person (staff or volunteer there)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return user.site_ids(*KIOSK_ROLES) & set(beneficiary.sites.values_list("pk", flat=True))


def can_open(user, beneficiary):
    return beneficiary.is_active and bool(kiosk_site_ids(user, beneficiary))


def kiosk_items(questionnaire):
    """The questions the person answers alone, in the order of the questionnaire."""
    return list(
        Item.objects.filter(area__questionnaire=questionnaire, kind__in=KIOSK_KINDS)
        .select_related("area")
        .order_by("area__order", "area__pk", "order", "pk")
    )


@transaction.atomic
def open_kiosk(request, beneficiary):
    """Put this session in kiosk mode for the person's unfinished diagnostic, or a new one if none is open.

    A kiosk reopened after the idle close (or a diagnostic begun with a mediator) is resumed: its answers
    stay, the person goes on from the first question without an answer. Never a second open diagnostic."""
    from .services import start_or_resume

    actor = request.user
    site_ids = kiosk_site_ids(actor, beneficiary)
    if not beneficiary.is_active or not site_ids:
        raise PermissionDenied
    questionnaire = Questionnaire.objects.current()
    if questionnaire is None or not kiosk_items(questionnaire):
        raise ValidationError(_("Aucun questionnaire publié n'a de question pour le kiosque."))
    assessment, resumed = start_or_resume(
        beneficiary,
        lambda: Assessment.objects.create(
            beneficiary=beneficiary,
            questionnaire=questionnaire,
            site_id=min(site_ids),
            conducted_by=actor,
            language="fr",
        ),
    )
    reason = "diagnostic au kiosque (repris)" if resumed else "diagnostic au kiosque"
    log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason=reason)
    request.session[KIOSK_KEY] = {
        "assessment": assessment.pk,
        "user": actor.pk,
        "last": int(time.time()),
        "failures": 0,
        "done": False,
        "resumed": resumed,  # the first screen then leads to the first question without an answer
    }
    return assessment


def state_of(request):
    state = request.session.get(KIOSK_KEY) if getattr(request, "session", None) is not None else None
    if not state or not request.user.is_authenticated or state.get("user") != request.user.pk:
        return None
    return state


def save_state(request, state):
    request.session[KIOSK_KEY] = state
    request.session.modified = True


def kiosk_assessment(request):
    """The diagnostic of this kiosk (open), or None."""
    state = state_of(request)
    if state is None:
        return None
    return (
        Assessment.objects.select_related("beneficiary", "questionnaire")
        .filter(pk=state["assessment"], completed_at__isnull=True, beneficiary__anonymised_at__isnull=True)
        .first()
    )


def first_unanswered(assessment):
    """The number (from 1) of the first kiosk question without an answer; 1 when all are answered."""
    answered = set(assessment.responses.values_list("item_id", flat=True))
    for number, item in enumerate(kiosk_items(assessment.questionnaire), start=1):
        if item.pk not in answered:
            return number
    return 1


def record_answer(assessment, item, value):
    """The person's answer to one kiosk question ("" removes it); only kiosk kinds of this version."""
    if assessment.is_completed:
        raise ValidationError(_("Ce diagnostic est terminé."))
    if item.area.questionnaire_id != assessment.questionnaire_id or item.kind not in KIOSK_KINDS:
        raise ValidationError(_("Cette question n'appartient pas à ce questionnaire."))
    if not value:
        Response.objects.filter(assessment=assessment, item=item).delete()
        return
    if value not in answers_for(item.kind):
        raise ValidationError(_("Réponse impossible pour ce type de question."))
    Response.objects.update_or_create(assessment=assessment, item=item, defaults={"value": value})


def close(request, message):
    """End the kiosk and log the session out; the login page says why."""
    logout(request)  # flushes the session, the kiosk state with it
    messages.info(request, message, fail_silently=True)
    return redirect(settings.LOGIN_URL)


def leave(request, password):
    """The staff member takes the tablet back: right password → normal session; too many wrong → logged out.

    Returns (left: bool, response or None)."""
    state = state_of(request)
    if state is None:
        return True, None
    if request.user.check_password(password or ""):
        del request.session[KIOSK_KEY]
        request.session.cycle_key()
        return True, None
    state["failures"] = state.get("failures", 0) + 1
    save_state(request, state)
    if state["failures"] >= MAX_PASSWORD_FAILURES:
        return False, close(request, _("Trop d'essais de mot de passe : le kiosque est fermé et la session terminée."))
    return False, None


class KioskMiddleware:
    """A session in kiosk mode reaches only the kiosk pages; it closes after the idle time (see module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and KIOSK_KEY in request.session
        ):
            state = state_of(request)
            if state is None:  # a stale state from another account: drop it
                del request.session[KIOSK_KEY]
                return self.get_response(request)
            now = int(time.time())
            if now - state.get("last", 0) > idle_seconds():
                return close(request, _("Le kiosque s'est fermé après un temps sans réponse. Reconnectez-vous."))
            prefix = reverse("assessments:kiosk")
            if not request.path.startswith(prefix):
                return redirect(prefix)
            state["last"] = now
            save_state(request, state)
        return self.get_response(request)


def kiosk_action(beneficiary, user):
    """On the person's page, for a volunteer (casework staff open the kiosk from the diagnostic page)."""
    from tremplin.people.actions import PersonAction, site_ids_of

    if user.site_ids(*SITE_CASEWORK_ROLES) & site_ids_of(beneficiary):
        return
    if user.site_ids(Role.VOLUNTEER) & site_ids_of(beneficiary):
        yield PersonAction(
            _("Diagnostic en autonomie (kiosque)"), reverse("assessments:kiosk_open", args=[beneficiary.pk]), 25
        )


# The words of the kiosk screens, in the language the person picked (phrases.py says why English and Arabic
# are written here rather than in the translation catalogues). The answer choices are phrases.ANSWERS, shared
# with the mediator's pages.
PHRASES = {
    "hello": {"fr": gettext_lazy("Bonjour %(name)s"), "en": "Hello %(name)s", "ar": "مرحبا %(name)s"},
    "pick_language": {
        "fr": gettext_lazy("Choisissez votre langue"),
        "en": "Choose your language",
        "ar": "اختر لغتك",
    },
    "intro": {
        "fr": gettext_lazy(
            "Quelques questions sur ce que vous faites avec le numérique. Il n'y a pas de mauvaise réponse."
        ),
        "en": "A few questions about what you do with digital tools. There is no wrong answer.",
        "ar": "بعض الأسئلة عن استخدامك للأدوات الرقمية. لا توجد إجابة خاطئة.",
    },
    "start": {"fr": gettext_lazy("Commencer"), "en": "Start", "ar": "ابدأ"},
    "question_of": {
        "fr": gettext_lazy("Question %(number)s sur %(total)s"),
        "en": "Question %(number)s of %(total)s",
        "ar": "السؤال %(number)s من %(total)s",
    },
    "read_aloud": {"fr": gettext_lazy("Lire à voix haute"), "en": "Read aloud", "ar": "اقرأ بصوت عال"},
    "previous": {"fr": gettext_lazy("Question précédente"), "en": "Previous question", "ar": "السؤال السابق"},
    "your_answer": {"fr": gettext_lazy("Votre réponse"), "en": "Your answer", "ar": "إجابتك"},
    "thanks_title": {"fr": gettext_lazy("Merci %(name)s !"), "en": "Thank you %(name)s!", "ar": "شكرا %(name)s!"},
    "thanks": {
        "fr": gettext_lazy(
            "C'est fini. Rendez la tablette à la personne qui vous accueille : elle verra la suite avec vous."
        ),
        "en": "You have finished. Give the tablet back to the person who welcomed you: "
        "they will go through the next steps with you.",
        "ar": "انتهيت. أعد الجهاز اللوحي إلى الشخص الذي استقبلك: سيرى معك الخطوات التالية.",
    },
    "idle": {
        "fr": gettext_lazy("Sans réponse pendant %(minutes)s minutes, cet écran se ferme."),
        "en": "With no answer for %(minutes)s minutes, this screen closes.",
        "ar": "بدون إجابة لمدة %(minutes)s دقائق، تغلق هذه الشاشة.",
    },
    "still_here": {"fr": gettext_lazy("Je suis encore là"), "en": "I am still here", "ar": "ما زلت هنا"},
    "question": {"fr": gettext_lazy("Question"), "en": "Question", "ar": "سؤال"},
    "kiosk": {
        "fr": gettext_lazy("Diagnostic en autonomie"),
        "en": "Digital skills check",
        "ar": "تقييم المهارات الرقمية",
    },
}


def phrase(key, language, **values):
    return in_language(PHRASES[key], language, **values)


def phrase_with_name(key, language, name):
    """The phrase with the person's first name isolated (<bdi>): a Latin name reads right inside Arabic."""
    before, _sep, after = phrase(key, language).partition("%(name)s")
    return format_html("{}<bdi>{}</bdi>{}", before, name, after)


def phrases(language):
    return {
        str(key): phrase(key, language)
        for key in PHRASES
        if key not in ("hello", "question_of", "idle", "thanks_title")
    }
