"""Periodic (daily): remind the sites of the people who finished a course without a follow-up diagnostic."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from tremplin.assessments.reminders import remind_missing_followups
from tremplin.core.jobreport import report


class Command(BaseCommand):
    help = "Rappelle aux espaces les personnes qui ont fini un parcours sans diagnostic de suivi (quotidien)."

    def handle(self, *args, **options):
        created = remind_missing_followups()
        report(created=created)
        message = ngettext(
            "%(count)s rappel de diagnostic de suivi créé.", "%(count)s rappels de diagnostic de suivi créés.", created
        )
        self.stdout.write(message % {"count": created})
