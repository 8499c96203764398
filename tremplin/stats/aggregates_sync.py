"""Keeping the monthly activity aggregates (aggregates.py) exact: dirty marks, refresh, rebuild, check.

- Every save or delete of an Activity marks its site-month dirty (the old one too when the site or the date
  changes), in the writer's transaction, through the model's signals (connected by StatsConfig.ready): the
  quick entry, corrections, the attendance sheet and diagnostics (activities/services.py), the admin, the
  demo data — any path that goes through Model.save()/delete(). The people presence rows (presence.py) ride on
  the same marks: a change of the person or of the participants marks the site-month too, and so does a
  person merge (presence_sync.py); the refresh rewrites both in one transaction.
- Writes that bypass the signals (bulk_create, QuerySet.update of an aggregated field, raw SQL, a restored
  backup) must call `mark_dirty` / `mark_range_dirty`, or run `manage.py rebuild_stats_aggregates`.
- `refresh()` runs before every read: one cheap query when nothing is dirty; otherwise, in one transaction
  under a lock (PostgreSQL advisory lock; SQLite writers are serialised anyway), it claims the committed
  marks, deletes their site-months' rows and recomputes them from the raw records with one INSERT … SELECT
  (then their presence rows and the first accompaniments of their people, presence_sync.refresh_claimed),
  then deletes the claimed marks. A mark committed meanwhile is not claimed and waits for the next refresh.
- `rebuild(start, end)` recomputes whole months from the raw records; `differences(start, end)` compares the
  stored rows with a fresh computation (the nightly check, `rebuild_stats_aggregates --check`).
"""

import logging
import uuid
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from . import presence_sync
from .aggregates import ActivityMonthAggregate, ActivityMonthDirty
from .presence import PersonMonthPresence, PersonMonthPrevious, PersonSiteFirst

logger = logging.getLogger("tremplin.stats")

# The Activity fields the aggregates read: a save limited to other fields (update_fields) marks nothing.
AGGREGATED_FIELDS = frozenset(
    {"site", "site_id", "date", "kind", "duration", "thematiques", "equipment", "autonomy", "place"}
    | {"participant_count", "anonymous_age_bands", "beneficiary", "beneficiary_id"}
)
LOCK_KEY = 7_461_823_117  # pg_advisory_xact_lock key of the refresh (any constant unique to this use)
COLUMNS = "site_id, month, kind, dimension, value, activities, participants, minutes"


def month_start(day):
    return day.replace(day=1)


def month_last_day(day):
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def month_split(start, end):
    """((first whole month, first day of the last whole month) or None, [raw (start, end) day ranges]).

    The whole calendar months inside [start, end] are read from the aggregates, the other days raw."""
    first = start if start.day == 1 else month_last_day(start) + timedelta(days=1)
    last = end if end == month_last_day(end) else month_start(end) - timedelta(days=1)
    if first > last:
        return None, [(start, end)]
    ranges = []
    if start < first:
        ranges.append((start, first - timedelta(days=1)))
    if last < end:
        ranges.append((last + timedelta(days=1), end))
    return (first, month_start(last)), ranges


# --------------------------------------------------------------------------------------------------------
# Marking


def mark_dirty(keys):
    """Mark the site-months of (site_id, day) pairs dirty (one INSERT)."""
    months = {(site_id, month_start(day)) for site_id, day in keys if site_id and day}
    ActivityMonthDirty.objects.bulk_create(
        [ActivityMonthDirty(site_id=site_id, month=month, last_day=month_last_day(month)) for site_id, month in months]
    )


def mark_range_dirty(start, end, site_ids=None):
    """Mark every site-month between two days dirty (after a bulk write that bypassed the signals)."""
    from tremplin.network.models import Site

    sites = site_ids if site_ids is not None else Site.objects.values_list("pk", flat=True)
    keys = []
    month = month_start(start)
    while month <= end:
        keys.extend((site_id, month) for site_id in sites)
        month = month_last_day(month) + timedelta(days=1)
    mark_dirty(keys)


