"""Rebuild (or check) the exact monthly aggregates of the activity records (stats/aggregates.py)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tremplin.stats import aggregates_sync


def _day(value, option):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{option} : date attendue au format AAAA-MM-JJ ({value!r}).") from error


def check_and_repair(command, start, end, repair):
    """Compare the stored aggregates with the raw records; with `repair`, rebuild the months that differ.
    Returns the number of differing rows."""
    found = aggregates_sync.differences(start, end)
    months = sorted({(site_id, month) for site_id, month, *_rest in found})
    for site_id, month, kind, dimension, value, stored, computed in found[:20]:
        where = f"site={site_id} month={month:%Y-%m} {kind} {dimension}={value}"
        command.stdout.write(f"diff {where}: stored {stored} != computed {computed}")
    if repair:
        for site_id, month in months:
            aggregates_sync.rebuild(month, month, site_ids=[site_id])
    command.stdout.write(f"differences={len(found)} months={len(months)} repaired={len(months) if repair else 0}")
    return len(found)


class Command(BaseCommand):
    help = (
        "Recalcule les agrégats mensuels des activités (tableau de bord des statistiques) à partir des comptes "
        "rendus, pour tous les mois ou les mois couvrant --depuis/--jusqua ; --verifier compare sans écrire."
    )

    def add_arguments(self, parser):
        parser.add_argument("--depuis", dest="since", help="premier jour (AAAA-MM-JJ), arrondi au début du mois")
        parser.add_argument("--jusqua", dest="until", help="dernier jour (AAAA-MM-JJ), arrondi à la fin du mois")
        parser.add_argument("--verifier", dest="check", action="store_true", help="comparer seulement")
        parser.add_argument("--reparer", dest="repair", action="store_true", help="avec --verifier : corriger")

    def handle(self, *args, since=None, until=None, check=False, repair=False, **options):
        start = _day(since, "--depuis") if since else None
        end = _day(until, "--jusqua") if until else None
        if start and end and end < start:
            raise CommandError("--jusqua doit être postérieur ou égal à --depuis.")
        if check:
            bounds = aggregates_sync.activity_bounds()
            differing = check_and_repair(self, start or bounds[0], end or bounds[1], repair)
            if differing and not repair:
                raise CommandError(f"{differing} agrégats diffèrent des comptes rendus.")
            return
        written = aggregates_sync.rebuild(start, end)
        self.stdout.write(f"rows={written}")
