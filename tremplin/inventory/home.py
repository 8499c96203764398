"""Stock figures for the staff home pages."""

from django.urls import reverse
from django.utils.translation import ngettext

from tremplin.core.home_counts import HomeCount
from tremplin.core.roles import Role

from .models import Device


def stock_counts(user, role):
    if role not in (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR):
        return []
    available = Device.objects.visible_to(user).available().count()
    label = ngettext("appareil disponible à la vente", "appareils disponibles à la vente", available)
    return [HomeCount(label, available, reverse("inventory:dashboard"))]
