"""Write the yearly archive of the cash journal (services/archive.py) and print its path.

manage.py archive_cash_journal 2026
TREMPLIN_JOURNAL_KEYS=… bin/verify-cash-archive var/archives/journal-caisse-2026-….zip
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tremplin.till.services.archive import make_archive


class Command(BaseCommand):
    help = "Écrit l'archive annuelle du journal de caisse (ZIP de CSV et manifeste signé)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="l'année à archiver, par exemple 2026")

    def handle(self, *args, year, **options):
        try:
            path = make_archive(year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(_("Archive %(year)s écrite : %(path)s") % {"year": year, "path": path})
        self.stdout.write(_("Vérifiez-la avec : bin/verify-cash-archive %(path)s") % {"path": path})
