"""Keeping the stored referral journeys (presence.ReferralJourney) exact: dirty marks, refresh, rebuild, check.

A journey step date depends on the referral (its person, its reception) and on the person's contact
attempts, status changes, completed diagnostics, workshop attendance and equipment sales. Every write that
can move one marks the referral, or every referral of the person, dirty in the writer's transaction
(ReferralJourneyDirty, plain inserts) through the models' signals, connected by StatsConfig.ready():
- referrals: a referral saved (created, its person, reception, site, partner, status or decline reason
  changed), a contact attempt or a status change saved or deleted (lifecycle services); a referral about to
  be deleted marks the site-months it is and was counted under (its journey goes with it);
- assessments: a diagnostic saved or deleted (completion, assessments/services.py);
- workshops: an enrolment saved or deleted, a session saved (its start), and `attendance_recorded`, sent by
  the attendance sheet after its bulk update: every person enrolled in the session is marked;
- till: a sale or a sale line saved (append-only journal: never updated nor deleted);
- people: a merge (`beneficiary_merged`: both records). A person is never deleted while a referral points to
  them (Referral.beneficiary PROTECT, tests/test_journeys_person_deleted.py); anonymisation keeps every date a
  journey reads, so neither marks anything.
Before the funnel and partners blocks read the journeys, `refresh()` recomputes the marked referrals (the
same correlated sub-queries as before, but only for them) and the month counts (ReferralMonthAggregate,
referral_months.py) of the site-months they were and are counted under, in one transaction under a lock. Writes that
bypass the signals (QuerySet.update, bulk_create, SQL) must call `mark_people`/`mark_referrals` or run
`manage.py rebuild_stats_aggregates`; the nightly `check_stats_aggregates` compares and repairs.
"""

import logging
import uuid

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Q

from . import referral_months
from .presence import JOURNEY_STEPS, ReferralJourney, ReferralJourneyDirty

logger = logging.getLogger("tremplin.stats")

LOCK_KEY = 7_461_823_118  # pg_advisory_xact_lock key of the journeys refresh
# The ReferralMonthAggregate key a journey was counted under, and the referral's partner, reception and status.
SNAPSHOT = ("site_id", "month", "partner_id", "received_at", "status")


# --------------------------------------------------------------------------------------------------------
# Marking


def mark_referrals(referral_ids):
    ids = {pk for pk in referral_ids if pk}
    ReferralJourneyDirty.objects.bulk_create([ReferralJourneyDirty(referral_id=pk) for pk in ids])


def mark_people(beneficiary_ids):
    ids = {pk for pk in beneficiary_ids if pk}
    ReferralJourneyDirty.objects.bulk_create([ReferralJourneyDirty(beneficiary_id=pk) for pk in ids])


def _on_referral(sender, instance, **kwargs):
    mark_referrals([instance.pk])


def _on_referral_deleted(sender, instance, **kwargs):
    """Before a referral is deleted (its journey goes with it): mark the site-month its journey was counted
    under and its current one (moved since the last refresh, it is counted under the first until then)."""
    keys = {(instance.target_site_id, referral_months.local_month(instance.received_at))}
    keys |= set(ReferralJourney.objects.filter(referral_id=instance.pk).exclude(month=None).values_list(*SNAPSHOT[:2]))
    ReferralJourneyDirty.objects.bulk_create([ReferralJourneyDirty(site_id=s, month=m) for s, m in keys])


def _on_referral_child(sender, instance, **kwargs):
    mark_referrals([instance.referral_id])


def _on_person_row(sender, instance, **kwargs):
    mark_people([instance.beneficiary_id])


def _on_sale_line(sender, instance, **kwargs):
    mark_people([instance.sale.beneficiary_id])  # the sale is in memory: finalise sets line.sale = sale


def _mark_session(session_id):
    from tremplin.workshops.models import Enrollment

    mark_people(Enrollment.objects.filter(session_id=session_id).values_list("beneficiary_id", flat=True))


def _on_session(sender, instance, **kwargs):
    _mark_session(instance.pk)


def _on_attendance(sender, session, **kwargs):
    _mark_session(session.pk)


def _on_merged(sender, keep, remove, **kwargs):
    mark_people([keep.pk, remove.pk])


