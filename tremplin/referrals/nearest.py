"""Choosing a site for a referral when the referrer leaves it to Tremplin.

Postal codes carry no coordinates in our commune table, so "nearest" is approximated: among the active
sites offering the most of the person's needs, prefer one in the same postal code, then one in the same
département (first two digits, "20" for Corsica), then any; ties go by name. See
docs/guide-prescripteurs.md.
"""

from tremplin.network.models import Site

from .choices import NEED_SERVICES


def departement(postal_code):
    return (postal_code or "")[:2]


def needs_covered(site, needs):
    services = set(site.services or [])
    return sum(1 for need in needs if NEED_SERVICES.get(need, set()) & services)


class Nearness:
    """How near a site is to the person's postal code, as far as postal codes tell (no coordinates)."""

    SAME_POSTAL_CODE, SAME_DEPARTEMENT, ELSEWHERE = 0, 1, 2


def nearness(site, postal_code):
    if site.postal_code == postal_code:
        return Nearness.SAME_POSTAL_CODE
    if departement(site.postal_code) == departement(postal_code):
        return Nearness.SAME_DEPARTEMENT
    return Nearness.ELSEWHERE


def ranked_sites(postal_code, needs):
    """Active sites offering at least one of the needs (all sites when no need), best first.

    Each site carries `covered` (how many needs it offers) and `nearness` (a Nearness value)."""
    sites = []
    for site in Site.objects.active().order_by("name"):
        site.covered = needs_covered(site, needs)
        if needs and site.covered == 0:
            continue
        site.nearness = nearness(site, postal_code)
        sites.append(site)
    # Most needs covered first, then the same postal code, then the same département; ties by name (stable sort).
    sites.sort(key=lambda site: (-site.covered, site.nearness != Nearness.SAME_POSTAL_CODE, site.nearness))
    return sites


def nearest_site(postal_code, needs):
    """The best active site for this postal code and these needs, or None when no site offers any of them."""
    sites = ranked_sites(postal_code, needs)
    return sites[0] if sites else None
