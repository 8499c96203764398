"""The national list of thématiques (Coop de la médiation numérique), loaded from the bundled CSV."""

import csv
from functools import cache
from pathlib import Path

CSV_PATH = Path(__file__).parent / "data" / "thematiques.csv"


@cache
def thematique_choices():
    """[(db_value, label)] in the order of the national list."""
    with CSV_PATH.open(encoding="utf-8") as handle:
        return [(row["db_value"], row["label"]) for row in csv.DictReader(handle)]


def thematique_label(value):
    return dict(thematique_choices()).get(value, value)


def validate_thematiques(values):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    known = {value for value, _label in thematique_choices()}
    unknown = [value for value in values or [] if value not in known]
    if unknown:
        raise ValidationError(_("Thématique inconnue : %(values)s."), params={"values": ", ".join(unknown)})