def connect():
    from django.db.models.signals import post_delete, post_save, pre_delete

    from tremplin.assessments.models import Assessment
    from tremplin.referrals.models import ContactAttempt, Referral, ReferralStatusChange
    from tremplin.till.models import Sale, SaleLine
    from tremplin.workshops.models import Enrollment, Session

    uid = "stats.journeys."
    post_save.connect(_on_referral, sender=Referral, dispatch_uid=uid + "referral")
    pre_delete.connect(_on_referral_deleted, sender=Referral, dispatch_uid=uid + "referral.delete")
    for model in (ContactAttempt, ReferralStatusChange):
        post_save.connect(_on_referral_child, sender=model, dispatch_uid=f"{uid}{model.__name__}.save")
        post_delete.connect(_on_referral_child, sender=model, dispatch_uid=f"{uid}{model.__name__}.delete")
    for model in (Assessment, Enrollment):
        post_save.connect(_on_person_row, sender=model, dispatch_uid=f"{uid}{model.__name__}.save")
        post_delete.connect(_on_person_row, sender=model, dispatch_uid=f"{uid}{model.__name__}.delete")
    post_save.connect(_on_person_row, sender=Sale, dispatch_uid=uid + "sale")
    post_save.connect(_on_sale_line, sender=SaleLine, dispatch_uid=uid + "sale_line")
    post_save.connect(_on_session, sender=Session, dispatch_uid=uid + "session")
    from tremplin.workshops.signals import attendance_recorded

    attendance_recorded.connect(_on_attendance, dispatch_uid=uid + "attendance")
    from tremplin.people.signals import beneficiary_merged

    beneficiary_merged.connect(_on_merged, dispatch_uid=uid + "merged")


# --------------------------------------------------------------------------------------------------------
# Computing from the raw tables


def journey_annotations():
    """{step: Subquery} of the date of each journey step of a referral (None when not reached): the first
    successful contact attempt, the first status contacted/accepted, the first completed diagnostic after
    the referral, the first workshop attended after it, the first equipment sale after it, the second
    completed diagnostic after it (figures/referrals.funnel_figures gives the definitions)."""
    from django.db.models import DateTimeField, OuterRef, Subquery
    from django.db.models import Min as MinAgg

    from tremplin.assessments.models import Assessment
    from tremplin.referrals.choices import SUCCESSFUL_OUTCOMES, Status
    from tremplin.referrals.models import ContactAttempt, ReferralStatusChange
    from tremplin.till.models import Sale, SaleLine
    from tremplin.workshops.models import Attendance, Enrollment

    contact_attempt = (
        ContactAttempt.objects.filter(referral_id=OuterRef("pk"), outcome__in=SUCCESSFUL_OUTCOMES)
        .values("referral_id")
        .annotate(first=MinAgg("at"))
        .values("first")[:1]
    )
    contact_status = (
        ReferralStatusChange.objects.filter(referral_id=OuterRef("pk"), status__in=[Status.CONTACTED, Status.ACCEPTED])
        .values("referral_id")
        .annotate(first=MinAgg("at"))
        .values("first")[:1]
    )
    diagnosed = (
        Assessment.objects.filter(
            beneficiary_id=OuterRef("beneficiary_id"),
            completed_at__isnull=False,
            completed_at__gte=OuterRef("received_at"),
        )
        .values("beneficiary_id")
        .annotate(first=MinAgg("completed_at"))
        .values("first")[:1]
    )
    second_diagnostic = (
        Assessment.objects.filter(
            beneficiary_id=OuterRef("beneficiary_id"),
            completed_at__isnull=False,
            completed_at__gte=OuterRef("received_at"),
        )
        .order_by("completed_at")
        .values("completed_at")[1:2]
    )
    workshop = (
        Enrollment.objects.filter(
            beneficiary_id=OuterRef("beneficiary_id"),
            attendance=Attendance.PRESENT,
            session__starts_at__gte=OuterRef("received_at"),
        )
        .values("beneficiary_id")
        .annotate(first=MinAgg("session__starts_at"))
        .values("first")[:1]
    )
    equipped_sales = SaleLine.objects.filter(Q(device__isnull=False) | Q(product__isnull=False), quantity__gt=0).values(
        "sale_id"
    )
    equipped = (
        Sale.objects.filter(
            beneficiary_id=OuterRef("beneficiary_id"),
            training=False,
            kind="sale",
            finalised_at__gte=OuterRef("received_at"),
            pk__in=equipped_sales,
        )
        .values("beneficiary_id")
        .annotate(first=MinAgg("finalised_at"))
        .values("first")[:1]
    )
    queries = (contact_attempt, contact_status, diagnosed, workshop, equipped, second_diagnostic)
    return {
        step: Subquery(query, output_field=DateTimeField()) for step, query in zip(JOURNEY_STEPS, queries, strict=True)
    }


def computed(referrals):
    """{referral id: (step dates…, site id, month, partner id, reception, status)} of a Referral queryset,
    from the raw tables. JIT off on PostgreSQL: the correlated sub-plans are costed far above their work
    (docs/performance.md, second pass)."""
    from .figures.common import without_jit

    rows = (
        referrals.order_by()
        .annotate(**{f"c_{step}": expr for step, expr in journey_annotations().items()})
        .annotate(c_month=referral_months.LocalMonth("received_at"))
        .values_list("pk", *(f"c_{step}" for step in JOURNEY_STEPS), "target_site_id", "c_month", *SNAPSHOT[2:])
    )
    with without_jit():
        return {row[0]: tuple(row[1:]) for row in rows}


