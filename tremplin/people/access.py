"""Who may read which part of a person's record (the record itself is scoped by Beneficiary.visible_to)."""

from tremplin.core.roles import SITE_CASEWORK_ROLES


def casework_site_ids(user):
    if not getattr(user, "is_authenticated", False):
        return set()
    return user.site_ids(*SITE_CASEWORK_ROLES)


def can_read_casework(user, beneficiary):
    """Site managers and mediators of a site following the person; never volunteers, referrers, observers."""
    site_ids = casework_site_ids(user)
    if not site_ids:
        return False
    cache = getattr(beneficiary, "_site_ids_cache", None)
    if cache is None:
        cache = set(beneficiary.sites.values_list("pk", flat=True))
        beneficiary._site_ids_cache = cache
    return bool(site_ids & cache)
