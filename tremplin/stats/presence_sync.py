"""Keeping the people presence rows and first accompaniments (presence.py) exact.

They ride on the activity aggregates' dirty site-months (aggregates_sync.py): every change of an activity
that the people block reads — its site, date, type, person (`beneficiary`) or named participants — marks its
site-month dirty in the writer's transaction, and the refresh that recomputes the site-month's aggregates
rewrites its presence rows in the same transaction, then the first accompaniments of every person who had or
has a row there. What else changes who an activity names:
- participants added or removed (m2m_changed on Activity.participants, either side): marked here;
- a person merge (the removed record's activities and participations move to the kept one by
  QuerySet.update): `resolve_merge`, registered with the merge as a duplicate resolver, marks the removed
  record's site-months and drops its derived rows before the move;
- a person deleted: their presence and first rows go with them (foreign keys, CASCADE); anonymisation keeps
  the record's id and relations, and the people block reads birth year and commune from the record itself.
Bulk writes that bypass the model (bulk_create of participants, QuerySet.update of beneficiary, SQL) must
call aggregates_sync.mark_dirty or run `manage.py rebuild_stats_aggregates`; the nightly
`check_stats_aggregates` compares the rows with the records and repairs.
"""

import json
import logging
import uuid
from datetime import date

from django.db import connection

from .aggregates import ActivityMonthDirty
from .presence import PersonMonthPresence, PersonMonthPrevious, PersonSiteFirst

logger = logging.getLogger("tremplin.stats")

COLUMNS = "beneficiary_id, site_id, month, kind, first_day"
# The person's fields copied onto PersonMonthPrevious (the people block's breakdowns).
PERSON_FIELDS = ("birth_year", "commune", "gender", "social_status")
MONTH_COLUMNS = "beneficiary_id, site_id, month, previous, " + ", ".join(PERSON_FIELDS)


def _tables():
    from tremplin.activities.models import Activity

    return (
        Activity._meta.db_table,
        Activity.participants.through._meta.db_table,
        PersonMonthPresence._meta.db_table,
        PersonSiteFirst._meta.db_table,
    )


def _month_sql():
    if connection.vendor == "postgresql":
        return "CAST(date_trunc('month', CAST(a.date AS timestamp)) AS date)"
    return "date(a.date, 'start of month')"


def select_sql(source, where):
    """SELECT (COLUMNS order) of the presence rows of the activities `a` in `source` matching `where`: the
    person of an individual record and every named participant, grouped per person, site, month and type.
    The parameters of `source` and `where` are needed twice (two passes joined by UNION ALL)."""
    _activities, through, _presence, _first = _tables()
    month = _month_sql()
    return (
        "SELECT x.beneficiary_id, x.site_id, x.month, x.kind, MIN(x.day) FROM ("  # noqa: S608
        f"SELECT a.beneficiary_id AS beneficiary_id, a.site_id AS site_id, {month} AS month, a.kind AS kind, "
        f"a.date AS day {source} WHERE {where} AND a.beneficiary_id IS NOT NULL "
        f"UNION ALL SELECT p.beneficiary_id, a.site_id, {month}, a.kind, a.date {source} "
        f"JOIN {through} p ON p.activity_id = a.id WHERE {where}"
        ") x GROUP BY x.beneficiary_id, x.site_id, x.month, x.kind"
    )


def _people(cursor, where, params):
    _activities, _through, presence, _first = _tables()
    cursor.execute(f"SELECT DISTINCT beneficiary_id FROM {presence} WHERE {where}", params)  # noqa: S608
    return {row[0] for row in cursor.fetchall()}


def recompute_firsts(people=None):
    """Rewrite the first accompaniments of `people` (ids; every person when None) from the presence rows."""
    _activities, _through, presence, first = _tables()
    insert = f"INSERT INTO {first} (beneficiary_id, site_id, first_day) SELECT beneficiary_id, site_id, MIN(first_day) "
    with connection.cursor() as cursor:
        if people is None:
            cursor.execute(f"DELETE FROM {first}")  # noqa: S608
            cursor.execute(f"{insert} FROM {presence} GROUP BY beneficiary_id, site_id")
            return
        people_sql, people_params = _people_in(people)
        cursor.execute(f"DELETE FROM {first} WHERE beneficiary_id {people_sql}", people_params)  # noqa: S608
        cursor.execute(
            f"{insert} FROM {presence} WHERE beneficiary_id {people_sql} GROUP BY beneficiary_id, site_id",
            people_params,
        )


