"""Rebuild (or check) the stored statistics: the exact monthly aggregates of the activity records
(stats/aggregates.py), the people presence rows and first accompaniments, the referral journeys and their
month counts (stats/presence.py)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tremplin.stats import aggregates_sync, journeys_sync, presence_sync


def _day(value, option):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{option} : date attendue au format AAAA-MM-JJ ({value!r}).") from error


def check_and_repair(command, start, end, repair):
    """Compare the stored aggregates, presence rows, first accompaniments and referral journeys with the raw
    tables; with `repair`, rebuild the site-months, people and referrals that differ. Returns the number of
    differing rows. Nothing personal is written out: ids and counts only."""
    found = aggregates_sync.differences(start, end)
    months = {(site_id, month) for site_id, month, *_rest in found}
    for site_id, month, kind, dimension, value, stored, computed in found[:20]:
        where = f"site={site_id} month={month:%Y-%m} {kind} {dimension}={value}"
        command.stdout.write(f"diff {where}: stored {stored} != computed {computed}")
    people = presence_sync.differences(start, end)
    months |= {(key[1], key[2]) for what, key, _stored, _computed in people if what == "presence"}
    firsts = {key[0] for what, key, _stored, _computed in people if what == "first"}
    people_months = {key[0] for what, key, _stored, _computed in people if what == "month"}
    journeys = journeys_sync.differences()
    referral_months = {(site_id, month) for site_id, month, *_rest in journeys_sync.month_differences()}
    if repair:
        for site_id, month in sorted(months):
            aggregates_sync.rebuild(month, month, site_ids=[site_id])
        presence_sync.recompute_firsts(firsts)
        presence_sync.recompute_months(people_months)
        journeys_sync.repair([pk for pk, _stored, _computed in journeys], months=referral_months)
    differing = len(found) + len(people) + len(journeys) + len(referral_months)
    repaired = len(months) + len(firsts) + len(people_months) + len(journeys) + len(referral_months)
    command.stdout.write(
        f"differences={differing} (aggregates {len(found)}, presence {len(people)}, journeys {len(journeys)}, "
        f"referral months {len(referral_months)}) months={len(months)} repaired={repaired if repair else 0}"
    )
    return differing


class Command(BaseCommand):
    help = (
        "Recalcule les agrégats mensuels des activités, les présences des personnes (tableau de bord des "
        "statistiques) à partir des comptes rendus, pour tous les mois ou les mois couvrant --depuis/--jusqua, "
        "et les parcours des orientations (sans --depuis/--jusqua) ; --verifier compare sans écrire."
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
        journeys = journeys_sync.rebuild() if start is None and end is None else 0
        self.stdout.write(f"rows={written} journeys={journeys}")
