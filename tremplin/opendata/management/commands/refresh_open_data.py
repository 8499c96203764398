"""Record the day each published open-data row last changed (the `date_maj` of the national schemas).

Daily job (tremplin/ops/registry.py). The exports served at /donnees/ and by the API only read these
records: a GET never writes. Prints counts only.
"""

from django.core.management.base import BaseCommand

from tremplin.opendata import lieux


class Command(BaseCommand):
    help = "Enregistre le jour de dernière modification de chaque ligne publiée (données ouvertes)."

    def handle(self, *args, **options):
        rows = lieux.lieux(record_changes=True)
        self.stdout.write(f"{len(rows)} lieux")
