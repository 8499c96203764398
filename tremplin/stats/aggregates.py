"""Exact pre-computed monthly aggregates of the activity records (CRA), for the dashboard's activity block.

One row per site × calendar month × activity type × (dimension, value), holding the number of activities,
the sum of their participant counts (accompaniments) and the sum of their durations. Dimension "" (value "")
is the month's totals; the others are the Coop breakdowns the activity block shows: "duree" (statistics
range: "30", "60", "120", "more"), "lieu", "autonomie" (the stored value, "" when not recorded),
"thematique" and "materiel" (an activity counts once under each distinct value of its list).

Why months and not days: at 1,000,000 activities over two years and 20 sites, a site-day holds ≈ 70 records
but would need ≈ 80 aggregate rows (≈ 30 thématiques × 2 types…), so a daily table is as large as the raw
one; a site-month holds ≈ 2,000 records in ≈ 90 rows. The days of a period outside whole months are read
from the raw records (aggregates_sync.month_split), so any period is served exactly.

Kept exact by aggregates_sync.py: every change of an activity (save, delete — through any service, the
admin or a signal) marks its site-month dirty in ActivityMonthDirty in the same transaction; readers
recompute the dirty site-months from the raw records before reading. Bulk writes that bypass the model's
signals (bulk_create, QuerySet.update, raw SQL) must call `mark_dirty` or run `rebuild_stats_aggregates`.
"""

from django.db import models


class ActivityMonthAggregate(models.Model):
    site = models.ForeignKey("network.Site", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month
    kind = models.CharField(max_length=20)
    dimension = models.CharField(max_length=20, blank=True)
    value = models.CharField(max_length=100, blank=True)
    activities = models.PositiveIntegerField()
    participants = models.PositiveIntegerField()
    minutes = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "month", "kind", "dimension", "value"], name="stats_activity_month_unique"
            )
        ]
        indexes = [models.Index(fields=["month", "dimension"], name="stats_activity_month_idx")]

    def __str__(self):
        return f"{self.site_id} {self.month:%Y-%m} {self.kind} {self.dimension}={self.value}"


class ActivityMonthDirty(models.Model):
    """A site-month whose aggregates must be recomputed before they are read (several rows may name the
    same site-month: marking is a plain insert, never a read-modify-write). `claim` is set by the refresh
    that recomputes it, in its transaction; a row inserted meanwhile keeps claim empty for the next one."""

    site_id = models.BigIntegerField()
    month = models.DateField()
    last_day = models.DateField()
    claim = models.CharField(max_length=32, blank=True, db_index=True)

    def __str__(self):
        return f"{self.site_id} {self.month:%Y-%m}"
