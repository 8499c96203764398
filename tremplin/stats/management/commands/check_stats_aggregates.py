"""The nightly check of the activity aggregates: refresh, compare every month with the raw records, repair.

A difference means a write bypassed the dirty marks (aggregates_sync.py): it is repaired and logged."""

import logging

from django.core.management.base import BaseCommand

from tremplin.core.jobreport import report
from tremplin.stats import aggregates_sync

from .rebuild_stats_aggregates import check_and_repair

logger = logging.getLogger("tremplin.stats")


class Command(BaseCommand):
    help = (
        "Vérifie les agrégats des statistiques (activités, présences, parcours des orientations) contre les "
        "données et corrige les écarts."
    )

    def handle(self, *args, **options):
        start, end = aggregates_sync.activity_bounds()
        differing = check_and_repair(self, start, end, repair=True)
        report(repaired=differing or 0)
        if differing:
            logger.warning("stats aggregates: %s rows differed from the raw records and were rebuilt", differing)
