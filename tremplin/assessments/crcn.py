"""The national CRCN competences (bundled copy of ../standards/competences-numeriques/crcn-competences.csv)."""

import csv
from functools import cache
from pathlib import Path

CSV_PATH = Path(__file__).parent / "data" / "crcn-competences.csv"


@cache
def competences():
    """{code: label}, e.g. {"2.1": "Interagir", …}."""
    with CSV_PATH.open(encoding="utf-8") as handle:
        return {row["competence_code"]: row["competence"] for row in csv.DictReader(handle)}


def validate_crcn_codes(values):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not values:
        raise ValidationError(_("Indiquez au moins une compétence du CRCN."))
    unknown = [value for value in values if value not in competences()]
    if unknown:
        raise ValidationError(_("Compétence CRCN inconnue : %(values)s."), params={"values": ", ".join(unknown)})