def months_sql(source):
    """SELECT (MONTH_COLUMNS order) of the PersonMonthPrevious rows of the presence rows in `source` (a FROM
    item with beneficiary_id, site_id and month columns, its parameters needed twice): per site, then for the
    whole network (site null), each month with the person's previous month there and the person's fields."""
    from tremplin.people.models import Beneficiary

    people = Beneficiary._meta.db_table
    fields = ", ".join(f"b.{name}" for name in PERSON_FIELDS)
    per_site = "LAG(s.month) OVER (PARTITION BY s.beneficiary_id, s.site_id ORDER BY s.month)"
    return (
        f"SELECT s.beneficiary_id, s.site_id, s.month, {per_site}, {fields} "  # noqa: S608 - table names only
        f"FROM (SELECT DISTINCT beneficiary_id, site_id, month FROM {source}) s "
        f"JOIN {people} b ON b.id = s.beneficiary_id UNION ALL "
        "SELECT n.beneficiary_id, NULL, n.month, LAG(n.month) OVER (PARTITION BY n.beneficiary_id ORDER BY n.month), "
        f"{fields} FROM (SELECT DISTINCT beneficiary_id, month FROM {source}) n "
        f"JOIN {people} b ON b.id = n.beneficiary_id"
    )


def recompute_months(people=None):
    """Rewrite the PersonMonthPrevious rows of `people` (ids; every person when None) from the presence rows."""
    if people is not None and not people:
        return
    _activities, _through, presence, _first = _tables()
    table = PersonMonthPrevious._meta.db_table
    insert = f"INSERT INTO {table} ({MONTH_COLUMNS}) "
    with connection.cursor() as cursor:
        if people is None:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            cursor.execute(insert + months_sql(presence))
            return
        people_sql, people_params = _people_in(people)
        cursor.execute(f"DELETE FROM {table} WHERE beneficiary_id {people_sql}", people_params)  # noqa: S608
        cursor.execute(insert + months_sql(f"{presence} WHERE beneficiary_id {people_sql}"), people_params * 2)


def recompute_people(people=None):
    """The first accompaniments and the months with their previous month of `people` (None: everyone)."""
    recompute_firsts(people)
    recompute_months(people)


def _people_in(people):
    """(SQL, params) of "IN the set `people`" (person ids) with ONE parameter whatever their number: an array
    on PostgreSQL, a JSON list read by json_each on SQLite. A list of placeholders cut in chunks (SQLite's
    old 999-parameter bound) made the refresh after a migration or a bulk change cost two queries per 500
    people, so the dashboard's query count grew with the data (issue #14)."""
    field = PersonSiteFirst._meta.get_field("beneficiary")
    ids = sorted({field.get_db_prep_value(_uuid(pk), connection) for pk in people}, key=str)
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [ids]
    return "IN (SELECT value FROM json_each(%s))", [json.dumps([str(pk) for pk in ids])]


def refresh_claimed(token, source):
    """Rewrite the presence rows of the site-months claimed by `token` (inside aggregates_sync.refresh's
    transaction and lock) from the activities of `source` (the claimed site-months joined to the records),
    then the first accompaniments of the people concerned."""
    _activities, _through, presence, _first = _tables()
    dirty = ActivityMonthDirty._meta.db_table
    claimed = (
        f"EXISTS (SELECT 1 FROM {dirty} d WHERE d.claim = %s AND d.site_id = {presence}.site_id "  # noqa: S608
        f"AND d.month = {presence}.month)"
    )
    with connection.cursor() as cursor:
        people = _people(cursor, claimed, [token])
        cursor.execute(f"DELETE FROM {presence} WHERE {claimed}", [token])  # noqa: S608
        cursor.execute(f"INSERT INTO {presence} ({COLUMNS}) {select_sql(source, '1 = 1')}", [token, token])
        people |= _people(cursor, claimed, [token])
    recompute_people(people)


