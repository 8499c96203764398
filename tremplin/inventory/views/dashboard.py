"""Stock dashboard: per site for site staff, network-wide for the national team and observers."""

from django.shortcuts import render

from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from ..models import Device, RechargeCode
from ..services.reports import per_site, sales_summary, stock_summary
from .common import DASHBOARD_ROLES


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    user = request.user
    devices = Device.objects.visible_to(user)
    if user.has_role(Role.OBSERVER):
        # Observers see aggregated counts only (no list, no device page), for the scope they were granted.
        observed = [m for m in user.active_memberships if m.role == Role.OBSERVER]
        if any(m.site_id is None and m.partner_id is None for m in observed):
            devices = Device.objects.all()
        else:
            sites = {m.site_id for m in observed if m.site_id} | user.site_ids()
            devices = Device.objects.filter(site_id__in=sites) | devices
    stock_staff = user.has_role(Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR)
    codes = RechargeCode.objects.visible_to(user) if stock_staff else None
    return render(
        request,
        "inventory/dashboard.html",
        {
            "summary": stock_summary(devices),
            "sites": per_site(devices),
            "sales": sales_summary(devices, codes),
            "workshop": user.has_role(Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER),
            "stock_staff": stock_staff,
        },
    )
