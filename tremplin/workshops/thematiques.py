"""The national list of thématiques (Coop de la médiation numérique), loaded from the bundled CSV."""

import csv
from functools import cache
from pathlib import Path

from django.utils.translation import gettext

CSV_PATH = Path(__file__).parent / "data" / "thematiques.csv"


@cache
def _national_list():
    with CSV_PATH.open(encoding="utf-8") as handle:
        return [(row["db_value"], row["label"]) for row in csv.DictReader(handle)]


def thematique_choices():
    """[(db_value, label)] in the order of the national list, labels in the active language.

    The French labels are msgids (tremplin/activities/national_labels.py lists them for makemessages).
    """
    return [(value, gettext(label)) for value, label in _national_list()]


def thematique_label(value):
    label = dict(_national_list()).get(value)
    return gettext(label) if label else value


def validate_thematiques(values):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    known = {value for value, _label in thematique_choices()}
    unknown = [value for value in values or [] if value not in known]
    if unknown:
        raise ValidationError(_("Thématique inconnue : %(values)s."), params={"values": ", ".join(unknown)})
