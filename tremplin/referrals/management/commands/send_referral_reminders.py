from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from tremplin.core.jobreport import report
from tremplin.referrals.services import send_reminders


class Command(BaseCommand):
    help = (
        "Envoie aux responsables d'espace le rappel des orientations en attente depuis plus de "
        "TREMPLIN_REFERRAL_WAITING_WARNING_DAYS jours (10 par défaut). Au plus un rappel par espace et par jour."
    )

    def handle(self, *args, **options):
        count = send_reminders()
        report(sites=count)
        if options["verbosity"]:
            self.stdout.write(
                ngettext("%(count)s espace rappelé.", "%(count)s espaces rappelés.", count) % {"count": count}
            )
