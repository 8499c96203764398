"""The small-count rule: counts under 5 show as "< 5" for observers and in shared reports.

It lives in core so that every room an observer can open (statistics, stock dashboard…) applies the same
rule; tremplin/stats/smallcounts.py re-exports it for the statistics room.

One function (`display_count`) and its template filter (`{{ value|small_count:mask }}`) are used everywhere
a count is shown, so that no figure could single a person out. Zero stays "0": it reveals nobody.
Shares and rates computed from masked counts are masked too (`display_share`).
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SMALL_COUNT_THRESHOLD = 5
MASKED = "< 5"

RULE_TEXT = gettext_lazy(
    "Pour protéger les personnes, les effectifs de 1 à 4 sont affichés « < 5 » pour les financeurs et "
    "acteurs publics et dans les rapports partagés ; les taux calculés sur moins de 5 personnes ne sont "
    "pas affichés."
)


def is_small(value):
    return value is not None and 0 < value < SMALL_COUNT_THRESHOLD


def display_count(value, mask=False):
    """The count as text: "< 5" when masking applies and 0 < value < 5; "—" for None."""
    if value is None:
        return "—"
    if mask and is_small(value):
        return MASKED
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, 1, force_grouping=True)
    return number_format(int(value), force_grouping=True)


def display_share(numerator, denominator, mask=False):
    """A percentage (no decimals), "—" when the denominator is 0 or (masked) under the threshold."""
    if not denominator:
        return "—"
    if mask and (is_small(denominator) or is_small(numerator)):
        return MASKED if is_small(numerator) else "—"
    return _("%(share)s %%") % {"share": number_format(round(100 * numerator / denominator), force_grouping=True)}


def mask_value(value, mask=False):
    """For exports: the number, or the string "< 5" under the rule (same rule as display_count)."""
    if mask and is_small(value):
        return MASKED
    return value


def display_value(value, unit="count", mask=False, base=None):
    """Any figure as text: counts follow the rule; percentages are hidden when their base is small."""
    if value is None:
        return "—"
    if unit == "count":
        return display_count(value, mask)
    if unit == "percent":
        if mask and is_small(base):
            return "—"
        return _("%(share)s %%") % {"share": number_format(round(value), force_grouping=True)}
    if unit == "hours":
        return _("%(hours)s h") % {"hours": number_format(value, 1 if value % 1 else 0, force_grouping=True)}
    if unit == "days":
        return _("%(days)s j") % {"days": number_format(value, 1 if value % 1 else 0, force_grouping=True)}
    if unit == "euros":
        return _("%(amount)s €") % {"amount": number_format(value, 2, force_grouping=True)}
    return number_format(value, force_grouping=True)
