from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "tremplin.api"
    label = "api"

    def ready(self):
        from tremplin.core.navigation import NavEntry, register
        from tremplin.core.roles import Role

        register(NavEntry(_("Jetons d'API"), "api:token_list", (Role.NETWORK_ADMIN,)))