def _range_where(start, end, site_ids, column="month"):
    where, params = f"{column} >= %s AND {column} <= %s", [start, end]
    if site_ids is not None:
        where += f" AND site_id IN ({', '.join(str(int(pk)) for pk in site_ids) or '0'})"
    return where, params


def rebuild(start, end, site_ids=None, everything=False):
    """Rewrite the presence rows of the whole months [start, end] (first days of months) from the records and
    the first accompaniments of the people concerned (of everyone with `everything`). Runs inside
    aggregates_sync.rebuild's transaction and lock."""
    activities, _through, presence, _first = _tables()
    stored_where, stored_params = _range_where(start, end, site_ids)
    raw_where, raw_params = _range_where(start, _last_day(end), site_ids, column="a.date")
    raw_where = raw_where.replace("site_id IN", "a.site_id IN")
    with connection.cursor() as cursor:
        people = set() if everything else _people(cursor, stored_where, stored_params)
        if everything:
            stored_where, stored_params = "1 = 1", []
        cursor.execute(f"DELETE FROM {presence} WHERE {stored_where}", stored_params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {presence} ({COLUMNS}) {select_sql(f'FROM {activities} a', raw_where)}", raw_params * 2
        )
        if not everything:
            people |= _people(cursor, stored_where, stored_params)
    recompute_people(None if everything else people)


def _last_day(month):
    from .aggregates_sync import month_last_day

    return month_last_day(month)


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def _uuid(value):
    """SQLite returns a raw uuid column as 32 hex digits, the ORM and PostgreSQL as a UUID."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def differences(start, end, site_ids=None):
    """[(what, key, stored, computed)] where the presence rows of the whole months covering [start, end], or
    any first accompaniment, differ from the records; [] when exact. Call after aggregates_sync.refresh()."""
    activities, through, _presence, _first = _tables()
    from .aggregates_sync import month_last_day, month_start

    start, end = month_start(start), month_last_day(end)
    raw_where, raw_params = _range_where(start, end, site_ids, column="a.date")
    raw_where = raw_where.replace("site_id IN", "a.site_id IN")
    found = []
    with connection.cursor() as cursor:
        cursor.execute(select_sql(f"FROM {activities} a", raw_where), raw_params * 2)
        computed = {(_uuid(p), s, _as_date(m), k): _as_date(d) for p, s, m, k, d in cursor.fetchall()}
    rows = PersonMonthPresence.objects.filter(month__gte=start, month__lte=end)
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    stored = {(_uuid(p), s, m, k): d for p, s, m, k, d in rows.values_list(*(c.strip() for c in COLUMNS.split(",")))}
    for key in sorted(set(stored) | set(computed), key=str):
        if stored.get(key) != computed.get(key):
            found.append(("presence", key, stored.get(key), computed.get(key)))
    # First accompaniments: the whole history, straight from the records.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT x.beneficiary_id, x.site_id, MIN(x.day) FROM ("  # noqa: S608
            f"SELECT a.beneficiary_id AS beneficiary_id, a.site_id AS site_id, a.date AS day FROM {activities} a "
            f"WHERE a.beneficiary_id IS NOT NULL UNION ALL SELECT p.beneficiary_id, a.site_id, a.date "
            f"FROM {activities} a JOIN {through} p ON p.activity_id = a.id) x GROUP BY x.beneficiary_id, x.site_id"
        )
        computed = {(_uuid(p), s): _as_date(d) for p, s, d in cursor.fetchall()}
    stored = {
        (_uuid(p), s): d for p, s, d in PersonSiteFirst.objects.values_list("beneficiary_id", "site_id", "first_day")
    }
    for key in sorted(set(stored) | set(computed), key=str):
        if stored.get(key) != computed.get(key):
            found.append(("first", key, stored.get(key), computed.get(key)))
    return found + _month_differences(activities)


def _month_differences(activities):
    """The PersonMonthPrevious rows against the records and the people (whole history): ("month", (person, site
    or None, month), stored (previous, *person fields), computed)."""
    records = f"({select_sql(f'FROM {activities} a', '1 = 1')}) r"
    with connection.cursor() as cursor:
        cursor.execute(months_sql(records))
        computed = {(_uuid(p), s, _as_date(m)): (_as_date(v), *rest) for p, s, m, v, *rest in cursor.fetchall()}
    stored = {}
    for p, s, m, *rest in PersonMonthPrevious.objects.values_list(*(c.strip() for c in MONTH_COLUMNS.split(","))):
        key = (_uuid(p), s, m)
        # A duplicate row is a difference too (the table has no unique constraint: its site may be null).
        stored[key] = "duplicate" if key in stored else tuple(rest)
    return [
        ("month", key, stored.get(key, "missing"), computed.get(key, "missing"))
        for key in sorted(set(stored) | set(computed), key=str)
        if stored.get(key, "missing") != computed.get(key, "missing")
    ]


# --------------------------------------------------------------------------------------------------------
# Marking what the activity signals do not see


def _mark_activities(activity_ids):
    from tremplin.activities.models import Activity

    from .aggregates_sync import mark_dirty

    ids = list(activity_ids or ())
    if ids:
        mark_dirty(Activity._base_manager.filter(pk__in=ids).values_list("site_id", "date"))


def on_participants_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Named participants added, removed or cleared, from the activity's side or the person's."""
    from tremplin.activities.models import Activity

    from .aggregates_sync import mark_dirty

    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    if not reverse:
        if action != "pre_clear" and instance.pk:
            mark_dirty([(instance.site_id, Activity._meta.get_field("date").to_python(instance.date))])
        return
    if action == "pre_clear":  # the person's participations are about to go: mark them while they are known
        _mark_activities(sender.objects.filter(beneficiary_id=instance.pk).values_list("activity_id", flat=True))
    elif action in ("post_add", "post_remove"):
        _mark_activities(pk_set)


