"""Demo diagnostics: the ready questionnaire (published version 1) and, at Lyon, one person with a first
diagnostic two months ago, the pathway the mediator accepted from it, and a follow-up diagnostic today.

Idempotent: the diagnostics are only written when the person has none. Written through the services, so
the activity records "Diagnostic numérique" (with the orientation's structure) exist too.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.people.models import Beneficiary

from . import pathway, proposals, services
from .models import Assessment
from .questionnaire_data import create_default_questionnaire

# First diagnostic: at ease with the device, help to browse, fails to communicate, démarches unknown.
ANSWERS = {"appareil": "alone", "naviguer": "with_help", "communiquer": "failed"}
# Follow-up: communicating learned with help, browsing alone now.
FOLLOW_UP = {"appareil": "alone", "naviguer": "alone", "communiquer": "with_help", "securite": "with_help"}
SELF = {"alone": "yes_alone", "with_help": "yes_help", "failed": "no"}
FIRST_DAYS_AGO = 60


def _take(mediator, person, questionnaire, answers, when):
    assessment = services.start_assessment(mediator, person, questionnaire=questionnaire)
    services.save_context(
        mediator, assessment, devices=["smartphone"], internet="none", email_access=False, goals=["procedures"]
    )
    values = {}
    for area in questionnaire.areas.all():
        observed = answers.get(area.code, "not_assessed")
        for item in area.items.all():
            values[item.pk] = observed if item.kind == "observed" else SELF.get(observed, "dont_know")
    services.save_answers(mediator, assessment, values)
    Assessment.objects.filter(pk=assessment.pk).update(started_at=when - timedelta(minutes=20))
    assessment.refresh_from_db()
    return services.complete_assessment(mediator, assessment, now=when)


def seed(demo):
    questionnaire = create_default_questionnaire()
    mediator = demo.users.get("mediatrice.lyon")
    if mediator is None:
        return
    site_ids = mediator.site_ids(*services.CASEWORK_ROLES)
    person = Beneficiary.objects.active().filter(sites__in=site_ids).order_by("last_name", "first_name").first()
    if person is None or Assessment.objects.filter(beneficiary=person).exists():
        return
    first = _take(mediator, person, questionnaire, ANSWERS, timezone.now() - timedelta(days=FIRST_DAYS_AGO))
    # The pathway the mediator accepted: a connectivity offer (since sold: done) and an orientation for the
    # démarches (level 0, she wants to do them); a workshop if one is proposed today.
    step = pathway.accept_connectivity(mediator, first, note="carte SIM prépayée")
    pathway.mark_done(mediator, step)
    if proposals.propose(first, mediator).orientation:
        pathway.accept_orientation(mediator, first, "aide_aux_demarches_administratives", note="France Services")
    for _area, sessions in proposals.propose(first, mediator).weak_areas:
        if sessions:
            try:
                pathway.enrol_from_proposal(mediator, first, sessions[0].pk)
            except ValidationError:
                continue
            break
    _take(mediator, person, questionnaire, FOLLOW_UP, timezone.now() - timedelta(hours=1))
