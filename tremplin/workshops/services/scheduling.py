"""Scheduling: sessions, weekly series and courses; cancelling and moving a session."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.roles import Role

from ..models import Course, Enrollment, EnrollmentStatus, Session, SessionStatus
from . import notify

MAX_SERIES = 52


def _check_manager(actor, site):
    if site.pk not in actor.site_ids(Role.SITE_MANAGER):
        raise PermissionDenied


def _check_times(starts_at, ends_at, now):
    if ends_at <= starts_at:
        raise ValidationError(_("La fin de la séance doit suivre son début."), code="times")
    if starts_at <= now:
        raise ValidationError(_("Une séance se planifie dans le futur."), code="past")


def _create(actor, *, site, workshop, starts_at, ends_at, room, seats, facilitators, course=None):
    session = Session.objects.create(
        site=site,
        workshop=workshop,
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        seats=seats or workshop.default_seats,
        created_by=actor,
    )
    if facilitators:
        session.facilitators.set(facilitators)
    return session


def weekly_starts(first_start, count, every_days=7, *, tz=None):
    """Start times every `every_days` days at the same wall-clock time in zone `tz` (the site's; DST-safe)."""
    local = timezone.localtime(first_start, tz)
    naive = datetime.combine(local.date(), local.time().replace(tzinfo=None))
    return [timezone.make_aware(naive + timedelta(days=every_days * index), tz) for index in range(count)]


def schedule_session(actor, *, site, workshop, starts_at, ends_at=None, room="", seats=None, facilitators=(), now=None):
    """One session of a catalogue workshop at a site the actor manages, in the future."""
    _check_manager(actor, site)
    ends_at = ends_at or starts_at + workshop.duration
    _check_times(starts_at, ends_at, now or timezone.now())
    with transaction.atomic():
        return _create(
            actor,
            site=site,
            workshop=workshop,
            starts_at=starts_at,
            ends_at=ends_at,
            room=room,
            seats=seats,
            facilitators=facilitators,
        )


def schedule_weekly_series(
    actor, *, site, workshop, first_starts_at, weeks, ends_at=None, room="", seats=None, facilitators=(), now=None
):
    """The same session every week for `weeks` weeks (at most a year), all or nothing."""
    _check_manager(actor, site)
    if not 1 <= weeks <= MAX_SERIES:
        raise ValidationError(_("Une série compte de 1 à %(max)s semaines.") % {"max": MAX_SERIES}, code="weeks")
    length = (ends_at - first_starts_at) if ends_at else workshop.duration
    now = now or timezone.now()
    starts = weekly_starts(first_starts_at, weeks, tz=site.tzinfo)
    with transaction.atomic():
        sessions = []
        for start in starts:
            _check_times(start, start + length, now)
            sessions.append(
                _create(
                    actor,
                    site=site,
                    workshop=workshop,
                    starts_at=start,
                    ends_at=start + length,
                    room=room,
                    seats=seats,
                    facilitators=facilitators,
                )
            )
        return sessions


def schedule_course(
    actor, *, site, workshop, starts, label="", length=None, room="", seats=None, facilitators=(), now=None
):
    """A course (cohort) with all its sessions at once; people enrol in the course as a whole."""
    _check_manager(actor, site)
    if not starts:
        raise ValidationError(_("Un parcours compte au moins une séance."), code="empty")
    length = length or workshop.duration
    now = now or timezone.now()
    for start in starts:
        _check_times(start, start + length, now)
    with transaction.atomic():
        course = Course.objects.create(workshop=workshop, site=site, label=label, created_by=actor)
        for start in sorted(starts):
            _create(
                actor,
                site=site,
                workshop=workshop,
                course=course,
                starts_at=start,
                ends_at=start + length,
                room=room,
                seats=seats,
                facilitators=facilitators,
            )
        return course


def _locked(session):
    return Session.objects.select_for_update(of=("self",)).select_related("site", "workshop").get(pk=session.pk)


def _active_enrollments(session):
    return list(
        Enrollment.objects.active()
        .filter(session=session)
        .select_related("beneficiary", "session__site", "session__workshop")
    )


def cancel_session(actor, session, reason="", now=None):
    """Cancel a session that has not ended; everyone enrolled or waiting is told, reminders are withdrawn."""
    _check_manager(actor, session.site)
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked(session)
        if session.is_cancelled:
            raise ValidationError(_("Cette séance est déjà annulée."), code="cancelled")
        if session.ends_at <= now:
            raise ValidationError(_("Une séance terminée ne peut plus être annulée."), code="ended")
        session.status = SessionStatus.CANCELLED
        session.cancelled_at = now
        session.cancel_reason = reason[:200]
        session.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        for enrollment in _active_enrollments(session):
            notify.cancel_pending(enrollment)
            notify.queue("cancellation", enrollment)
        return session


def move_session(actor, session, *, starts_at, ends_at=None, room=None, now=None):
    """Move a future session; everyone enrolled or waiting is told the new time, reminders follow it."""
    _check_manager(actor, session.site)
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked(session)
        if session.is_cancelled:
            raise ValidationError(_("Une séance annulée ne peut pas être déplacée."), code="cancelled")
        if session.has_started(now):
            raise ValidationError(_("La séance a déjà commencé : elle ne peut plus être déplacée."), code="started")
        ends_at = ends_at or starts_at + session.duration
        _check_times(starts_at, ends_at, now)
        previous_start = session.starts_at
        session.starts_at, session.ends_at = starts_at, ends_at
        if room is not None:
            session.room = room
        session.save(update_fields=["starts_at", "ends_at", "room"])
        for enrollment in _active_enrollments(session):
            enrollment.session = session
            notify.cancel_pending(enrollment)
            notify.queue("move", enrollment, previous_start=previous_start)
            if enrollment.status == EnrollmentStatus.CONFIRMED:
                notify.queue_reminders(enrollment, now=now)
        return session


def change_seats(actor, session, seats, now=None):
    """Change the number of seats; never below the people already confirmed. More seats: the waiting list moves up."""
    from .enrolment import promote_waiting

    _check_manager(actor, session.site)
    with transaction.atomic():
        session = _locked(session)
        if session.is_cancelled:
            raise ValidationError(_("Cette séance est annulée."), code="cancelled")
        confirmed = Enrollment.objects.filter(session=session, status=EnrollmentStatus.CONFIRMED).count()
        if seats < max(confirmed, 1):
            raise ValidationError(
                ngettext(
                    "%(count)s personne est déjà inscrite : il faut au moins une place.",
                    "%(count)s personnes sont déjà inscrites : il faut au moins autant de places.",
                    confirmed,
                )
                % {"count": confirmed},
                code="seats",
            )
        session.seats = seats
        session.save(update_fields=["seats"])
        return promote_waiting(session, now)
