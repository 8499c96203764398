"""Stock dashboard: per site for site staff, network-wide for the national team, the granted scope for observers."""

from django.shortcuts import render

from tremplin.core.observer_scope import observer_scope
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.core.smallcounts import RULE_TEXT, display_cell, display_group, suppressed_cells

from ..models import IN_STOCK_STATUSES, Device, RechargeCode
from ..services.reports import counter_rows, sales_summary, site_rows, stock_summary
from .common import DASHBOARD_ROLES


def dashboard_sites(user):
    """(site_ids, mask): the sites whose counts the user sees (None: every site), and whether the small-count
    rule applies.

    Observers see aggregated counts only (no list, no device page), for the sites of their observer scope
    (core/observer_scope.py: memberships and programme grants), with counts under 5 shown as "< 5". As in the
    statistics (stats.scope.scope_for), the national team and site managers see their own exact figures
    whatever observer role they also hold; a mediator or volunteer who is also an observer adds their own
    sites to the observer's masked page."""
    own = None if user.is_network_admin else frozenset(user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER))
    if user.is_network_admin or user.site_ids(Role.SITE_MANAGER):
        return own, False
    observed = observer_scope(user)
    if observed is None:
        return own, False
    sites = observed.site_ids_for_figures
    if sites is None:
        return None, True
    return frozenset(sites) | own, True


def dashboard_devices(user):
    """(devices, mask): the devices of dashboard_sites(user), and whether the small-count rule applies."""
    site_ids, mask = dashboard_sites(user)
    return _devices_of(site_ids), mask


def _devices_of(site_ids):
    return Device.objects.all() if site_ids is None else Device.objects.filter(site_id__in=site_ids)


def with_shown_counts(rows, mask, keys=("n",)):
    """The rows with, for each counted key, its text under the small-count rule (`shown_<key>`).

    Each key is a group whose total is on the page (the caption, the heading): it is masked as a whole
    (core.smallcounts.display_group), so that no "< 5" comes back by subtracting the visible rows."""
    rows = [dict(row) for row in rows]
    for key in keys:
        for row, text in zip(rows, display_group([row[key] for row in rows], mask), strict=True):
            row[f"shown_{key}"] = text
    return rows


def statuses_shown(rows, mask):
    """By status, the in-stock statuses first as their own group (their total is the "Appareils en stock"
    heading), then every status together (each count is also the sum of a column of the sites table)."""
    counts = [row["n"] for row in rows]
    in_stock = [index for index, row in enumerate(rows) if row["key"] in IN_STOCK_STATUSES]
    hidden_in_stock = suppressed_cells([counts[index] for index in in_stock], mask)
    hidden = suppressed_cells(counts, mask, already=[in_stock[index] for index in hidden_in_stock])
    return [
        {**row, "shown_n": display_cell(row["n"], index in hidden, index in hidden.plain)}
        for index, row in enumerate(rows)
    ]


def masked_summaries(summary, sites, sales, mask):
    """The dashboard's breakdowns with their display texts (exact figures when `mask` is False)."""
    summary = {
        **summary,
        "by_status": statuses_shown(summary["by_status"], mask),
        **{key: with_shown_counts(summary[key], mask) for key in ("by_category", "by_grade", "by_age")},
    }
    sales = {**sales, "devices": with_shown_counts(sales["devices"], mask)}
    if sales["codes"] is not None:
        sales["codes"] = with_shown_counts(sales["codes"], mask)
    return summary, with_shown_counts(sites, mask, ("in_stock", "available", "sold")), sales


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    user = request.user
    site_ids, mask = dashboard_sites(user)
    devices = _devices_of(site_ids)  # read for the ages in stock and the recent sales only
    rows = counter_rows(site_ids)  # the exact counters (services/stock_counts.py), not the devices
    stock_staff = user.has_role(Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR)
    codes = RechargeCode.objects.visible_to(user) if stock_staff else None
    nothing_in_scope = mask and observer_scope(user).site_ids_for_figures == frozenset() and not user.site_ids()
    summary, sites, sales = masked_summaries(
        stock_summary(rows, devices), site_rows(site_ids), sales_summary(devices, codes), mask
    )
    return render(
        request,
        "inventory/dashboard.html",
        {
            "summary": summary,
            "sites": sites,
            "sales": sales,
            "workshop": user.has_role(Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER),
            "stock_staff": stock_staff,
            "mask": mask,
            "nothing_in_scope": nothing_in_scope,
            "rule_text": RULE_TEXT,
        },
    )
