"""French public holidays (jours fériés) where a site is, from the `holidays` library (MIT, maintained).

The national days everywhere; plus, by département: Good Friday and 26 December in Alsace-Moselle (57, 67,
68: local law kept since 1918), and the abolition-of-slavery day overseas (971 Guadeloupe 27 May, 972
Martinique 22 May, 973 Guyane 10 June, 974 La Réunion 20 December, 976 Mayotte 27 April). The département
comes from the site's postal code (network.communes.departement_prefix); without one, national days only.
opening-hours-py has its own French calendar, but national only: it would show an Alsatian site open on
26 December.
"""

from functools import lru_cache

import holidays

from .communes import departement_prefix

# The library's subdivision codes: Bas-Rhin and Haut-Rhin are one ("6AE", Alsace), Moselle is "57".
_SUBDIVISION = {"67": "6AE", "68": "6AE"}


def holiday_region(postal_code):
    """The `holidays` subdivision of a postal code ("57", "6AE", "974"…), or None for the national calendar."""
    if not postal_code:
        return None
    prefix = departement_prefix(str(postal_code))
    region = _SUBDIVISION.get(prefix, prefix)
    return region if region in holidays.France.subdivisions else None


@lru_cache(maxsize=64)
def _calendar(region, year):
    return frozenset(holidays.France(subdiv=region, years=year))


def is_public_holiday(day, region=None):
    return day in _calendar(region, day.year)
