"""Read-only aggregates for the stock dashboard and the donor report (no personal data)."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import IN_STOCK_LIST, IN_STOCK_STATUSES, Category, Device, Grade, RechargeCode, Status, StockCount
from ..models.stock import ALL

AGE_BUCKETS = [(0, 30), (30, 90), (90, 180), (180, None)]


def _labelled(rows, key, choices):
    """Rows in the order of `choices` (workflow order for statuses), with their value and French label."""
    order = {value: index for index, (value, _label) in enumerate(choices)}
    labels = dict(choices)
    rows = sorted(rows, key=lambda row: order.get(row[key], len(order)))
    return [{"key": row[key], "label": labels.get(row[key], row[key] or "—"), "n": row["n"]} for row in rows]


def counter_rows(site_ids=None):
    """The stock counters (models/stock.py) of `site_ids`, summed over the sites by (status, category, grade) in
    the database: at most statuses × categories × grades rows, whatever the number of devices. For every site
    (None) the network's rollup rows are read as they are (one per key), not the sites' rows summed."""
    if site_ids is None:
        rows = StockCount.objects.filter(site__isnull=True, n__gt=0)
        return list(rows.values("status", "category", "grade", "n"))
    rows = StockCount.objects.filter(site_id__in=site_ids, n__gt=0).exclude(category=ALL)
    return list(rows.values("status", "category", "grade").annotate(n=Sum("n")).order_by())


def site_rows(site_ids=None):
    """In stock, available and sold per site, from each site's rollup rows per status (models/stock.py): one row
    per site holding devices, at most statuses rows read per site."""
    counted = {
        "in_stock": Q(status__in=IN_STOCK_LIST),
        "available": Q(status=Status.AVAILABLE),
        "sold": Q(status=Status.SOLD),
    }
    rows = StockCount.objects.filter(category=ALL, site__isnull=False, n__gt=0)
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    rows = (
        rows.values("site__name", "site__code")
        .annotate(**{key: Coalesce(Sum("n", filter=condition), 0) for key, condition in counted.items()})
        .order_by()
    )
    return sorted(rows, key=lambda row: (row["site__name"], row["site__code"]))  # Python's order, not the collation's


def _totals(rows, key):
    totals = defaultdict(int)
    for row in rows:
        totals[row[key]] += row["n"]
    return [{key: value, "n": n} for value, n in totals.items()]


def stock_summary(rows, devices):
    """Counts by status, category, grade (in stock) and age in stock.

    `rows`: counter_rows() of the scope (by status, category, grade); `devices`: the same scope's devices, read
    only for the ages (the devices received in the last 180 days, from `device_stock_age_idx` or, for some sites,
    `device_site_stock_age_idx`; older ones are the rest of the stock)."""
    in_stock_rows = [row for row in rows if row["status"] in IN_STOCK_STATUSES]
    in_stock = sum(row["n"] for row in in_stock_rows)
    now = timezone.now()
    recent_since = now - timedelta(days=AGE_BUCKETS[-1][0])
    age_filters = {}
    for low, high in AGE_BUCKETS[:-1]:
        condition = Q(received_at__lte=now - timedelta(days=low), received_at__gt=now - timedelta(days=high))
        # COUNT(received_at), not COUNT(id): a column of the index, so both engines read the index only.
        age_filters[f"age_{low}"] = Count("received_at", filter=condition)
    ages = devices.filter(status__in=IN_STOCK_LIST, received_at__gt=recent_since).aggregate(
        recent=Count("received_at"), **age_filters
    )
    ages[f"age_{AGE_BUCKETS[-1][0]}"] = in_stock - ages.pop("recent")
    return {
        "by_status": _labelled(_totals(rows, "status"), "status", Status.choices),
        "by_category": _labelled(_totals(in_stock_rows, "category"), "category", Category.choices),
        "by_grade": _labelled(  # Premium, A, B, C, non vendable
            _totals([row for row in in_stock_rows if row["grade"]], "grade"), "grade", Grade.choices
        ),
        "by_age": [{"low": low, "high": high, "n": ages[f"age_{low}"]} for low, high in AGE_BUCKETS],
        "in_stock": in_stock,
    }


SALES_DAYS = 30


def sales_summary(devices, codes=None, days=SALES_DAYS):
    """What left the stock as sales over the last `days` days: devices per category, recharge codes per offer.

    Devices are sold by the till (mark_sold) and recharge codes claimed by it; `codes` is None for users
    who do not see the code stock. Counts only: no amounts, no person.
    """
    since = timezone.now() - timedelta(days=days)
    sold = devices.filter(status=Status.SOLD, sold_at__gte=since)
    devices_rows = _labelled(_sold_by_category(sold), "category", Category.choices)
    summary = {
        "days": days,
        "devices": devices_rows,
        "devices_total": sum(row["n"] for row in devices_rows),
        "codes": None,
        "codes_total": 0,
    }
    if codes is not None:
        by_product = (
            codes.filter(status=RechargeCode.Status.SOLD, sold_at__gte=since)
            .values("product__name")
            .annotate(n=Count("pk"))
            .order_by("product__name")
        )
        summary["codes"] = [{"label": row["product__name"], "n": row["n"]} for row in by_product]
        summary["codes_total"] = sum(row["n"] for row in summary["codes"])
    return summary


def _sold_by_category(sold):
    """[{"category", "n"}] of the categories sold, n > 0, counted in one row of FILTERed counts from the sales index
    (device_sales_idx / device_site_sales_idx, index-only): a GROUP BY category made SQLite walk an index in
    category order (every sold device of the scope, with its table row: 53 ms at the bench's scale 2) to spare
    itself a sort of six groups. COUNT(category), not COUNT(id): a column of the index."""
    counts = sold.aggregate(
        total=Count("category"), **{value: Count("category", filter=Q(category=value)) for value in Category.values}
    )
    total = counts.pop("total")
    if sum(counts.values()) != total:  # a category outside the choices (written around the forms): group them all
        return sold.values("category").annotate(n=Count("category")).order_by("category")
    return [{"category": value, "n": n} for value, n in counts.items() if n]


def donor_report(batches):
    """Per batch: devices received, refurbished (reached a post-erasure status), sold, recycled or parts."""
    refurbished = [Status.REFURBISHED, Status.GRADED, Status.AVAILABLE, Status.RESERVED, Status.SOLD]
    return (
        batches.select_related("donor", "site")
        .annotate(
            received=Count("devices"),
            refurbished=Count("devices", filter=Q(devices__status__in=refurbished)),
            sold=Count("devices", filter=Q(devices__status=Status.SOLD)),
            recycled=Count("devices", filter=Q(devices__status__in=[Status.RECYCLED, Status.PARTS])),
        )
        .order_by("donor__name", "-received_on")
    )


def devices_scope(user):
    return Device.objects.visible_to(user)
