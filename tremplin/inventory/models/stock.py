"""Exact stock counters for the dashboard (issue #14): devices per (site, status, category, grade).

Kept in step with the devices in the same transaction as every write of a device's site, status, category or
grade:
- `Device.save()` counts a new device, and moves the count of a saved one whose key may have changed;
- deleting a device (one or a queryset: the post_delete signal) takes it off;
- writers that use `QuerySet.update()` on those columns (`_claim()`, `receive_transfer()`) run inside
  `StockCount.objects.tracking(pks)`.
`tracking` locks the devices' rows (SELECT … FOR UPDATE), reads their keys before the write and again after
it, and adds the difference to the counters with `n = n + delta`: counting what the database holds, not what
the caller believes, keeps the counters exact whatever the write (a conditional update that lost a race
moves nothing). Counter rows are updated in sorted key order, so two transactions never wait on each other
crosswise. Writers that bypass all this (bulk_create, a data migration) end with
`services/stock_counts.rebuild()`; `check_stock_counts` compares the counters with a raw count every night.

Two rollups of the same counts are kept by the same writes, in the same `add()` (so in the same transaction and
the same sorted order), so that no page sums the per-site rows (2,442 of them at the bench's scale 2):
- the network's row per (status, category, grade): `site` NULL, read by the national team's dashboard;
- each site's row per status: `category` = `grade` = ALL (""; no device has an empty category), read by the
  dashboard's table per site and the home page's "appareils disponibles".
A device counts in exactly one row of each level: its own (site, status, category, grade), (NULL, status,
category, grade) and (site, status, ALL, ALL). `check_stock_counts` checks all three levels.
"""

from collections import Counter
from contextlib import contextmanager

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

KEY_FIELDS = ("site_id", "status", "category", "grade")
# Device columns whose change moves a device's count.
KEY_COLUMNS = frozenset({"site", "site_id", "status", "category", "grade"})
# The category and grade of a site's row per status (the rollup summed over categories and grades).
ALL = ""


def stock_key(device):
    return (device.site_id, device.status, device.category, device.grade)


def rollup_keys(key):
    """The rows a device of `key` (site_id, status, category, grade) counts in: its own, the network's, its site's."""
    site_id, status, category, grade = key
    return (key, (None, status, category, grade), (site_id, status, ALL, ALL))


def with_rollups(deltas):
    """`deltas` by device key ({(site_id, status, category, grade): delta}) spread over the three levels."""
    spread = Counter()
    for key, delta in deltas.items():
        for row in rollup_keys(key):
            spread[row] += delta
    return spread


def _lock_order(key):
    site_id, *rest = key
    return (-1 if site_id is None else site_id, *rest)


class StockCountManager(models.Manager):
    def add(self, deltas):
        """Add `deltas` ({(site_id, status, category, grade): delta}, by device key) to the counters and their
        rollups, in the current transaction."""
        deltas = with_rollups(deltas)
        with transaction.atomic():
            for key in sorted((key for key, delta in deltas.items() if delta), key=_lock_order):
                delta = deltas[key]
                site_id, status, category, grade = key
                rows = self.filter(site_id=site_id, status=status, category=category, grade=grade)
                if rows.update(n=F("n") + delta):
                    continue
                try:
                    with transaction.atomic():
                        self.create(site_id=site_id, status=status, category=category, grade=grade, n=delta)
                except IntegrityError:  # created meanwhile by a concurrent write (PostgreSQL waited for it)
                    rows.update(n=F("n") + delta)

    def _keys(self, pks, lock=False):
        rows = apps.get_model("inventory", "Device").objects.filter(pk__in=pks).order_by("pk")
        if lock:
            rows = rows.select_for_update(of=("self",))
        return Counter(tuple(row) for row in rows.values_list(*KEY_FIELDS))

    @contextmanager
    def tracking(self, pks):
        """Lock the devices `pks`, let the caller write them, then move their counts to their new keys."""
        pks = list(pks)
        with transaction.atomic():
            before = self._keys(pks, lock=True)
            yield
            deltas = self._keys(pks)
            deltas.subtract(before)
            self.add(deltas)


class StockCount(models.Model):
    # NULL: the network's row (the sum over the sites), see the module's doc.
    site = models.ForeignKey("network.Site", on_delete=models.CASCADE, null=True, related_name="+")
    status = models.CharField(max_length=20)
    category = models.CharField(max_length=20)
    grade = models.CharField(max_length=12, blank=True)
    n = models.IntegerField(default=0)

    objects = StockCountManager()

    class Meta:
        indexes = [
            # The sites' rows per status (category = ALL), for any set of sites: read from the index alone.
            models.Index(fields=["category", "site", "status", "n"], name="stockcount_site_rollup_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "status", "category", "grade"],
                name="inventory_stockcount_unique",
                violation_error_message=_("Ce compteur de stock existe déjà."),
            ),
            models.UniqueConstraint(
                fields=["status", "category", "grade"],
                condition=models.Q(site__isnull=True),
                name="inventory_stockcount_network_unique",
                violation_error_message=_("Ce compteur de stock du réseau existe déjà."),
            ),
        ]

    def __str__(self):
        return f"{self.site_id}/{self.status}/{self.category}/{self.grade}: {self.n}"


def device_deleted(sender, instance, **kwargs):
    StockCount.objects.add({stock_key(instance): -1})
