"""Demo diagnostics: the ready questionnaire (published version 1) and one completed diagnostic at Lyon.

Idempotent: the diagnostic is only written when the person has none. Written through the services, so the
activity record "Diagnostic numérique" exists too.
"""

from tremplin.people.models import Beneficiary

from . import services
from .models import Assessment
from .questionnaire_data import create_default_questionnaire

ANSWERS = {"appareil": "alone", "naviguer": "with_help", "communiquer": "failed"}


def seed(demo):
    questionnaire = create_default_questionnaire()
    mediator = demo.users.get("mediatrice.lyon")
    if mediator is None:
        return
    site_ids = mediator.site_ids(*services.CASEWORK_ROLES)
    person = Beneficiary.objects.active().filter(sites__in=site_ids).order_by("last_name", "first_name").first()
    if person is None or Assessment.objects.filter(beneficiary=person).exists():
        return
    assessment = services.start_assessment(mediator, person, questionnaire=questionnaire)
    services.save_context(
        mediator, assessment, devices=["smartphone"], internet="mobile", email_access=False, goals=["procedures"]
    )
    answers = {}
    for area in questionnaire.areas.all():
        observed = ANSWERS.get(area.code, "not_assessed")
        self_answer = {"alone": "yes_alone", "with_help": "yes_help", "failed": "no"}.get(observed, "dont_know")
        for item in area.items.all():
            answers[item.pk] = observed if item.kind == "observed" else self_answer
    services.save_answers(mediator, assessment, answers)
    services.complete_assessment(mediator, assessment)
