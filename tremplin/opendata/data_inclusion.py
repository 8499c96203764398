"""The sites as data·inclusion v1 structures and services, through the mednum → data·inclusion crosswalk.

The input is the "lieux de médiation numérique" rows (lieux.py): data·inclusion's own pipeline reads that
standard the same way (one structure and one service per lieu), so the two exports never disagree.
"""

import csv
import json
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from . import lieux

STANDARDS = Path(__file__).parent / "standards"
CROSSWALK_FILE = STANDARDS / "crosswalk-mednum-data-inclusion.csv"
STRUCTURE_SCHEMA_FILE = STANDARDS / "data-inclusion-v1" / "structure.json"
SERVICE_SCHEMA_FILE = STANDARDS / "data-inclusion-v1" / "service.json"
SCHEMA_VERSION = "1.0.8"
# Service type when several apply (the data·inclusion pipeline's priority).
TYPE_PRIORITY = ("aide-materielle", "atelier", "accompagnement")


@lru_cache(maxsize=1)
def crosswalk():
    """{(mednum field, mednum value): [data·inclusion v1 values]} (empty list: no correspondence)."""
    with CROSSWALK_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            (row["champ_mednum"], row["valeur_mednum"]): [v for v in row["valeur_data_inclusion_v1"].split("|") if v]
            for row in csv.DictReader(handle)
        }


@lru_cache(maxsize=2)
def json_schema(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _split(value):
    return [v for v in (value or "").split(lieux.SEPARATOR) if v]


def _mapped(field, values):
    """Crosswalk values of a multi-valued mednum field, deduplicated, in first-seen order."""
    result = []
    for value in values:
        for mapped in crosswalk().get((field, value), []):
            if mapped not in result:
                result.append(mapped)
    return result


def structure_id(row):
    # "tremplin-12" -> "tremplin--12": data·inclusion ids are "producer--producer's id".
    return f"{lieux.source_name()}--{row['id'].rsplit('-', 1)[-1]}"


def _or_none(value):
    return value if value not in ("", None) else None


def _common(row):
    return {
        "source": lieux.source_name(),
        "adresse": row["adresse"],
        "complement_adresse": _or_none(row["complement_adresse"]),
        "code_postal": row["code_postal"],
        "code_insee": _or_none(row["code_insee"]),
        "commune": row["commune"],
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "telephone": _or_none(row["telephone"]),
        "courriel": _or_none(row["courriels"].split(lieux.SEPARATOR)[0] if row["courriels"] else ""),
        "horaires_accueil": _or_none(row["horaires"]),
        "date_maj": row["date_maj"],
    }


def structure(row):
    pivot = row["pivot"]
    return {
        "id": structure_id(row),
        "nom": row["nom"].rstrip(". "),
        "siret": pivot if len(pivot) == 14 and pivot.isascii() and pivot.isdigit() and set(pivot) != {"0"} else None,
        "description": _or_none(row["presentation_detail"]),
        "site_web": _or_none(row["site_web"]),
        "lien_source": None,
        "accessibilite_lieu": _or_none(row["fiche_acces_libre"]),
        "reseaux_porteurs": _mapped("dispositif_programmes_nationaux", _split(row["dispositif_programmes_nationaux"]))
        or None,
        **_common(row),
    }


def _service_type(accompaniment):
    kinds = set()
    for mode in accompaniment:
        for mapped in crosswalk().get(("modalites_accompagnement", mode), []):
            if mapped.startswith("type="):
                kinds.add(mapped.removeprefix("type="))
    return next((kind for kind in TYPE_PRIORITY if kind in kinds), None)


def _fees(values):
    mapped = _mapped("frais_a_charge", values)
    # Several fees (free accompaniment, devices at a price): free wins, the price goes in the details.
    if "gratuit" in mapped:
        return "gratuit"
    return mapped[0] if mapped else None


def service(row):
    services = _split(row["services"])
    accompaniment = _split(row["modalites_accompagnement"])
    publics = _mapped("publics_specifiquement_adresses", _split(row["publics_specifiquement_adresses"]))
    publics += [
        p for p in _mapped("prise_en_charge_specifique", _split(row["prise_en_charge_specifique"])) if p not in publics
    ]
    modes_accueil = ["en-presentiel"]
    if "À distance" in accompaniment:
        modes_accueil.append("a-distance")
    fees = _split(row["frais_a_charge"])
    description = _("Médiation numérique : %(services)s.") % {
        "services": ", ".join(services).lower() if services else _("accompagnement au numérique")
    }
    return {
        "id": f"{structure_id(row)}--mediation-numerique",
        "structure_id": structure_id(row),
        "nom": _("Médiation numérique"),
        "description": description,
        "type": _service_type(accompaniment),
        "thematiques": _mapped("services", services) or None,
        "frais": _fees(fees),
        "frais_precisions": _("Matériel informatique à prix solidaire.") if "Payant" in fees else None,
        "publics": publics or ["tous-publics"],
        "publics_precisions": None,
        "conditions_acces": None,
        "modes_accueil": modes_accueil,
        "modes_mobilisation": _mapped("modalites_acces", _split(row["modalites_acces"])) or None,
        "mobilisable_par": ["usagers", "professionnels"],
        "mobilisation_precisions": None,
        "lien_mobilisation": _or_none(row["prise_rdv"]),
        "contact_nom_prenom": None,
        "lien_source": None,
        "zone_eligibilite": None,
        "volume_horaire_hebdomadaire": None,
        "nombre_semaines": None,
        **_common(row),
    }


def structures(rows=None):
    return [structure(row) for row in (lieux.lieux() if rows is None else rows)]


def services(rows=None):
    return [service(row) for row in (lieux.lieux() if rows is None else rows)]
