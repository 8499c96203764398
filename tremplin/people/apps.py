from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tremplin.people"
    label = "people"
    verbose_name = _("Personnes accompagnées")

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from .search_index import refresh_search_index, suspend_site_index

        pre_migrate.connect(suspend_site_index, sender=self, dispatch_uid="people.site_index")
        post_migrate.connect(refresh_search_index, sender=self, dispatch_uid="people.search_index")
        from tremplin.core.navigation import NavEntry, register
        from tremplin.core.roles import Role

        from . import timeline
        from .timeline_providers import record_events

        register(NavEntry(_("Personnes"), "people:list", (Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)))
        timeline.register(record_events)
