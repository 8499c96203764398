"""National reference lists used by sites and partners (copied from ../shared/standards)."""

import json
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Field `services` of the "Lieux de médiation numérique" schema (standard-mediation-num v1.0.x).
SITE_SERVICES = [
    ("Aide aux démarches administratives", _("Aide aux démarches administratives")),
    ("Maîtrise des outils numériques du quotidien", _("Maîtrise des outils numériques du quotidien")),
    ("Insertion professionnelle via le numérique", _("Insertion professionnelle via le numérique")),
    ("Utilisation sécurisée du numérique", _("Utilisation sécurisée du numérique")),
    ("Parentalité et éducation avec le numérique", _("Parentalité et éducation avec le numérique")),
    ("Loisirs et créations numériques", _("Loisirs et créations numériques")),
    ("Compréhension du monde numérique", _("Compréhension du monde numérique")),
    ("Accès internet et matériel informatique", _("Accès internet et matériel informatique")),
    (
        "Acquisition de matériel informatique à prix solidaire",
        _("Acquisition de matériel informatique à prix solidaire"),
    ),
]
SITE_SERVICE_VALUES = [value for value, _label in SITE_SERVICES]

TYPOLOGIES_FILE = Path(__file__).parent / "data" / "typologies-de-structures.json"


@lru_cache(maxsize=1)
def _typologies():
    entries = json.loads(TYPOLOGIES_FILE.read_text(encoding="utf-8"))
    return [(e["value"], e["label"]) for e in entries]


def partner_typologies():
    """data·inclusion v0 structure typologies as (value, label) pairs, sorted by label.

    Labels are in the active language: the French labels are msgids (listed in typology_labels.py).
    """
    return sorted(((value, gettext(label)) for value, label in _typologies()), key=lambda pair: pair[1].lower())


def typology_label(value):
    label = dict(_typologies()).get(value)
    return gettext(label) if label else value
