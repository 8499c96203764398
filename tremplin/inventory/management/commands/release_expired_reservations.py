from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from tremplin.core.jobreport import report
from tremplin.inventory.services.devices import release_expired_reservations


class Command(BaseCommand):
    help = "Remet en vente les appareils dont la réservation a expiré (à lancer chaque nuit)."

    def handle(self, *args, **options):
        released = release_expired_reservations()
        report(released=released)
        self.stdout.write(
            ngettext("%(count)s réservation expirée levée.", "%(count)s réservations expirées levées.", released)
            % {"count": released}
        )