def _key(instance):
    from tremplin.activities.models import Activity

    day = Activity._meta.get_field("date").to_python(instance.date)
    return instance.site_id, day


def _touches_aggregates(update_fields):
    return update_fields is None or bool(AGGREGATED_FIELDS & set(update_fields))


def before_activity_save(sender, instance, update_fields=None, **kwargs):
    instance._stats_old_key = None
    if instance.pk is not None and _touches_aggregates(update_fields):
        instance._stats_old_key = sender._base_manager.filter(pk=instance.pk).values_list("site_id", "date").first()


def after_activity_save(sender, instance, update_fields=None, **kwargs):
    if not _touches_aggregates(update_fields):
        return
    keys = [_key(instance)]
    old = getattr(instance, "_stats_old_key", None)
    if old and old != keys[0]:
        keys.append(old)
    mark_dirty(keys)


def after_activity_delete(sender, instance, **kwargs):
    mark_dirty([_key(instance)])


def connect():
    from django.db.models.signals import post_delete, post_save, pre_save

    from tremplin.activities.models import Activity

    pre_save.connect(before_activity_save, sender=Activity, dispatch_uid="stats.aggregates.pre_save")
    post_save.connect(after_activity_save, sender=Activity, dispatch_uid="stats.aggregates.post_save")
    post_delete.connect(after_activity_delete, sender=Activity, dispatch_uid="stats.aggregates.post_delete")
    presence_sync.connect()


# --------------------------------------------------------------------------------------------------------
# Computing from the raw records


def _month_sql():
    if connection.vendor == "postgresql":
        return "CAST(date_trunc('month', CAST(a.date AS timestamp)) AS date)"
    return "date(a.date, 'start of month')"


def _elements_sql(field_name):
    """A join giving one row `e.value` per element of the activity's JSON list (nothing if not a list)."""
    if connection.vendor == "postgresql":
        return (
            f"CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.{field_name}) = 'array' "
            f"THEN a.{field_name} ELSE '[]'::jsonb END) AS e(value)"
        )
    return f"CROSS JOIN json_each(CASE WHEN json_type(a.{field_name}) = 'array' THEN a.{field_name} ELSE '[]' END) AS e"


def _bucket_sql():
    from .figures.activities import DURATION_BUCKETS

    whens = []
    for key, low, high in DURATION_BUCKETS:
        conditions = [f"a.duration >= {int(low)}"] if low else []
        if high is not None:
            conditions.append(f"a.duration < {int(high)}")
        whens.append(f"WHEN {' AND '.join(conditions) or '1 = 1'} THEN '{key}'")
    return f"CASE {' '.join(whens)} END"


def _bands_sql():
    """A join giving one row (e.key, e.value) per band of a collective activity's anonymous_age_bands."""
    if connection.vendor == "postgresql":
        return (
            "CROSS JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(a.anonymous_age_bands) = 'object' "
            "THEN a.anonymous_age_bands ELSE '{}'::jsonb END) AS e(key, value)"
        )
    return (
        "CROSS JOIN json_each(CASE WHEN json_type(a.anonymous_age_bands) = 'object' "
        "THEN a.anonymous_age_bands ELSE '{}' END) AS e"
    )


PASSES = 9  # UNION ALL parts of select_sql: its parameters are repeated once per part


