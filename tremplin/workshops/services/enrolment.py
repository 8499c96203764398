"""Enrolment, waiting list and cancellation. Seats are counted under a row lock on the session.

PostgreSQL: `select_for_update()` on the session row serialises enrolments of one session, and the
partial unique constraint `enrollment_once_per_session` backs the "enrolled once" rule. SQLite runs
write transactions in IMMEDIATE mode, which serialises all writers anyway.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.dates import display
from tremplin.core.models import AccessLog, log_access
from tremplin.core.text import fill

from ..models import Course, Enrollment, EnrollmentStatus, Session
from . import notify


def _lock_sessions(pks):
    """Lock the sessions in primary-key order (one order everywhere, so no deadlock)."""
    return list(
        Session.objects.select_for_update(of=("self",))
        .select_related("site", "workshop")
        .filter(pk__in=pks)
        .order_by("pk")
    )


def _overlap(beneficiary, session):
    return (
        Enrollment.objects.active()
        .filter(beneficiary=beneficiary, session__status="scheduled")
        .filter(session__starts_at__lt=session.ends_at, session__ends_at__gt=session.starts_at)
        .exclude(session=session)
        .select_related("session__workshop")
        .first()
    )


def _enroll_locked(actor, session, beneficiary, now):
    if session.is_cancelled:
        raise ValidationError(_("Cette séance est annulée."), code="cancelled")
    if session.has_started(now):
        raise ValidationError(_("La séance a déjà commencé : l'inscription n'est plus possible."), code="started")
    existing = Enrollment.objects.active().filter(session=session, beneficiary=beneficiary).first()
    if existing:
        if existing.status == EnrollmentStatus.WAITLISTED:
            message = _("%(name)s est déjà en liste d'attente pour cette séance.")
        else:
            message = _("%(name)s est déjà inscrit·e à cette séance.")
        raise ValidationError(message % {"name": beneficiary}, code="already_enrolled")
    clash = _overlap(beneficiary, session)
    if clash:
        raise ValidationError(
            fill(
                _("%(name)s est déjà inscrit·e à « %(title)s » le %(when)s, au même moment."),
                name=beneficiary,
                title=clash.session.workshop.title,
                when=display(clash.session.starts_at, "day_time_long", tz=clash.session.site.tzinfo),
            ),
            code="overlap",
        )
    confirmed = Enrollment.objects.filter(session=session, status=EnrollmentStatus.CONFIRMED).count()
    enrollment = Enrollment(session=session, beneficiary=beneficiary, created_by=actor)
    if confirmed < session.seats:
        enrollment.status = EnrollmentStatus.CONFIRMED
    else:
        last = Enrollment.objects.filter(session=session, status=EnrollmentStatus.WAITLISTED).aggregate(
            last=Max("position")
        )["last"]
        enrollment.status = EnrollmentStatus.WAITLISTED
        enrollment.position = (last or 0) + 1
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as error:  # only reachable if a lock was bypassed; the constraint still holds
        raise ValidationError(
            _("%(name)s est déjà inscrit·e à cette séance.") % {"name": beneficiary}, code="already_enrolled"
        ) from error
    return enrollment


def enroll(actor, target, beneficiary, now=None):
    """Enrol a person in a session, or in every upcoming session of a course (all or nothing).

    Full session: the person goes on its waiting list. Refused with a clear message: cancelled or
    started session, person already enrolled or waiting, person enrolled elsewhere at an overlapping
    time. Returns the list of enrolments created.
    """
    now = now or timezone.now()
    if isinstance(target, Course):
        pks = list(target.sessions.scheduled().filter(starts_at__gt=now).values_list("pk", flat=True))
        if not pks:
            raise ValidationError(_("Ce parcours n'a plus de séance à venir."), code="empty")
    else:
        pks = [target.pk]
    with transaction.atomic():
        sessions = sorted(_lock_sessions(pks), key=lambda s: s.starts_at)
        enrollments = [_enroll_locked(actor, session, beneficiary, now) for session in sessions]
        beneficiary.sites.add(*{session.site for session in sessions})
        log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason="inscription à un atelier")
        first = enrollments[0]
        if first.status == EnrollmentStatus.CONFIRMED:
            notify.queue("enrolment_confirmation", first)
        for enrollment in enrollments:
            if enrollment.status == EnrollmentStatus.CONFIRMED:
                notify.queue_reminders(enrollment, now=now)
    return enrollments


def promote_waiting(session, now=None):
    """Fill free seats from the waiting list, first come first served; each promoted person is told.

    The caller holds the session's row lock.
    """
    now = now or timezone.now()
    if session.is_cancelled or session.has_started(now):
        return []
    free = session.seats - Enrollment.objects.filter(session=session, status=EnrollmentStatus.CONFIRMED).count()
    promoted = []
    if free <= 0:
        return promoted
    waiting = Enrollment.objects.waitlisted().filter(session=session).select_related("beneficiary")[:free]
    for enrollment in waiting:
        enrollment.status = EnrollmentStatus.CONFIRMED
        enrollment.position = None
        enrollment.promoted_at = now
        enrollment.save(update_fields=["status", "position", "promoted_at"])
        enrollment.session = session
        notify.queue("waitlist_promotion", enrollment)
        notify.queue_reminders(enrollment, now=now)
        promoted.append(enrollment)
    return promoted


def cancel_enrollment(enrollment, by=None, now=None):
    """Cancel an enrolment (by staff, or by the person when `by` is None) and promote the first waiting.

    Cancelling twice is harmless. Returns the enrolments promoted from the waiting list.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_sessions([enrollment.session_id])[0]
        enrollment = Enrollment.objects.select_related("beneficiary").get(pk=enrollment.pk)
        if enrollment.status == EnrollmentStatus.CANCELLED:
            return []
        if session.has_started(now) or session.attendance_taken_at:
            # Once the session has begun the enrolment is history: the attendance sheet says who came.
            raise ValidationError(
                _("La séance a commencé : on ne désinscrit plus, notez plutôt l'absence sur la feuille d'émargement."),
                code="started",
            )
        was_confirmed = enrollment.status == EnrollmentStatus.CONFIRMED
        enrollment.status = EnrollmentStatus.CANCELLED
        enrollment.position = None
        enrollment.cancelled_at = now
        enrollment.save(update_fields=["status", "position", "cancelled_at"])
        enrollment.session = session
        notify.cancel_pending(enrollment)
        reason = "annulation d'inscription à un atelier" if by else "annulation par la personne (lien signé)"
        log_access(by, enrollment.beneficiary, AccessLog.Action.UPDATE, reason=reason)
        return promote_waiting(session, now) if was_confirmed else []


def confirm_by_person(enrollment, now=None):
    """The person says they will come (through the signed link). Idempotent."""
    with transaction.atomic():
        updated = (
            Enrollment.objects.filter(pk=enrollment.pk, confirmed_by_person_at__isnull=True)
            .exclude(status=EnrollmentStatus.CANCELLED)
            .update(confirmed_by_person_at=now or timezone.now())
        )
        if updated:
            log_access(None, enrollment.beneficiary, AccessLog.Action.UPDATE, reason="venue confirmée (lien signé)")
    return bool(updated)


def cancel_course_enrollment(actor, course, beneficiary, now=None):
    """Withdraw a person from the sessions of a course not yet started; each freed seat goes to the waiting list."""
    now = now or timezone.now()
    enrollments = list(
        Enrollment.objects.active()
        .filter(session__course=course, beneficiary=beneficiary, session__starts_at__gt=now)
        .order_by("session_id")
    )
    if not enrollments:
        raise ValidationError(_("Cette personne n'est inscrite à aucune séance à venir du parcours."), code="none")
    promoted = []
    with transaction.atomic():
        for enrollment in enrollments:
            promoted += cancel_enrollment(enrollment, by=actor, now=now)
    return promoted
