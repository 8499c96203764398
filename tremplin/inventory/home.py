"""Stock figures for the staff home pages."""

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import ngettext

from tremplin.core.home_counts import HomeCount
from tremplin.core.roles import Role

from .models import Status, StockCount
from .models.stock import ALL


def stock_counts(user, role):
    if role not in (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR):
        return []
    # From the sites' rollup rows per status (models/stock.py), for the sites Device.objects.visible_to(user) covers.
    rows = StockCount.objects.filter(status=Status.AVAILABLE, category=ALL, site__isnull=False)
    if not user.is_network_admin:
        rows = rows.filter(site_id__in=user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER))
    available = rows.aggregate(n=Sum("n"))["n"] or 0
    label = ngettext("appareil disponible à la vente", "appareils disponibles à la vente", available)
    return [HomeCount(label, available, reverse("inventory:dashboard"))]
