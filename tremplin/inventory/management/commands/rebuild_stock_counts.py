"""Recount the stock counters from the devices (services/stock_counts.py).

After a bulk load that bypassed the services (the bench's generator), a data migration touching devices'
site, status, category or grade, or when `check_stock_counts` reports a difference. Run it when no one is
writing devices (it reads the devices, then replaces every counter).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from tremplin.core.jobreport import report
from tremplin.inventory.services.stock_counts import rebuild


class Command(BaseCommand):
    help = "Recalcule les compteurs du tableau de bord du stock à partir des appareils."

    def handle(self, *args, **options):
        rows = rebuild()
        report(counters=rows)
        self.stdout.write(
            ngettext("%(count)s compteur de stock recalculé.", "%(count)s compteurs de stock recalculés.", rows)
            % {"count": rows}
        )
