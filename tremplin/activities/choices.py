"""Choices of the national activity model (Coop de la médiation numérique), from the bundled files.

`data/enumerations.json` and `data/thematiques.csv` are copies of ../shared/standards/coop-mediation-numerique/;
stored values are the national `db` values, so an export to the national format is lossless. Labels are
the national French labels, translated through gettext (national_labels.py lists them for makemessages).
"""

import csv
import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy

DATA = Path(__file__).parent / "data"


@cache
def enumerations():
    with (DATA / "enumerations.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def _pairs(values):
    return [(value["db"], gettext_lazy(value["label"])) for value in values]


@cache
def kind_choices():
    return _pairs(enumerations()["TypeActivite"]["values"])


@cache
def place_choices():
    return _pairs(enumerations()["TypeLieu"]["values"])


@cache
def equipment_choices():
    return _pairs(enumerations()["Materiel"]["values"])


@cache
def autonomy_choices():
    return _pairs(enumerations()["Autonomie"]["values"])


@cache
def level_choices():
    return _pairs(enumerations()["NiveauAtelier"]["values"])


@cache
def redirection_choices():
    return _pairs(enumerations()["Orientation"]["StructureDeRedirection"])


@cache
def age_band_choices():
    """The Coop age bands (tranches d'âge), "non communiqué" last."""
    return _pairs(enumerations()["Beneficiaire"]["TrancheAge"])


AGE_BAND_NOT_GIVEN = "non_communique"


@cache
def duration_presets():
    return list(enumerations()["Duree"]["presets_minutes"])


@cache
def _thematique_rows():
    with (DATA / "thematiques.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def thematique_choices(group=None):
    """[(db_value, label)]; group is "non_administratives", "administratives" or None for all."""
    return [
        (row["db_value"], gettext_lazy(row["label"])) for row in _thematique_rows() if group in (None, row["groupe"])
    ]


ADMIN_PROCEDURES = "aide_aux_demarches_administratives"
INDIVIDUAL = "individuel"
COLLECTIVE = "collectif"
AT_SITE = "lieu_activite"
NO_EQUIPMENT = "aucun"


def label(choices, value):
    return dict(choices).get(value, value)


def duration_label(minutes):
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"
