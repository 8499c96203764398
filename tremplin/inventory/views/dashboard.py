"""Stock dashboard: per site for site staff, network-wide for the national team and observers."""

from django.shortcuts import render

from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from ..models import Device
from ..services.reports import per_site, stock_summary
from .common import DASHBOARD_ROLES


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    user = request.user
    # Observers see aggregated counts only (no list, no device page).
    devices = Device.objects.all() if user.has_role(Role.OBSERVER) else Device.objects.visible_to(user)
    return render(
        request,
        "inventory/dashboard.html",
        {
            "summary": stock_summary(devices),
            "sites": per_site(devices),
            "workshop": user.has_role(Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER),
            "stock_staff": user.has_role(Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR),
        },
    )
