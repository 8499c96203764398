"""Attendance sheet (émargement): marks for the enrolled, walk-ins added on the spot."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access

from ..models import Attendance, Enrollment, EnrollmentStatus, Session
from ..signals import attendance_recorded


def record_attendance(actor, session, marks, walk_ins=(), now=None):
    """Record present / absent / excused for the people enrolled, and add walk-ins as present.

    `marks` maps enrolment ids to an Attendance value; walk-ins are beneficiaries (a person on the
    waiting list who turns up takes a free seat). Seats still hold: a walk-in needs a free seat.
    Sends `attendance_recorded` with everyone present, so the activities room records the session.
    """
    now = now or timezone.now()
    valid = {choice.value for choice in Attendance}
    with transaction.atomic():
        session = Session.objects.select_for_update(of=("self",)).select_related("site", "workshop").get(pk=session.pk)
        if not session.attendance_open(now):
            raise ValidationError(_("L'émargement s'ouvre le jour de la séance."), code="not_open")
        enrollments = {
            str(e.pk): e
            for e in Enrollment.objects.filter(session=session, status=EnrollmentStatus.CONFIRMED).select_related(
                "beneficiary"
            )
        }
        changed = []
        for key, value in marks.items():
            enrollment = enrollments.get(str(key))
            if enrollment is None or value not in valid:
                continue
            if enrollment.attendance != value:
                enrollment.attendance = value
                changed.append(enrollment)
        Enrollment.objects.bulk_update(changed, ["attendance"])

        confirmed = len(enrollments)
        for beneficiary in walk_ins:
            existing = Enrollment.objects.active().filter(session=session, beneficiary=beneficiary).first()
            if existing and existing.status == EnrollmentStatus.CONFIRMED:
                if existing.attendance != Attendance.PRESENT:
                    Enrollment.objects.filter(pk=existing.pk).update(attendance=Attendance.PRESENT)
                continue
            if confirmed >= session.seats:
                raise ValidationError(
                    _("La séance est complète : impossible d'ajouter %(name)s. Augmentez d'abord le nombre de places.")
                    % {"name": beneficiary},
                    code="full",
                )
            if existing:  # on the waiting list and here: takes the seat
                existing.status, existing.position, existing.attendance = (
                    EnrollmentStatus.CONFIRMED,
                    None,
                    Attendance.PRESENT,
                )
                existing.save(update_fields=["status", "position", "attendance"])
            else:
                Enrollment.objects.create(
                    session=session,
                    beneficiary=beneficiary,
                    status=EnrollmentStatus.CONFIRMED,
                    attendance=Attendance.PRESENT,
                    is_walk_in=True,
                    created_by=actor,
                )
                beneficiary.sites.add(session.site)
            confirmed += 1
            log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason="venue sans inscription à un atelier")
        for enrollment in changed:
            log_access(actor, enrollment.beneficiary, AccessLog.Action.UPDATE, reason="émargement d'atelier")

        session.attendance_taken_at = now
        session.save(update_fields=["attendance_taken_at"])
        present = [
            e.beneficiary
            for e in Enrollment.objects.filter(
                session=session, status=EnrollmentStatus.CONFIRMED, attendance=Attendance.PRESENT
            ).select_related("beneficiary")
        ]
        attendance_recorded.send(sender=Session, session=session, present=present, actor=actor)
        return present
