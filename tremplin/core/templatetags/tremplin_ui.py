"""Shared interface pieces, loaded in every template (settings TEMPLATES builtins).

- `{% search_box %}`: the one person/list search component (see core/private_search.py).
- Date filters: one format per context, defined once in `DATE_FORMATS`, so a date reads the same on
  every page (`|date_short` in tables, `|date_long` in sentences, `|day_heading` above a day's list…).
"""

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

register = template.Library()

# One format per context. Change a context here, never with a `|date:"…"` in a template.
DATE_FORMATS = {
    "date_short": "d/m/Y",  # tables and lists: 30/11/2026
    "datetime_short": "d/m/Y H:i",  # tables and lists: 30/11/2026 14:05
    "date_long": "j F Y",  # sentences and documents: 30 novembre 2026
    "datetime_long": "j F Y, H:i",  # sentences and documents: 30 novembre 2026, 14:05
    "day_long": "l j F Y",  # a session's day: lundi 30 novembre 2026
    "day_heading": "l j F",  # a day's heading in a week: lundi 30 novembre
    "month": "F Y",  # novembre 2026
    "hour": "H:i",  # 14:05
}


def _make_filter(name, fmt):
    def display(value):
        if value in (None, ""):
            return ""
        if hasattr(value, "tzinfo") and value.tzinfo is not None and "H" in fmt:
            value = timezone.localtime(value)
        return date_filter(value, fmt)

    display.__name__ = name
    display.__doc__ = f"The `{fmt}` format ({name})."
    register.filter(name, display, expects_localtime=False)
    return display


for _name, _fmt in DATE_FORMATS.items():
    _make_filter(_name, _fmt)


@register.inclusion_tag("core/includes/search_box.html", takes_context=True)
def search_box(
    context,
    label,
    query="",
    help="",
    field_id="search-q",
    remember=False,
    action="",
    hidden_action="",
    htmx_target="",
    clear=False,
    button="",
    method="post",
):
    """The one search box: a label, an optional hint, the field and its button on one line.

    A person search posts (names stay out of addresses); `method="get"` is only for lists without
    personal data (sites, partners). `remember=True` posts to the private search
    (`core:remember_search`), which keeps the text in the session for the page; otherwise the form
    posts to `action` (default: the page itself), with `action=<hidden_action>` when the page's view
    tells searches from its other forms that way. `htmx_target` refreshes only that element.
    """
    request = context.get("request")
    if remember:
        action = reverse("core:remember_search")
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "label": label,
        "query": query or "",
        "help": help,
        "field_id": field_id,
        "remember": remember,
        "action": action,
        "hidden_action": hidden_action,
        "htmx_target": htmx_target,
        "clear": clear,
        "button": button,
        "method": "get" if method == "get" else "post",
    }
