"""Exact stock counters (models/stock.py): the raw count they are checked against, and their rebuild."""

from django.db import connection, transaction
from django.db.models import Count

from ..models import Device, StockCount
from ..models.stock import KEY_FIELDS

tracking = StockCount.objects.tracking


def raw_counts():
    """{(site_id, status, category, grade): n} counted from the devices themselves."""
    rows = Device.objects.order_by().values(*KEY_FIELDS).annotate(n=Count("pk"))
    return {tuple(row[field] for field in KEY_FIELDS): row["n"] for row in rows}


def counter_values():
    rows = StockCount.objects.exclude(n=0).values_list(*KEY_FIELDS, "n")
    return {tuple(row[:4]): row[4] for row in rows}


def differences():
    """[(key, counter, raw)] where the counters and the devices disagree; [] when they are exact.

    Both are read from one snapshot (REPEATABLE READ on PostgreSQL, one read transaction on SQLite), so writes
    committed in between cannot show as differences."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counters, raw = counter_values(), raw_counts()
    return [
        (key, counters.get(key, 0), raw.get(key, 0))
        for key in sorted(set(counters) | set(raw))
        if counters.get(key, 0) != raw.get(key, 0)
    ]


@transaction.atomic
def rebuild():
    """Replace every counter by a count of the devices; returns the number of counters. Run it when no one
    writes devices (after a bulk load or a data migration)."""
    raw = raw_counts()
    StockCount.objects.all().delete()
    StockCount.objects.bulk_create(
        StockCount(site_id=site_id, status=status, category=category, grade=grade, n=n)
        for (site_id, status, category, grade), n in raw.items()
    )
    return len(raw)