def resolve_merge(keep, remove):
    """Duplicate resolver of the people room's merge (runs inside it, before the relations move): the
    removed record's presence and first rows are derived data, so instead of moving (and clashing with the
    kept record's), every site-month where the removed record was present is marked dirty and its rows are
    deleted; the refresh then writes the kept record's rows from the moved activities. Pending marks cover
    the site-months not refreshed yet."""
    from .aggregates_sync import mark_dirty

    rows = PersonMonthPresence.objects.filter(beneficiary_id=remove.pk)
    mark_dirty(list(rows.values_list("site_id", "month").distinct()))
    rows.delete()
    PersonSiteFirst.objects.filter(beneficiary_id=remove.pk).delete()
    PersonMonthPrevious.objects.filter(beneficiary_id=remove.pk).delete()


def on_person_saved(sender, instance, created=False, update_fields=None, **kwargs):
    """A person's record saved (edit, anonymisation, merge): their months take the breakdown fields again. Writes
    that bypass save() (QuerySet.update of these fields, SQL) are found and repaired by the nightly check."""
    if created or (update_fields is not None and not set(update_fields) & set(PERSON_FIELDS)):
        return
    PersonMonthPrevious.objects.filter(beneficiary_id=instance.pk).update(
        **{name: getattr(instance, name) for name in PERSON_FIELDS}
    )


def connect():
    from django.db.models.signals import m2m_changed, post_save

    from tremplin.people.models import Beneficiary

    post_save.connect(on_person_saved, sender=Beneficiary, dispatch_uid="stats.presence.person")

    from tremplin.activities.models import Activity

    m2m_changed.connect(
        on_participants_changed, sender=Activity.participants.through, dispatch_uid="stats.presence.participants"
    )
    from tremplin.people.services.merge import register_duplicate_resolver

    register_duplicate_resolver(PersonMonthPresence, resolve_merge, derived=True)
    register_duplicate_resolver(PersonSiteFirst, resolve_merge, derived=True)
    register_duplicate_resolver(PersonMonthPrevious, resolve_merge, derived=True)
