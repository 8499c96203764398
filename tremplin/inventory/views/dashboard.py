"""Stock dashboard: per site for site staff, network-wide for the national team, the granted scope for observers."""

from django.shortcuts import render

from tremplin.core.observer_scope import observer_scope
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.core.smallcounts import RULE_TEXT

from ..models import Device, RechargeCode
from ..services.reports import per_site, sales_summary, stock_summary
from .common import DASHBOARD_ROLES


def dashboard_devices(user):
    """(devices, mask): the devices whose counts the user sees, and whether the small-count rule applies.

    Observers see aggregated counts only (no list, no device page), for the sites of their observer scope
    (core/observer_scope.py: memberships and programme grants), with counts under 5 shown as "< 5". As in the
    statistics (stats.scope.scope_for), the national team and site managers see their own exact figures
    whatever observer role they also hold; a mediator or volunteer who is also an observer adds their own
    sites to the observer's masked page."""
    devices = Device.objects.visible_to(user)
    if user.is_network_admin or user.site_ids(Role.SITE_MANAGER):
        return devices, False
    observed = observer_scope(user)
    if observed is None:
        return devices, False
    sites = observed.site_ids_for_figures
    if sites is None:
        return Device.objects.all(), True
    return Device.objects.filter(site_id__in=sites) | devices, True


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    user = request.user
    devices, mask = dashboard_devices(user)
    stock_staff = user.has_role(Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR)
    codes = RechargeCode.objects.visible_to(user) if stock_staff else None
    nothing_in_scope = mask and observer_scope(user).site_ids_for_figures == frozenset() and not user.site_ids()
    return render(
        request,
        "inventory/dashboard.html",
        {
            "summary": stock_summary(devices),
            "sites": per_site(devices),
            "sales": sales_summary(devices, codes),
            "workshop": user.has_role(Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER),
            "stock_staff": stock_staff,
            "mask": mask,
            "nothing_in_scope": nothing_in_scope,
            "rule_text": RULE_TEXT,
        },
    )
