"""Taking a diagnostic with a mediator: start, context, answers per area, completion (levels + profile).

Only site casework staff (site managers, mediators) of a site following the person take or read a
diagnostic: `tremplin.people.access.can_read_casework`. Every read of a result is logged (log_access).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access
from tremplin.core.roles import SITE_CASEWORK_ROLES
from tremplin.people.access import can_read_casework, casework_site_ids

from . import scoring
from .models import Assessment, Device, Goal, Internet, Item, ItemKind, Questionnaire, Response, answers_for
from .signals import assessment_completed

CASEWORK_ROLES = tuple(SITE_CASEWORK_ROLES)


def _require_casework(actor, beneficiary):
    if not can_read_casework(actor, beneficiary) or not beneficiary.is_active:
        raise PermissionDenied


def unfinished_of(beneficiary):
    """The person's diagnostic still open (the latest started, should older duplicates exist), or None."""
    return Assessment.objects.unfinished().filter(beneficiary=beneficiary).order_by("-started_at", "-pk").first()


def start_or_resume(beneficiary, create):
    """The person's unfinished diagnostic, or a new one from `create()`: never two open diagnostics at once.

    The person's row is locked, so two tablets (or a tablet and a mediator) opening at the same moment get the
    same diagnostic. Returns (assessment, resumed). Call inside a transaction."""
    from tremplin.people.models import Beneficiary

    Beneficiary.objects.select_for_update().filter(pk=beneficiary.pk).first()
    open_one = unfinished_of(beneficiary)
    if open_one is not None:
        return open_one, True
    return create(), False


@transaction.atomic
def start_assessment(actor, beneficiary, language="fr", questionnaire=None):
    """A diagnostic on the current published version, at a site both the actor and the person share.

    If the person has an unfinished diagnostic it is resumed (in `language`) instead of starting a second
    one; `assessment.resumed` says which."""
    _require_casework(actor, beneficiary)
    questionnaire = questionnaire or Questionnaire.objects.current()
    if questionnaire is None or not questionnaire.is_frozen:
        raise ValidationError(_("Aucun questionnaire de diagnostic n'est publié."))
    site_id = min(casework_site_ids(actor) & set(beneficiary.sites.values_list("pk", flat=True)))
    assessment, resumed = start_or_resume(
        beneficiary,
        lambda: Assessment.objects.create(
            beneficiary=beneficiary, questionnaire=questionnaire, site_id=site_id, conducted_by=actor, language=language
        ),
    )
    if resumed and assessment.language != language:
        assessment.language = language
        assessment.save(update_fields=["language"])
    log_access(
        actor, beneficiary, AccessLog.Action.UPDATE, reason="diagnostic repris" if resumed else "diagnostic commencé"
    )
    assessment.resumed = resumed
    return assessment


def resume_step(assessment):
    """Where a mediator picks an unfinished diagnostic up (the answers already given are kept): 0 for the
    context page when none of its questions is answered, else the number (from 1) of the first area with an
    unanswered question, or None when everything is answered (the finish page)."""
    if not (assessment.devices or assessment.internet or assessment.goals or assessment.email_access is not None):
        return 0
    answered = set(assessment.responses.values_list("item_id", flat=True))
    for step, area in enumerate(assessment.questionnaire.areas.prefetch_related("items"), start=1):
        if any(item.pk not in answered for item in area.items.all()):
            return step
    return None


def _require_open(actor, assessment):
    _require_casework(actor, assessment.beneficiary)
    if assessment.is_completed:
        raise ValidationError(_("Ce diagnostic est terminé : commencez un diagnostic de suivi."))


@transaction.atomic
def save_context(actor, assessment, *, devices, internet, email_access, goals):
    _require_open(actor, assessment)
    devices, goals = list(dict.fromkeys(devices)), list(dict.fromkeys(goals))
    if any(d not in Device.values for d in devices) or any(g not in Goal.values for g in goals):
        raise ValidationError(_("Choix inconnu."))
    if Device.NONE in devices and len(devices) > 1:
        raise ValidationError(_("« Aucun » ne se coche pas avec un appareil."))
    if internet and internet not in Internet.values:
        raise ValidationError(_("Choix inconnu."))
    assessment.devices, assessment.internet, assessment.goals = devices, internet or "", goals
    assessment.email_access = email_access
    assessment.save(update_fields=["devices", "internet", "email_access", "goals"])