def select_sql(source, where):
    """SELECT of every aggregate row (COLUMNS order) of the activities `a` in `source` matching `where`.

    Nine grouped passes joined by UNION ALL: totals, duration range, place, autonomy, then one row per
    distinct element of the thématiques and equipment lists; for the people block, "nommes" (value
    "individuel": the records naming their person; "participants": activities holds the number of named
    participants) and "anonymes" (value: the Coop age band; activities holds the sum of the anonymous
    participants counted in that band on collective records). Only code constants are formatted in."""
    from tremplin.activities.models import Activity

    month = _month_sql()
    sums = "COUNT(*), SUM(a.participant_count), SUM(a.duration)"
    group = f"a.site_id, {month}, a.kind"
    parts = []
    for dimension, value in (("", "''"), ("duree", _bucket_sql()), ("lieu", "a.place"), ("autonomie", "a.autonomy")):
        parts.append(
            f"SELECT a.site_id, {month}, a.kind, '{dimension}', {value}, {sums} {source} WHERE {where} "
            f"GROUP BY {group}" + (f", {value}" if dimension else "")
        )
    for dimension, field_name in (("thematique", "thematiques"), ("materiel", "equipment")):
        parts.append(
            "SELECT s.site_id, s.month, s.kind, '" + dimension + "', s.value, COUNT(*), SUM(s.participant_count), "  # noqa: S608
            "SUM(s.duration) FROM (SELECT DISTINCT a.id, a.site_id, " + month + " AS month, a.kind, "
            "a.participant_count, a.duration, e.value AS value " + source + " " + _elements_sql(field_name) + " "
            "WHERE " + where + ") s GROUP BY s.site_id, s.month, s.kind, s.value"
        )
    through = Activity.participants.through._meta.db_table
    parts.append(
        f"SELECT a.site_id, {month}, a.kind, 'nommes', 'individuel', {sums} {source} "
        f"WHERE {where} AND a.beneficiary_id IS NOT NULL GROUP BY {group}"
    )
    parts.append(
        f"SELECT a.site_id, {month}, a.kind, 'nommes', 'participants', COUNT(*), 0, 0 {source} "
        f"JOIN {through} p ON p.activity_id = a.id WHERE {where} GROUP BY {group}"
    )
    parts.append(
        f"SELECT a.site_id, {month}, a.kind, 'anonymes', e.key, SUM(CAST(e.value AS integer)), 0, 0 {source} "
        f"{_bands_sql()} WHERE {where} AND a.kind = 'collectif' GROUP BY {group}, e.key"
    )
    return " UNION ALL ".join(parts)


def _insert(source, where, params):
    table = ActivityMonthAggregate._meta.db_table
    sql = f"INSERT INTO {table} ({COLUMNS}) {select_sql(source, where)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params) * PASSES)
        return cursor.rowcount


def _activity_table():
    from tremplin.activities.models import Activity

    return Activity._meta.db_table


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


# --------------------------------------------------------------------------------------------------------
# Refresh, rebuild, check


def refresh():
    """Recompute the dirty site-months; returns how many marks were processed (one query when none)."""
    if not ActivityMonthDirty.objects.exists():
        return 0
    with transaction.atomic():
        _lock()
        token = uuid.uuid4().hex
        claimed = ActivityMonthDirty.objects.filter(claim="").update(claim=token)
        if not claimed:
            return 0
        dirty = ActivityMonthDirty.objects.filter(claim=token)
        ActivityMonthAggregate.objects.filter(
            Exists(dirty.filter(site_id=OuterRef("site_id"), month=OuterRef("month")))
        ).delete()
        dirty_table = ActivityMonthDirty._meta.db_table
        source = (
            f"FROM (SELECT DISTINCT site_id, month, last_day FROM {dirty_table} WHERE claim = %s) d "  # noqa: S608
            f"JOIN {_activity_table()} a ON a.site_id = d.site_id AND a.date >= d.month AND a.date <= d.last_day"
        )
        # The claim token is the one parameter of each pass: in `source`, before `where`.
        _insert(source, "1 = 1", [token])
        presence_sync.refresh_claimed(token, source)
        dirty.delete()
    logger.info("stats aggregates: %s dirty site-month marks refreshed", claimed)
    return claimed


def _range_where(start, end, site_ids):
    where, params = "a.date >= %s AND a.date <= %s", [start, end]
    if site_ids is not None:
        ids = [int(pk) for pk in site_ids] or [0]
        where += f" AND a.site_id IN ({', '.join(str(pk) for pk in ids)})"
    return where, params


