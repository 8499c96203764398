"""Anonymise the records without contact for TREMPLIN_RETENTION_MONTHS (24); --dry-run only lists them."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from tremplin.core.jobreport import report as report_counts
from tremplin.ops.retention import apply_retention, retention_cutoff, stale_referrals


class Command(BaseCommand):
    help = "Anonymise les fiches sans contact depuis la durée de conservation (--dry-run : affiche seulement)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="n'anonymise rien : compte et identifiants opaques")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = apply_retention(dry_run=True)
            self.stdout.write(
                ngettext(
                    "%(count)s fiche sans contact depuis le %(date)s serait anonymisée.",
                    "%(count)s fiches sans contact depuis le %(date)s seraient anonymisées.",
                    len(due),
                )
                % {"count": len(due), "date": retention_cutoff().strftime("%d/%m/%Y")}
            )
            for person in due:
                self.stdout.write(str(person.pk))
            referrals = stale_referrals()
            stale = referrals.count() if referrals is not None else 0
            self.stdout.write(
                ngettext(
                    "%(count)s orientation sans fiche, inchangée depuis le %(date)s, serait anonymisée.",
                    "%(count)s orientations sans fiche, inchangées depuis le %(date)s, seraient anonymisées.",
                    stale,
                )
                % {"count": stale, "date": retention_cutoff().strftime("%d/%m/%Y")}
            )
            for referral in referrals if referrals is not None else []:
                self.stdout.write(str(referral.pk))
            return
        report = apply_retention()
        report_counts(anonymised=report.anonymised, skipped=report.skipped, referrals=report.referrals)
        self.stdout.write(f"anonymised={report.anonymised} skipped={report.skipped} referrals={report.referrals}")