@transaction.atomic
def save_answers(actor, assessment, answers):
    """answers: {item pk: value}; an empty value removes the answer. Items must belong to the version."""
    _require_open(actor, assessment)
    items = {item.pk: item for item in Item.objects.filter(area__questionnaire=assessment.questionnaire)}
    for pk, value in answers.items():
        item = items.get(pk)
        if item is None:
            raise ValidationError(_("Cette question n'appartient pas à ce questionnaire."))
        if not value:
            Response.objects.filter(assessment=assessment, item=item).delete()
            continue
        if value not in answers_for(item.kind):
            raise ValidationError(_("Réponse impossible pour ce type de question."))
        Response.objects.update_or_create(assessment=assessment, item=item, defaults={"value": value})


def compute_levels(assessment):
    """{area code: level or None} for every area of the version, from the saved answers."""
    by_area = {area.code: [] for area in assessment.questionnaire.areas.all()}
    for response in assessment.responses.exclude(item__kind=ItemKind.CONTEXT).select_related("item__area"):
        by_area[response.item.area.code].append(response.value)
    return {code: scoring.area_level(values) for code, values in by_area.items()}


@transaction.atomic
def complete_assessment(actor, assessment, now=None):
    """Compute levels and profile, mark the diagnostic done, and tell the rooms above (activity record)."""
    _require_open(actor, assessment)
    assessment.levels = compute_levels(assessment)
    assessment.profile = scoring.profile_for(assessment.levels)
    assessment.completed_at = now or timezone.now()
    assessment.save(update_fields=["levels", "profile", "completed_at"])
    log_access(actor, assessment.beneficiary, AccessLog.Action.UPDATE, reason="diagnostic terminé")
    from .reminders import resolve_for

    resolve_for(assessment.beneficiary, assessment.completed_at)
    assessment_completed.send(sender=Assessment, assessment=assessment, actor=actor)
    return assessment


def view_result(actor, assessment):
    """Check the actor may read the answers, and log the read."""
    _require_casework(actor, assessment.beneficiary)
    log_access(actor, assessment.beneficiary, AccessLog.Action.VIEW, reason=f"diagnostic:{assessment.pk}")


def previous_of(assessment):
    """The person's completed diagnostic just before this one (for before → after), or None."""
    return (
        Assessment.objects.completed()
        .filter(beneficiary_id=assessment.beneficiary_id, completed_at__lt=assessment.completed_at or timezone.now())
        .exclude(pk=assessment.pk)
        .order_by("-completed_at")
        .first()
    )


def progress_rows(before, after):
    """[(area name, level before, level after)] over the areas (matched by code) of the later version."""
    rows = []
    for area in after.questionnaire.areas.all():
        rows.append((area.name, before.levels.get(area.code), after.levels.get(area.code)))
    return rows


def export_data(beneficiary):
    """The person's diagnostics with every answer, for the person's data export."""
    data = []
    for assessment in beneficiary.assessments.select_related("questionnaire").prefetch_related("responses__item"):
        data.append(
            {
                "started_at": assessment.started_at.isoformat(),
                "completed_at": assessment.completed_at.isoformat() if assessment.completed_at else None,
                "questionnaire_version": assessment.questionnaire.version,
                "profile": assessment.get_profile_display() if assessment.profile else "",
                "levels": assessment.levels,
                "devices": assessment.devices,
                "internet": assessment.internet,
                "email_access": assessment.email_access,
                "goals": assessment.goals,
                "answers": [
                    {"question": response.item.texts.get("fr", ""), "answer": str(response.get_value_display())}
                    for response in assessment.responses.all()
                ],
                "pathway": [
                    {"step": step.label, "state": str(step.get_state_display()), "note": step.note}
                    for step in assessment.steps.all()
                ],
            }
        )
    return data


def erase_answers(beneficiary):
    """Anonymisation: the answers and context go; the dated diagnostic with its levels and profile stays
    (statistics count it), and it says nothing about the person once the identity is erased."""
    Response.objects.filter(assessment__beneficiary=beneficiary).delete()
    beneficiary.assessments.update(devices=[], internet="", email_access=None, goals=[])
    beneficiary.pathway_steps.update(note="")  # free text typed by the mediator
