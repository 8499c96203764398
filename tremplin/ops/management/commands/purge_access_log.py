from django.core.management.base import BaseCommand

from tremplin.core.jobreport import report
from tremplin.ops.retention import access_log_cutoff, purge_access_log


class Command(BaseCommand):
    help = (
        "Remplace les entrées du journal d'accès plus anciennes que TREMPLIN_ACCESS_LOG_MONTHS "
        "par des décomptes mensuels."
    )

    def handle(self, *args, **options):
        deleted = purge_access_log()
        report(summarised=deleted)
        self.stdout.write(f"before={access_log_cutoff():%Y-%m-%d} summarised={deleted}")
