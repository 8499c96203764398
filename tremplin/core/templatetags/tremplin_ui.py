"""Shared interface pieces, loaded in every template (settings TEMPLATES builtins).

- `{% search_box %}`: the one person/list search component (see core/private_search.py).
- `{% person_name person %}`: a person's name only for a user whose scope includes them.
- Date filters: one format per context, defined once in `DATE_FORMATS`, so a date reads the same on
  every page (`|date_short` in tables, `|date_long` in sentences, `|day_heading` above a day's list…);
  the formats live in core/dates.py. An optional zone shows an instant at a site: `|day_time_long:site.tzinfo`.
- French joins of data into sentences (core/text.py): `{{ value|inside_quotes }}` for a value put between « »
  in a message, `{{ message|french_join:value }}` on a `{% blocktranslate … asvar message %}` that puts
  `value` after "de", "à" or "que" ("d'Outremer", "au Port", "qu'Anne").
"""

import re
from datetime import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from tremplin.core import text
from tremplin.core.dates import DATE_FORMATS, with_first_of_month

register = template.Library()


def _make_filter(name, fmt):
    def display(value, zone=None):
        if value in (None, ""):
            return ""
        if zone is not None and isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value, zone)
        # An aware datetime is already in local time here (expects_localtime): its day is the one shown.
        return date_filter(value, with_first_of_month(fmt, value))

    display.__name__ = name
    display.__doc__ = (
        f"The `{fmt}` format ({name}); `{{{{ value|{name}:site.tzinfo }}}}` shows an aware datetime in that zone "
        "instead of the current one (a list of sessions at several sites, without a `{% timezone %}` block per line)."
    )
    # Like Django's |date: an aware datetime is shown in the current time zone.
    register.filter(name, display, expects_localtime=True)
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
    name="q",
    input_type="search",
    autocomplete="off",
    error="",
):
    """The one search box: a label, an optional hint, the field and its button on one line.

    A person search posts (names stay out of addresses); `method="get"` is only for lists without
    personal data (sites, partners). `remember=True` posts to the private search
    (`core:remember_search`), which keeps the text in the session for the page; otherwise the form
    posts to `action` (default: the page itself), with `action=<hidden_action>` when the page's view
    tells searches from its other forms that way. `htmx_target` refreshes only that element.
    `name`, `input_type`, `autocomplete` and `error` (a message shown above the field, role="alert") serve
    searches that are not a text query, e.g. the public "near me" search by postal code or commune.
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
        "name": name,
        "input_type": input_type if input_type in ("search", "text") else "search",
        "autocomplete": autocomplete,
        "error": error,
    }


@register.simple_tag(takes_context=True)
def person_name(context, person, with_birth_year=False):
    """`{% person_name person %}`: the name for a user whose scope includes the person, else a pseudonym.

    The one rule of tremplin/people/visibility.py (docs/roles.md): the national team and observers never
    read a person's name on a page someone else recorded (activities, devices, sessions, messages…).
    """
    from tremplin.people.visibility import may_see_person, person_label

    request = context.get("request")
    user = getattr(request, "user", None)
    label = person_label(user, person)
    if with_birth_year and person is not None and person.birth_year and may_see_person(user, person):
        label = f"{label} ({person.birth_year})"
    return label


@register.filter
def pseudonym(person):
    """`{{ person|pseudonym }}`: « Personne n° 4F2A9C1B », never the name (tremplin/people/visibility.py)."""
    from tremplin.people.visibility import pseudonym as make

    return make(person) if person is not None else ""


@register.filter
def small_count(value, mask=False):
    """`{{ count|small_count:mask }}`: "< 5" for 1 to 4 when `mask` (observers), the number otherwise.

    The one small-count rule of tremplin/core/smallcounts.py, for the rooms below statistics."""
    from tremplin.core.smallcounts import display_count

    return display_count(value, bool(mask))


@register.filter(name="inside_quotes")
def inside_quotes_filter(value):
    """`{% blocktranslate with title=workshop.title|inside_quotes %}« {{ title }} »…`: no « « … » »."""
    return text.inside_quotes(value) if value not in (None, "") else ""


@register.filter(needs_autoescape=True)
def french_join(message, value, autoescape=True):
    """`{{ heading|french_join:site.name }}`: "de Outremer" → "d'Outremer", "à Le Port" → "au Port" in `message`
    (a blocktranslate output, its values already escaped), only where `value` follows the word."""
    escape = conditional_escape if autoescape else str
    message, shown = escape(message), escape(value if value is not None else "")
    if not shown:
        return mark_safe(message) if autoescape else message
    pattern = re.compile(r"(?<![\w'’;])(de|De|que|Que|jusque|à|À) " + re.escape(shown))
    joined = pattern.sub(lambda match: text.join_word(match.group(1), shown), message)
    return mark_safe(joined) if autoescape else joined


@register.simple_tag
def latin_spelling(*parts):
    """`{% latin_spelling person.last_name|upper person.first_name %}`: « (IVANOV Ivan) » after a name written in
    another alphabet, so staff can say it and search it (core.text.latin_spelling); nothing for a Latin name."""
    spelt = text.latin_spelling(" ".join(str(part) for part in parts if part))
    if not spelt:
        return ""
    return format_html(' <small class="latin-spelling">({})</small>', spelt)


@register.filter
def has_required_fields(form):
    """`{% if form|has_required_fields %}`: the form says « Sauf mention contraire, … obligatoires »."""
    from tremplin.core.forms_rendering import has_required_fields as check

    return check(form) if form is not None and hasattr(form, "fields") else False


@register.filter
def siret(value):
    """`{{ site.siret|siret }}`: a SIRET as INSEE prints it (core.text.siret_as_printed)."""
    return text.siret_as_printed(value)
