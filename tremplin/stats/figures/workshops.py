"""The workshops block: sessions held, seats, fill and no-show rates, hours."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from tremplin.core.smallcounts import rate_base

from .base import HOURS, PERCENT, Block, Row
from .common import Microseconds, _local_bounds, _people_of_partners


def workshop_figures(scope, period, filters):
    """Workshops (ateliers) held during the period:

    sessions held = sessions not cancelled that started during the period (up to now); seats offered = their
    seats; fill rate = confirmed enrolments / seats offered; no-show rate = absent / (present + absent) among
    confirmed enrolments whose attendance was taken (excused absences are not no-shows); hours of workshops =
    sum of the sessions' lengths; hours of training received = each present person × the session's length.
    Source: workshops (Session, Enrollment).
    """
    from django.utils import timezone

    from tremplin.workshops.models import Attendance, EnrollmentStatus, Session, SessionStatus

    start, end = _local_bounds(period)
    sessions = Session.objects.filter(starts_at__gte=start, starts_at__lt=min(end, timezone.now())).exclude(
        status=SessionStatus.CANCELLED
    )
    if scope.site_ids is not None:
        sessions = sessions.filter(site_id__in=scope.site_ids)
    if filters.site_id:
        sessions = sessions.filter(site_id=filters.site_id)
    if filters.mediator_id:
        sessions = sessions.filter(facilitators=filters.mediator_id)
    if filters.thematique:
        sessions = sessions.filter(workshop__thematiques__icontains=f'"{filters.thematique}"')
    enrolment = Q(enrollments__status=EnrollmentStatus.CONFIRMED)
    partners = scope.partner_ids if scope.partner_ids is not None else None
    if filters.partner_id:
        partners = {filters.partner_id} if partners is None else partners & {filters.partner_id}
    if partners is not None:
        people = _people_of_partners(partners)
        enrolment &= Q(enrollments__beneficiary_id__in=people)
        sessions = sessions.filter(enrollments__beneficiary_id__in=people)
    # Added up in SQL, one row per period (not one per session: at scale 2 the ≈ 4,000 sessions of a year were
    # ≈ 0.4 s of loading their two datetimes into Python): the sessions' counts grouped per session in a
    # sub-query, then summed; each length in microseconds, a negative one (ends before it starts) as 0.
    per_session = (
        sessions.order_by()
        .values("pk", "seats")
        .annotate(
            confirmed=Count("enrollments", filter=enrolment, distinct=True),
            present=Count(
                "enrollments", filter=enrolment & Q(enrollments__attendance=Attendance.PRESENT), distinct=True
            ),
            absent=Count("enrollments", filter=enrolment & Q(enrollments__attendance=Attendance.ABSENT), distinct=True),
            length=Greatest(Microseconds(F("ends_at"), F("starts_at")), Value(0)),
        )
    )
    try:
        sql, params = per_session.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an empty partner set)
        sql, params = None, None
    totals = (0,) * 7
    if sql is not None:
        with connection.cursor() as cursor:
            # The inner SQL is compiled by the ORM, its values passed apart as parameters.
            cursor.execute(
                "SELECT COUNT(*), SUM(seats), SUM(confirmed), SUM(present), SUM(absent), SUM(length), "  # noqa: S608
                f"SUM(length * present) FROM ({sql}) per_session",
                params,
            )
            totals = cursor.fetchone()
    held, seats, confirmed, present, absent, length, person_length = (int(value or 0) for value in totals)
    minutes = length / 60_000_000
    person_minutes = person_length / 60_000_000
    figures = [
        Row("sessions", _("Séances tenues"), (held,)),
        Row("seats", _("Places offertes"), (seats,)),
        Row("enrolled", _("Inscriptions confirmées"), (confirmed,)),
        Row("present", _("Présences"), (present,)),
        Row(
            "fill_rate",
            _("Taux de remplissage"),
            (round(100 * confirmed / seats) if seats else None,),
            base=(rate_base(confirmed, seats),),
        ),
        Row(
            "no_show_rate",
            _("Taux d'absence non excusée"),
            (round(100 * absent / (present + absent)) if present + absent else None,),
            base=(rate_base(absent, present + absent),),
        ),
        Row("hours", _("Heures d'ateliers animées"), (round(minutes / 60, 1),)),
        Row("person_hours", _("Heures de formation suivies (par personne présente)"), (round(person_minutes / 60, 1),)),
    ]
    return Block(
        "workshops",
        _("Ateliers"),
        _("Séances non annulées commencées pendant la période."),
        _("Ateliers (séances, inscriptions, émargement)."),
        figures=figures,
        figure_units={"fill_rate": PERCENT, "no_show_rate": PERCENT, "hours": HOURS, "person_hours": HOURS},
    )
