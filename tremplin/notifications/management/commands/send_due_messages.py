"""Send the messages whose time has come. Run it every few minutes (cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from tremplin.notifications.services import send_due_messages


class Command(BaseCommand):
    help = "Envoie les messages (SMS, e-mails) dont l'heure est venue. Sans risque de double envoi."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="Nombre maximum de messages par passage.")

    def handle(self, *args, limit, **options):
        report = send_due_messages(limit=limit)
        self.stdout.write(
            f"sent={report.sent} retried={report.retried} failed={report.failed} expired={report.expired} "
            f"to_call={report.to_call} interrupted={report.interrupted}"
        )
