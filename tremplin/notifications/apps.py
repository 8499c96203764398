from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "tremplin.notifications"
    label = "notifications"
    verbose_name = _("Messages")

    def ready(self):
        from tremplin.core.navigation import NavEntry, register
        from tremplin.core.roles import Role

        from . import receivers, timeline

        receivers.connect()
        timeline.connect()
        from tremplin.core import home_counts

        from .home import to_call_counts

        home_counts.register(to_call_counts)

        register(NavEntry(_("Messages à transmettre"), "notifications:to_call", (Role.SITE_MANAGER, Role.MEDIATOR)))
        register(NavEntry(_("SMS envoyés"), "notifications:sms_stats", (Role.NETWORK_ADMIN, Role.SITE_MANAGER)))
