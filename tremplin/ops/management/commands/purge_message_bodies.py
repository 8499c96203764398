from django.core.management.base import BaseCommand

from tremplin.core.jobreport import report
from tremplin.ops.retention import purge_message_bodies


class Command(BaseCommand):
    help = "Efface le texte des messages plus anciens que TREMPLIN_MESSAGE_BODY_MONTHS (état et décomptes gardés)."

    def handle(self, *args, **options):
        erased = purge_message_bodies()
        report(erased=erased)
        self.stdout.write(f"erased={erased}")
