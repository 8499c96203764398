from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TillConfig(AppConfig):
    name = "tremplin.till"
    label = "till"
    verbose_name = _("Caisse")

    def ready(self):
        from tremplin.core.navigation import NavEntry, register
        from tremplin.core.roles import Role

        register(NavEntry(_("Caisse"), "till:index", (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR)))
        register(
            NavEntry(_("Journal de caisse"), "till:journal", (Role.NETWORK_ADMIN, Role.SITE_MANAGER))
        )  # till-journal
        from . import hooks

        hooks.connect()
