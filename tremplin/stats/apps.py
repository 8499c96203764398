from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Statistics: sits above every other room (ARCHITECTURE.md §4); it reads them, none imports it."""

    name = "tremplin.stats"
    label = "stats"
    verbose_name = _("Statistiques")

    def ready(self):
        from tremplin.core.navigation import NavEntry, register
        from tremplin.core.roles import Role

        from . import aggregates_sync, figures, journeys_sync

        figures.register_people_hooks()
        aggregates_sync.connect()
        journeys_sync.connect()

        from tremplin.core.observer_scope import register_grant_provider

        from .programmes import programme_grants

        register_grant_provider(programme_grants)
        register(NavEntry(_("Statistiques"), "stats:dashboard", (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.OBSERVER)))
