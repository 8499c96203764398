"""The small-count rule: counts under 5 show as "< 5" for observers and in shared reports.

It lives in core so that every room an observer can open (statistics, stock dashboard…) applies the same
rule; tremplin/stats/smallcounts.py re-exports it for the statistics room.

One function (`display_count`) and its template filter (`{{ value|small_count:mask }}`) are used everywhere
a count is shown, so that no figure could single a person out. Zero stays "0": it reveals nobody.
Shares and rates computed from masked counts are masked too (`display_share`).

Masking cells one by one is not enough: in a breakdown whose total (or other rows) is shown, a single
masked cell comes back by subtraction (total 12, rows 9 and "< 5": the masked cell is 3). So every group of
counts shown together — a table column, the rows of a breakdown — goes through `suppressed_cells`, the
complementary (secondary) suppression statistical offices use: when exactly one cell is masked, the next
smallest non-zero cell is masked too (shown "masqué"), and more cells are added while a masked cell could
still be pinned to one value from the total (e.g. two "< 5" summing to 2 must both be 1). Zero stays "0".
A total under 5 is masked by `display_count` like any count.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SMALL_COUNT_THRESHOLD = 5
MASKED = "< 5"
# A count of 5 or more hidden only so that a "< 5" next to it cannot be recovered by subtraction.
SUPPRESSED = gettext_lazy("masqué")

RULE_TEXT = gettext_lazy(
    "Pour protéger les personnes, les effectifs de 1 à 4 sont affichés « < 5 » pour les financeurs et "
    "acteurs publics et dans les rapports partagés ; les taux calculés sur moins de 5 personnes ne sont "
    "pas affichés. Pour qu'aucun effectif masqué ne puisse être retrouvé par soustraction du total, "
    "quand une seule case d'un tableau est masquée, la plus petite autre case non nulle est aussi "
    "masquée (« masqué »)."
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


def _pinned(values, hidden):
    """Whether one hidden cell of the group could be worked out exactly from the others and the total.

    The viewer knows the sum of the hidden cells (total minus the visible ones), that each "< 5" lies in
    1–4 and each "masqué" is 5 or more: a cell is pinned when those bounds leave it a single value."""
    small = [i for i in hidden if is_small(values[i])]
    large = [i for i in hidden if not is_small(values[i])]
    if len(hidden) < 2:
        return bool(hidden)
    total = sum(values[i] for i in hidden)
    low = {i: 1 if i in small else SMALL_COUNT_THRESHOLD for i in hidden}
    for i in hidden:
        others_low = sum(low[j] for j in hidden if j != i)
        upper = total - others_low
        if i in small:
            upper = min(upper, SMALL_COUNT_THRESHOLD - 1)
        if large:  # a "masqué" cell has no upper bound: only the others' lower bounds constrain this one
            if upper == low[i]:
                return True
            continue
        others_high = (SMALL_COUNT_THRESHOLD - 1) * (len(small) - 1)
        if max(low[i], total - others_high) == upper:
            return True
    return False


def suppressed_cells(values, mask=True, already=()):
    """The indexes of a group's cells to hide: primary ("< 5") and complementary ("masqué").

    `values` are the counts of one group whose total is visible (a table column, a breakdown). Counts from
    1 to 4 are hidden; if that leaves one hidden cell, or hidden cells whose value the total would give back,
    the smallest visible non-zero cells are hidden too, one at a time. Zeros and None are never hidden.
    `already`: indexes hidden by another group the cell belongs to (a sub-total shown elsewhere)."""
    if not mask:
        return frozenset()
    hidden = {i for i, value in enumerate(values) if is_small(value)} | {i for i in already if values[i]}
    if not hidden:
        return frozenset()
    candidates = sorted(
        (i for i, value in enumerate(values) if value and i not in hidden), key=lambda i: (values[i], i)
    )
    while candidates and _pinned(values, hidden):
        hidden.add(candidates.pop(0))
    return frozenset(hidden)


def display_cell(value, hidden):
    """A cell of a group as text: "< 5" or "masqué" when `hidden` (suppressed_cells), the count otherwise."""
    if hidden and value:
        return MASKED if is_small(value) else str(SUPPRESSED)
    return display_count(value)


def export_cell(value, hidden):
    """A cell of a group for a file: the number, or the text "< 5" / "masqué" when hidden."""
    if hidden and value:
        return MASKED if is_small(value) else str(SUPPRESSED)
    return value


def display_group(values, mask=False):
    """The texts of a group of counts shown together, under the small-count rule with its complement."""
    hidden = suppressed_cells(values, mask)
    return [display_cell(value, i in hidden) for i, value in enumerate(values)]


def mask_value(value, mask=False):
    """For exports: the number, or the string "< 5" under the rule (same rule as display_count)."""
    if mask and is_small(value):
        return MASKED
    return value


def rate_base(part, whole):
    """The count a rate part / whole could reveal: the smaller non-zero of the two (0 when both are 0).
    A fill rate of 50 % on 8 seats gives the 4 bookings back: its base is 4, so it is hidden like them."""
    counts = [count for count in (part, whole) if count]
    return min(counts) if counts else 0


def display_value(value, unit="count", mask=False, base=None):
    """Any figure as text: counts follow the rule; a rate or a median (any figure that is not a count) is
    hidden ("—") when its `base` — rate_base() of a rate, the number of people a median is over — is 1 to 4."""
    if value is None:
        return "—"
    if unit == "count":
        return display_count(value, mask)
    if mask and is_small(base):
        return "—"
    if unit == "percent":
        return _("%(share)s %%") % {"share": number_format(round(value), force_grouping=True)}
    if unit == "hours":
        return _("%(hours)s h") % {"hours": number_format(value, 1 if value % 1 else 0, force_grouping=True)}
    if unit == "days":
        return _("%(days)s j") % {"days": number_format(value, 1 if value % 1 else 0, force_grouping=True)}
    if unit == "euros":
        return _("%(amount)s €") % {"amount": number_format(value, 2, force_grouping=True)}
    return number_format(value, force_grouping=True)
