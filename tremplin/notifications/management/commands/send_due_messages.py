"""Send the messages whose time has come. Run it every few minutes (cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from tremplin.core.jobreport import report
from tremplin.notifications.services import send_due_messages


class Command(BaseCommand):
    help = "Envoie les messages (SMS, e-mails) dont l'heure est venue. Sans risque de double envoi."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="Nombre maximum de messages par passage.")

    def handle(self, *args, limit, **options):
        result = send_due_messages(limit=limit)
        counts = {
            "sent": result.sent,
            "retried": result.retried,
            "failed": result.failed,
            "expired": result.expired,
            "to_call": result.to_call,
            "interrupted": result.interrupted,
        }
        report(**counts)
        self.stdout.write(" ".join(f"{name}={value}" for name, value in counts.items()))