def _write(referrals):
    """Recompute and store the journeys of `referrals` (a Referral queryset), with the (site, month of
    reception) they are counted under: one DELETE and one INSERT … SELECT whatever their number, so that the
    refresh after a migration or a bulk change costs the same few queries as after one edit (issue #14: the
    dashboard's query count is constant). Returns the number of journeys written."""
    from .figures.common import without_jit

    ReferralJourney.objects.filter(referral_id__in=referrals.order_by().values("pk")).delete()
    rows = (
        referrals.order_by()
        .annotate(**{f"c_{step}": expr for step, expr in journey_annotations().items()})
        .annotate(c_month=referral_months.LocalMonth("received_at"))
        .values_list("pk", *(f"c_{step}" for step in JOURNEY_STEPS), "target_site_id", "c_month", *SNAPSHOT[2:])
    )
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # filter(pk__in=[]): nothing to write
        return 0
    table = connection.ops.quote_name(ReferralJourney._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in ("referral_id", *JOURNEY_STEPS, *SNAPSHOT))
    with without_jit(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)
        return cursor.rowcount


def _write_with_months(referrals, dirty=None):
    """The journeys of `referrals` and the ReferralMonthAggregate rows of the site-months they were and are
    counted under (plus those marked directly in `dirty`): a fixed number of statements."""
    journeys = ReferralJourney.objects.filter(referral_id__in=referrals.order_by().values("pk"))
    marks = dirty if dirty is not None else ReferralJourneyDirty.objects.none()
    keys = referral_months.keys_of(journeys, marks)  # before: the old site-months
    written = _write(referrals)
    keys |= referral_months.keys_of(journeys, ReferralJourneyDirty.objects.none())  # after: the new ones
    referral_months.write(keys)
    return written


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


# --------------------------------------------------------------------------------------------------------
# Refresh, rebuild, check


def refresh():
    """Recompute the journeys of the marked referrals and the month counts of the site-months they were and
    are counted under; returns the number of marks (one query when none)."""
    from tremplin.referrals.models import Referral

    if not ReferralJourneyDirty.objects.exists():
        return 0
    with transaction.atomic():
        _lock()
        token = uuid.uuid4().hex
        claimed = ReferralJourneyDirty.objects.filter(claim="").update(claim=token)
        if not claimed:
            return 0
        dirty = ReferralJourneyDirty.objects.filter(claim=token)
        _write_with_months(
            Referral.objects.filter(
                Q(pk__in=dirty.filter(referral_id__isnull=False).values("referral_id"))
                | Q(beneficiary_id__in=dirty.filter(beneficiary_id__isnull=False).values("beneficiary_id"))
            ),
            dirty,
        )
        dirty.delete()
    logger.info("stats journeys: %s dirty marks refreshed", claimed)
    return claimed


def rebuild():
    """Recompute every referral's journey and every month count, in one transaction under the refresh lock;
    returns the number of journeys."""
    from tremplin.referrals.models import Referral

    with transaction.atomic():
        _lock()
        ReferralJourneyDirty.objects.all().delete()
        ReferralJourney.objects.all().delete()
        written = _write(Referral.objects.all())
        referral_months.write(None)
    logger.info("stats journeys rebuilt: %s referrals", written)
    return written


def differences():
    """[(referral id, stored, computed)] where a stored journey (its steps and the site and month it is counted
    under) differs from the raw tables (after a refresh); [] when exact. The month counts: month_differences."""
    from tremplin.referrals.models import Referral

    refresh()
    fresh = computed(Referral.objects.all())
    stored = {
        row[0]: tuple(row[1:]) for row in ReferralJourney.objects.values_list("referral_id", *JOURNEY_STEPS, *SNAPSHOT)
    }
    return [
        (pk, stored.get(pk), fresh.get(pk))
        for pk in sorted(set(stored) | set(fresh), key=str)
        if stored.get(pk) != fresh.get(pk)
    ]


def month_differences():
    """[(site_id, month, partner_id, decline_reason, stored, computed)]: the month counts that differ from the
    referrals and their journeys (referral_months.differences), after a refresh."""
    refresh()
    return referral_months.differences()


def repair(referral_ids, months=()):
    """Rewrite the journeys of `referral_ids` with their old and new site-months, and the (site_id, month)
    pairs `months`."""
    from tremplin.referrals.models import Referral

    with transaction.atomic():
        _lock()
        written = _write_with_months(Referral.objects.filter(pk__in=list(referral_ids)))
        if months:
            referral_months.write(set(months))
        return written
