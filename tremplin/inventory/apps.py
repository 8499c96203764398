from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "tremplin.inventory"
    label = "inventory"
    verbose_name = _("Matériel")

    def ready(self):
        from tremplin.core.navigation import NavEntry, register
        from tremplin.core.roles import Role

        register(
            NavEntry(
                _("Matériel"),
                "inventory:dashboard",
                (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER, Role.OBSERVER),
            )
        )
        from tremplin.people import timeline

        from . import person_actions, progress
        from .timeline import device_events

        timeline.register(device_events)
        progress.connect()
        person_actions.connect()

        from tremplin.core import home_counts

        from .home import stock_counts

        home_counts.register(stock_counts)

        from django.db.models.signals import post_delete

        from .models import Device
        from .models.stock import device_deleted

        post_delete.connect(device_deleted, sender=Device, dispatch_uid="inventory_stock_counts")
