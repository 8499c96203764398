"""Read-only aggregates for the stock dashboard and the donor report (no personal data)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from ..models import IN_STOCK_STATUSES, Category, Device, Grade, RechargeCode, Status

AGE_BUCKETS = [(0, 30), (30, 90), (90, 180), (180, None)]


def _labelled(rows, key, choices):
    """Rows in the order of `choices` (workflow order for statuses), with their value and French label."""
    order = {value: index for index, (value, _label) in enumerate(choices)}
    labels = dict(choices)
    rows = sorted(rows, key=lambda row: order.get(row[key], len(order)))
    return [{"key": row[key], "label": labels.get(row[key], row[key] or "—"), "n": row["n"]} for row in rows]


def stock_summary(devices):
    """Counts by status, category, grade (in stock) and age in stock for a device queryset."""
    in_stock = devices.filter(status__in=IN_STOCK_STATUSES)
    by_status = devices.values("status").annotate(n=Count("pk")).order_by("status")
    by_category = in_stock.values("category").annotate(n=Count("pk")).order_by("category")
    by_grade = in_stock.exclude(grade="").values("grade").annotate(n=Count("pk")).order_by("grade")
    now = timezone.now()
    age_filters = {}
    for low, high in AGE_BUCKETS:
        condition = Q(received_at__lte=now - timedelta(days=low))
        if high is not None:
            condition &= Q(received_at__gt=now - timedelta(days=high))
        age_filters[f"age_{low}"] = Count("pk", filter=condition)
    ages = in_stock.aggregate(**age_filters)
    return {
        "by_status": _labelled(by_status, "status", Status.choices),
        "by_category": _labelled(by_category, "category", Category.choices),
        "by_grade": _labelled(by_grade, "grade", Grade.choices),  # Premium, A, B, C, non vendable
        "by_age": [{"low": low, "high": high, "n": ages[f"age_{low}"]} for low, high in AGE_BUCKETS],
        "in_stock": in_stock.count(),
    }


SALES_DAYS = 30


def sales_summary(devices, codes=None, days=SALES_DAYS):
    """What left the stock as sales over the last `days` days: devices per category, recharge codes per offer.

    Devices are sold by the till (mark_sold) and recharge codes claimed by it; `codes` is None for users
    who do not see the code stock. Counts only: no amounts, no person.
    """
    since = timezone.now() - timedelta(days=days)
    sold = devices.filter(status=Status.SOLD, sold_at__gte=since)
    by_category = sold.values("category").annotate(n=Count("pk")).order_by("category")
    devices_rows = _labelled(by_category, "category", Category.choices)
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


def per_site(devices):
    return list(
        devices.values("site__name", "site__code")
        .annotate(
            in_stock=Count("pk", filter=Q(status__in=IN_STOCK_STATUSES)),
            available=Count("pk", filter=Q(status=Status.AVAILABLE)),
            sold=Count("pk", filter=Q(status=Status.SOLD)),
        )
        .order_by("site__name")
    )


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
