"""Links of the dashboard to its exports, programmes, reports and share links (stats-reports)."""

from django import template
from django.urls import reverse

from tremplin.core.roles import Role

register = template.Library()


def _page_params(context):
    """The page's filters as applied: the form's data, where a filter outside the user's scope was dropped
    (forms.StatsFilterForm.notices), so that the files match the page; the request's GET otherwise."""
    form = context.get("form")
    data = getattr(form, "data", None)
    return (data if data is not None and hasattr(data, "urlencode") else context["request"].GET).copy()


@register.simple_tag(takes_context=True)
def export_url(context, fmt, table_key=""):
    """The export of the page's own filters: all tables (XLSX) or one table (CSV, `table_key`)."""
    params = _page_params(context)
    params.pop("table", None)
    if table_key:
        params["table"] = table_key
    query = params.urlencode()
    return reverse("stats:export", args=[fmt]) + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def coop_export_url(context, fmt):
    query = _page_params(context).urlencode()
    return reverse("stats:coop_export", args=[fmt]) + (f"?{query}" if query else "")


@register.inclusion_tag("stats/includes/report_links.html", takes_context=True)
def report_links(context):
    user = context["request"].user
    staff = user.is_network_admin or user.has_role(Role.SITE_MANAGER)
    return {"request": context["request"], "staff": staff, "form": context.get("form")}
