"""Compare the stock counters with a raw count of the devices (services/stock_counts.py); exit code 1 if they differ.

Run nightly (ops/registry.py). Read-only; a difference means a write bypassed the services: fix the writer,
then `manage.py rebuild_stock_counts`.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.jobreport import report
from tremplin.inventory.services.stock_counts import differences, rollup_differences


class Command(BaseCommand):
    help = (
        "Vérifie les compteurs du tableau de bord du stock contre le décompte des appareils ; code 1 s'ils diffèrent."
    )

    def handle(self, *args, **options):
        found = differences() + rollup_differences()
        report(differences=len(found))
        if not found:
            self.stdout.write(_("Compteurs de stock exacts."))
            return
        self.stdout.write(
            ngettext("%(count)s compteur de stock faux :", "%(count)s compteurs de stock faux :", len(found))
            % {"count": len(found)}
        )
        for (site_id, status, category, grade), counter, raw in found:
            self.stdout.write(
                _(
                    "espace %(site)s, %(status)s, %(category)s, grade « %(grade)s » : "
                    "compteur %(counter)s, appareils %(raw)s"
                )
                % {
                    "site": _("réseau") if site_id is None else site_id,
                    "status": status,
                    "category": category or _("toutes"),
                    "grade": _("tous") if not category else grade,
                    "counter": counter,
                    "raw": raw,
                }
            )
        self.stdout.write(_("Corrigez l'écriture en cause, puis lancez « manage.py rebuild_stock_counts »."))
        raise SystemExit(1)
