from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "tremplin.activities"
    label = "activities"
    verbose_name = _("Activités")

    def ready(self):
        from tremplin.core.navigation import NavEntry, register
        from tremplin.core.roles import Role

        from . import person_actions, receivers, timeline

        receivers.connect()
        timeline.connect()
        person_actions.connect()
        register(
            NavEntry(
                _("Activités"),
                "activities:list",
                (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER),
            )
        )
