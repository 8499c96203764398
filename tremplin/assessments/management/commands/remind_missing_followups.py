"""Periodic (daily): remind the sites of the people who finished a course without a follow-up diagnostic."""

from django.core.management.base import BaseCommand

from tremplin.assessments.reminders import remind_missing_followups


class Command(BaseCommand):
    help = "Rappelle aux espaces les personnes qui ont fini un parcours sans diagnostic de suivi (quotidien)."

    def handle(self, *args, **options):
        created = remind_missing_followups()
        self.stdout.write(f"{created} rappel(s) de diagnostic de suivi créé(s).")
