"""Query helpers shared by the blocks: the scoped activities, local day bounds, partners' people, medians."""

from contextlib import contextmanager
from datetime import date

from django.db import connection
from django.db.models import BigIntegerField, Func, Q

from tremplin.activities.models import Activity


def scoped_activities(scope, period, filters):
    """Activities (CRA) of the scope, period and filters — the base of the activity and people blocks."""
    qs = Activity.objects.filter(date__gte=period.start, date__lte=period.end)
    if scope.site_ids is not None:
        qs = qs.filter(site_id__in=scope.site_ids)
    if scope.partner_ids is not None:
        qs = qs.filter(_referred_by(scope.partner_ids))
    if filters.site_id:
        qs = qs.filter(site_id=filters.site_id)
    if filters.partner_id:
        qs = qs.filter(_referred_by({filters.partner_id}))
    if filters.mediator_id:
        qs = qs.filter(recorded_by_id=filters.mediator_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.thematique:
        # JSON list of national values: match the quoted value in its text form (portable SQLite/PostgreSQL).
        qs = qs.filter(thematiques__icontains=f'"{filters.thematique}"')
    return qs.order_by()


def _referred_by(partner_ids):
    """Activities of people a partner referred (individual: the person; collective: a named participant)."""
    from tremplin.referrals.models import Referral

    people = Referral.objects.filter(partner_id__in=partner_ids, beneficiary__isnull=False).values("beneficiary_id")
    return Q(beneficiary_id__in=people) | Q(
        pk__in=Activity.participants.through.objects.filter(beneficiary_id__in=people).values("activity_id")
    )


def _label(pairs, value):
    return str(dict(pairs).get(value, value))


def _local_bounds(period):
    """Aware datetimes [start, end) covering the period's days in the server's time zone."""
    from datetime import datetime, time

    from django.utils import timezone

    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end + date.resolution, time.min))
    return start, end


def _people_of_partners(partner_ids):
    from tremplin.referrals.models import Referral

    return Referral.objects.filter(partner_id__in=partner_ids, beneficiary__isnull=False).values("beneficiary_id")


def _median(values):
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def _days(later, earlier):
    return (later - earlier).total_seconds() / 86400


def _round(value):
    return None if value is None else round(value, 1)


def _as_date(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


@contextmanager
def without_jit():
    """Run the block's queries with PostgreSQL's JIT compilation off, then restore the session's setting.

    The correlated sub-plans (referral journeys, "already followed") are costed far above their real work, so
    PostgreSQL JIT-compiled them: EXPLAIN ANALYZE at 1,000,000 activities showed 3.5 s of JIT for 0.75 s of
    execution in the referral journeys query and 1.2 s for 2 s in the people query (docs/performance.md).
    Session-level (not SET LOCAL) so that the aggregates refresh keeps its own short transaction; inside a
    transaction that fails, the rollback undoes the setting itself. No effect on SQLite.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', false)")
        previous = cursor.fetchone()[0]
    try:
        yield
    finally:
        if not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('jit', %s, false)", [previous])


class Microseconds(Func):
    """later − earlier (two datetime expressions) in whole microseconds, as a bigint, exact on both engines.

    PostgreSQL: EXTRACT(EPOCH FROM interval) is an exact numeric. SQLite stores UTC text
    "YYYY-MM-DD HH:MM:SS[.ffffff]": whole seconds from strftime('%s') plus the microseconds read from the
    text, with built-in functions only — Django's own `django_timestamp_diff` is a Python function called
    per row (1.2 s to sort the 30,000 contact delays of a year at scale 2, against ≈ 0.1 s)."""

    output_field = BigIntegerField()
    template = "CAST(EXTRACT(EPOCH FROM (%(expressions)s)) * 1000000 AS bigint)"
    arg_joiner = " - "

    def as_sqlite(self, compiler, connection, **extra):
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        sql = (
            # substr(…, 1, 19): whole seconds (SQLite's own clock keeps milliseconds and would round .999999 up).
            f"((CAST(strftime('%%s', substr({later}, 1, 19)) AS INTEGER)"
            f" - CAST(strftime('%%s', substr({earlier}, 1, 19)) AS INTEGER)) * 1000000"
            f" + CAST(substr({later}, 21, 6) AS INTEGER) - CAST(substr({earlier}, 21, 6) AS INTEGER))"
        )
        return sql, (*later_params, *earlier_params, *later_params, *earlier_params)
