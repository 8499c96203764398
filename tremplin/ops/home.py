"""Figures for the home pages: late jobs (national team), records soon anonymised (site managers)."""

from django.urls import reverse
from django.utils.translation import ngettext

from tremplin.core.home_counts import HomeCount
from tremplin.core.roles import Role


def late_jobs_counts(user, role):
    if role != Role.NETWORK_ADMIN:
        return []
    from .jobs import late_jobs

    count = len(late_jobs())
    if not count:
        return []
    return [
        HomeCount(
            ngettext(
                "tâche planifiée en retard (pas lancée depuis deux périodes)",
                "tâches planifiées en retard (pas lancées depuis deux périodes)",
                count,
            ),
            count,
            reverse("ops:jobs"),
            warning=True,
        )
    ]


def retention_counts(user, role):
    if role != Role.SITE_MANAGER:
        return []
    from .retention import soon_anonymised

    count = len(soon_anonymised(user.site_ids(Role.SITE_MANAGER)))
    if not count:
        return []
    return [
        HomeCount(
            ngettext("fiche bientôt anonymisée (sans contact)", "fiches bientôt anonymisées (sans contact)", count),
            count,
            reverse("ops:retention"),
            warning=True,
        )
    ]
