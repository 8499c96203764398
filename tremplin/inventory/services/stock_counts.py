"""Exact stock counters (models/stock.py): the raw count they are checked against, and their rebuild."""

from django.db import connection, transaction
from django.db.models import Count

from ..models import Device, StockCount
from ..models.stock import ALL, KEY_FIELDS, with_rollups

tracking = StockCount.objects.tracking


def raw_counts():
    """{(site_id, status, category, grade): n} counted from the devices themselves."""
    rows = Device.objects.order_by().values(*KEY_FIELDS).annotate(n=Count("pk"))
    return {tuple(row[field] for field in KEY_FIELDS): row["n"] for row in rows}


def device_rows():
    """The counters of (site, status, category, grade), without the rollups (models/stock.py)."""
    return StockCount.objects.filter(site__isnull=False).exclude(category=ALL)


def counter_values():
    """{(site_id, status, category, grade): n} of the per-device-key counters (the rollups left out)."""
    rows = device_rows().exclude(n=0).values_list(*KEY_FIELDS, "n")
    return {tuple(row[:4]): row[4] for row in rows}


def all_counter_values():
    """Every non-zero counter, rollups included ({key: n}; a network row's site is None)."""
    rows = StockCount.objects.exclude(n=0).values_list(*KEY_FIELDS, "n")
    return {tuple(row[:4]): row[4] for row in rows}


def _sort_key(key):
    return (key[0] is not None, key[0] or 0, *key[1:])


def _snapshot():
    """(every counter, rollups included; the raw count spread over the same levels), read in one snapshot
    (REPEATABLE READ on PostgreSQL, one read transaction on SQLite), so that writes committed in between cannot
    show as differences."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counters, raw = all_counter_values(), raw_counts()
    return counters, {key: n for key, n in with_rollups(raw).items() if n}


def _compare(counters, raw, keep):
    keys = sorted((key for key in set(counters) | set(raw) if keep(key)), key=_sort_key)
    return [(key, counters.get(key, 0), raw.get(key, 0)) for key in keys if counters.get(key, 0) != raw.get(key, 0)]


def is_rollup(key):
    return key[0] is None or key[2] == ALL


def differences():
    """[(key, counter, raw)] where the counters of (site, status, category, grade) and the devices disagree; []
    when they are exact (the rollups: rollup_differences())."""
    counters, raw = _snapshot()
    return _compare(counters, raw, lambda key: not is_rollup(key))


def rollup_differences():
    """[(key, counter, raw)] where a rollup (models/stock.py) and the devices disagree: a network row's key has
    None as its site, a site's row per status ALL ("") as its category and grade."""
    counters, raw = _snapshot()
    return _compare(counters, raw, is_rollup)


@transaction.atomic
def rebuild():
    """Replace every counter and rollup by a count of the devices; returns the number of counters. Run it when
    no one writes devices (after a bulk load or a data migration)."""
    raw = {key: n for key, n in with_rollups(raw_counts()).items() if n}
    StockCount.objects.all().delete()
    StockCount.objects.bulk_create(
        StockCount(site_id=site_id, status=status, category=category, grade=grade, n=n)
        for (site_id, status, category, grade), n in raw.items()
    )
    return len(raw)