def _stored(start, end, site_ids):
    rows = ActivityMonthAggregate.objects.filter(month__gte=month_start(start), month__lte=end)
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    return rows


def activity_bounds():
    """(first, last) day holding activities or stored aggregates (today when there are none)."""
    from django.db.models import Max, Min

    from tremplin.activities.models import Activity

    found = Activity.objects.order_by().aggregate(first=Min("date"), last=Max("date"))
    stored = ActivityMonthAggregate.objects.order_by().aggregate(first=Min("month"), last=Max("month"))
    firsts = [day for day in (found["first"], stored["first"]) if day]
    lasts = [day for day in (found["last"], stored["last"]) if day]
    today = date.today()
    return min(firsts, default=today), max(lasts, default=today)


def rebuild(start=None, end=None, site_ids=None):
    """Recompute the aggregates of the whole months covering [start, end] (default: every record) from the
    raw records, in one transaction under the refresh lock; returns the number of rows written."""
    everything = site_ids is None and start is None and end is None
    with transaction.atomic():
        _lock()
        if start is None or end is None:
            first, last = activity_bounds()
            start, end = start or first, end or last
        start, end = month_start(start), month_last_day(end)
        # The marks of the site-months rebuilt here are done with: left behind, the first read after
        # `rebuild_stats_aggregates` recomputed them all again (456 queries and seconds at scale 2). Deleted
        # BEFORE the recomputation, so that a writer committing meanwhile keeps its mark for the next refresh.
        marks = ActivityMonthDirty.objects.filter(claim="", month__gte=start, month__lte=end)
        (marks if site_ids is None else marks.filter(site_id__in=site_ids)).delete()
        _stored(start, end, site_ids).delete()
        where, params = _range_where(start, end, site_ids)
        written = _insert(f"FROM {_activity_table()} a", where, params)
        presence_sync.rebuild(start, month_start(end), site_ids, everything=everything)
    if everything:
        analyze()
    logger.info("stats aggregates rebuilt from %s to %s: %s rows", start, end, written)
    return written


def analyze():
    """Refresh the planner's statistics of the stored tables after rewriting them all: a table filled since its
    last ANALYZE is planned as nearly empty (PostgreSQL's autovacuum catches up later; SQLite never does). At
    1,000,000 activities the people block's grouped read of PersonMonthPrevious, planned for 7 rows, sorted
    80,000 on disk: 0.58 s instead of 0.1 s."""
    models = (ActivityMonthAggregate, PersonMonthPresence, PersonSiteFirst, PersonMonthPrevious)
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def _fresh(start, end, site_ids):
    where, params = _range_where(start, end, site_ids)
    with connection.cursor() as cursor:
        cursor.execute(select_sql(f"FROM {_activity_table()} a", where), list(params) * PASSES)
        return {tuple(row[:5]): tuple(row[5:]) for row in cursor.fetchall()}


def differences(start, end, site_ids=None):
    """[(site, month, kind, dimension, value, stored, computed)] where the stored aggregates of the whole
    months covering [start, end] differ from the raw records (after a refresh); [] when exact."""
    refresh()
    start, end = month_start(start), month_last_day(end)
    computed = {}
    for (site_id, month, kind, dimension, value), sums in _fresh(start, end, site_ids).items():
        month = date.fromisoformat(month) if isinstance(month, str) else month
        computed[(site_id, month, kind, dimension, value)] = tuple(int(v or 0) for v in sums)
    stored = {
        (site_id, month, kind, dimension, value): (activities, participants, minutes)
        for site_id, month, kind, dimension, value, activities, participants, minutes in _stored(
            start, end, site_ids
        ).values_list("site_id", "month", "kind", "dimension", "value", "activities", "participants", "minutes")
    }
    return [
        (*key, stored.get(key), computed.get(key))
        for key in sorted(set(stored) | set(computed), key=str)
        if stored.get(key) != computed.get(key)
    ]
