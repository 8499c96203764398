from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "tremplin.workshops"
    label = "workshops"
    verbose_name = _("Ateliers")

    def ready(self):
        from tremplin.core.navigation import NavEntry, register
        from tremplin.core.roles import Role

        staff = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)
        register(NavEntry(_("Ateliers"), "workshops:agenda", staff))
        register(NavEntry(_("Catalogue"), "workshops:workshop_list", (Role.NETWORK_ADMIN,)))

        from . import person_actions, progress, timeline

        timeline.connect()
        progress.connect()
        person_actions.connect()

        from tremplin.core import home_counts

        from .home import my_sessions, session_counts

        home_counts.register(session_counts)
        home_counts.register_list(my_sessions)
