"""Who may read which part of a person's record (the record itself is scoped by Beneficiary.visible_to)."""

from tremplin.core.roles import SITE_CASEWORK_ROLES


def casework_site_ids(user):
    if not getattr(user, "is_authenticated", False):
        return set()
    return user.site_ids(*SITE_CASEWORK_ROLES)


def sites_of(beneficiary):
    """The sites following the person, by name, read once per instance; `site_ids_of()` then needs no query.

    The person's page lists them and every room's action asks for their ids: one query for both."""
    cache = getattr(beneficiary, "_sites_cache", None)
    if cache is None:
        cache = list(beneficiary.sites.order_by("name"))
        beneficiary._sites_cache = cache
        beneficiary._site_ids_cache = {site.pk for site in cache}
    return cache


def site_ids_of(beneficiary):
    """The ids of the sites following the person, read once per instance (shared with people.actions)."""
    cache = getattr(beneficiary, "_site_ids_cache", None)
    if cache is None:
        cache = set(beneficiary.sites.values_list("pk", flat=True))
        beneficiary._site_ids_cache = cache
    return cache


def can_read_casework(user, beneficiary):
    """Site managers and mediators of a site following the person; never volunteers, referrers, observers."""
    site_ids = casework_site_ids(user)
    if not site_ids:
        return False
    return bool(site_ids & site_ids_of(beneficiary))
