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


def nearest_site(postal_code, needs):
    """The best active site for this postal code and these needs, or None when no site offers any of them."""
    best, best_rank = None, None
    for site in Site.objects.active().order_by("name"):
        covered = needs_covered(site, needs)
        if needs and covered == 0:
            continue
        rank = (
            -covered,
            site.postal_code != postal_code,
            departement(site.postal_code) != departement(postal_code),
        )
        if best_rank is None or rank < best_rank:
            best, best_rank = site, rank
    return best
