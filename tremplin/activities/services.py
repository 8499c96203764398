"""Writing activity records: the quick entry and the record of a workshop session."""

import logging

from django.db import transaction

from tremplin.core.models import AccessLog, log_access
from tremplin.core.roles import Role
from tremplin.network.timezones import site_localtime

from . import choices
from .models import Activity

logger = logging.getLogger("tremplin.activities")

SESSION_SOURCE = "workshops.session"
WORKSHOP_LEVELS = {"beginner": "debutant", "intermediate": "intermediaire", "advanced": "avance"}


@transaction.atomic
def record_activity(actor, activity, participants=()):
    """Save a new activity record written by `actor` (validated by Activity.clean and its constraints).

    A named person is attached to the site that accompanied them, and the access log notes it.
    """
    activity.recorded_by = actor
    if activity.kind == choices.INDIVIDUAL:
        activity.participant_count = 1
    if choices.ADMIN_PROCEDURES not in activity.thematiques and any(
        value in dict(choices.thematique_choices("administratives")) for value in activity.thematiques
    ):
        # The national form shows the administrative sub-themes under "aide aux démarches" only.
        activity.thematiques = [*activity.thematiques, choices.ADMIN_PROCEDURES]
    activity.full_clean()
    activity.save()
    people = [activity.beneficiary] if activity.beneficiary_id else list(participants)
    if participants:
        activity.participants.set(participants)
    for person in people:
        person.sites.add(activity.site)
        log_access(actor, person, AccessLog.Action.UPDATE, reason="activité enregistrée")
    logger.info("activity %s recorded", activity.pk)
    return activity


@transaction.atomic
def update_activity(actor, activity):
    """Save corrections to a record typed by hand (records written from attendance follow the sheet)."""
    if activity.source == SESSION_SOURCE:
        raise ValueError("records written from attendance are corrected through the attendance sheet")
    if activity.kind == choices.INDIVIDUAL:
        activity.participant_count = 1
    activity.full_clean()
    activity.save()
    if activity.beneficiary_id:
        activity.beneficiary.sites.add(activity.site)
        log_access(actor, activity.beneficiary, AccessLog.Action.UPDATE, reason="activité corrigée")
    logger.info("activity %s corrected", activity.pk)
    return activity


def can_edit(user, activity):
    """The author, a site manager of the site, or the national team; never a record from attendance."""
    if activity.source == SESSION_SOURCE:
        return False
    if user.is_network_admin or activity.recorded_by_id == user.pk:
        return True
    return activity.site_id in user.site_ids(Role.SITE_MANAGER)


def _minutes(session):
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    return max(1, min(minutes, 720))


def record_session_activity(session, present, actor):
    """One collective record per workshop session, with the people present (idempotent).

    Taking attendance again updates the same record; when nobody was present there is no record.
    Runs inside the attendance transaction (called from the workshops signal).
    """
    source_id = str(session.pk)
    existing = Activity.objects.select_for_update().filter(source=SESSION_SOURCE, source_id=source_id).first()
    present = list(present)
    if not present:
        if existing:
            existing.delete()
        return None
    workshop = session.workshop
    known = dict(choices.thematique_choices())
    thematiques = [value for value in (getattr(workshop, "thematiques", None) or []) if value in known]
    activity = existing or Activity(source=SESSION_SOURCE, source_id=source_id)
    activity.site = session.site
    activity.recorded_by = actor
    activity.date = site_localtime(session.starts_at, session.site).date()  # the day at the site
    activity.kind = choices.COLLECTIVE
    activity.duration = _minutes(session)
    activity.thematiques = thematiques
    activity.title = str(getattr(workshop, "title", ""))[:150]
    activity.level = WORKSHOP_LEVELS.get(getattr(workshop, "level", ""), "")
    activity.place = choices.AT_SITE
    activity.participant_count = len(present)
    activity.save()
    activity.participants.set(present)
    logger.info("activity %s recorded for session %s", activity.pk, session.pk)
    return activity


ASSESSMENT_SOURCE = "assessments.assessment"
DIAGNOSTIC = "diagnostic_numerique"


def record_assessment_activity(assessment, actor):
    """One individual record (thématique "Diagnostic numérique") per completed diagnostic (idempotent).

    Runs inside the diagnostic's completion transaction (called from the assessments signal). The
    duration is the time from start to completion, between 1 minute and 12 hours.
    """
    source_id = str(assessment.pk)
    if Activity.objects.filter(source=ASSESSMENT_SOURCE, source_id=source_id).exists():
        return None
    minutes = int((assessment.completed_at - assessment.started_at).total_seconds() // 60)
    activity = Activity(
        source=ASSESSMENT_SOURCE,
        source_id=source_id,
        site=assessment.site,
        recorded_by=actor,
        date=site_localtime(assessment.completed_at, assessment.site).date(),
        kind=choices.INDIVIDUAL,
        duration=max(1, min(minutes, 720)),
        thematiques=[DIAGNOSTIC],
        place=choices.AT_SITE,
        beneficiary=assessment.beneficiary,
        participant_count=1,
    )
    activity.full_clean()
    activity.save()
    logger.info("activity %s recorded for assessment %s", activity.pk, assessment.pk)
    return activity


def record_assessment_orientation(step, actor):
    """The mediator oriented the person from a diagnostic's pathway: the diagnostic's activity record carries
    the national "structure de redirection" (Activite.structure_de_redirection). Runs inside the decision's
    transaction (assessments signal `orientation_accepted`). No record (diagnostic taken before this room
    existed): nothing to do."""
    activity = Activity.objects.filter(source=ASSESSMENT_SOURCE, source_id=str(step.assessment_id)).first()
    if activity is None:
        return None
    activity.redirected_to = step.redirection
    activity.full_clean()
    activity.save(update_fields=["redirected_to", "updated_at"])
    logger.info("activity %s oriented for assessment %s", activity.pk, step.assessment_id)
    return activity
