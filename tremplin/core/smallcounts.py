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
A total under 5 is masked by `display_count` like any count. `suppress` is the general form: any additive
relations (a headline total and its parts, nested counts), cells shown twice, several groups at once — the
statistics room declares its relations in tremplin/stats/masking.py.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SMALL_COUNT_THRESHOLD = 5
MASKED = "< 5"
# A count of 5 or more hidden only so that a "< 5" next to it cannot be recovered by subtraction.
SUPPRESSED = gettext_lazy("masqué")

RULE_TEXT = gettext_lazy(
    "Pour protéger les personnes, les effectifs de 1 à 4 sont affichés « < 5 » pour les financeurs et "
    "acteurs publics et dans les rapports partagés ; un taux, une part ou un délai médian calculé sur 1 à "
    "4 personnes, ou sur un effectif masqué, s'affiche « — » (comme une valeur absente). "
    "Pour qu'aucun effectif masqué ne puisse être retrouvé par soustraction d'un total ou "
    "d'un autre chiffre affiché, la plus petite autre case non nulle est aussi masquée (« masqué ») ; "
    "quand cela ne suffit pas, toutes les cases masquées du groupe s'affichent « masqué », et en dernier "
    "recours leur total est masqué lui aussi."
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
        return "—"  # not « < 5 », which would read "less than 5 %"
    return _("%(share)s %%") % {"share": number_format(round(100 * numerator / denominator), force_grouping=True)}


INFINITY = float("inf")


@dataclass(frozen=True)
class Relation:
    """total = sum(parts) (+ a remainder nobody sees, when `exact` is False), as a viewer of the page knows it.

    `total` is a cell, or None for the implicit total of a breakdown (its shares, a caption): then the total is
    known exactly from 5 on and as "< 5" under 5. `exact=False` for a nested count (contacted among referred):
    the difference (referred but not contacted) is a count of people that is never shown but could be worked
    out by subtraction, so it must not be pinned to 1–4 either."""

    total: object
    parts: tuple
    exact: bool = True


@dataclass(frozen=True)
class Suppression:
    """The cells to hide, and among them those shown "masqué" whatever their value (`plain`, see suppress())."""

    hidden: frozenset = frozenset()
    plain: frozenset = frozenset()


def _bounds(value, hidden, plain):
    """What a viewer knows of a cell: its value when shown; 1–4 for "< 5"; 5 or more for "masqué" (the rule
    hides a count of 5 or more only as a complement); 1 or more for a "masqué" of a group that had to hide
    every cell (`plain`)."""
    if not hidden:
        return value, value
    if plain:
        return 1, INFINITY
    return (1, SMALL_COUNT_THRESHOLD - 1) if is_small(value) else (SMALL_COUNT_THRESHOLD, INFINITY)


def _disguising(values, relations, plain):
    """The "masqué" cells a viewer cannot tell are 5 or more: a count of 1 to 4 shown "masqué" (step 3), and a
    count of 5 or more in a relation with such a cell (which of them is the small one?). A count of 5 or more
    shown "masqué" among none is known to be 5 or more, whatever the rule's bookkeeping calls it."""
    small = {cell for cell in plain if is_small(values.get(cell) or 0)}
    known = set(small)
    for relation in relations:
        cells = {relation.total, *relation.parts}
        if cells & small:
            known |= cells & plain
    return known


def _pinned_cell(values, relation, hidden, plain, rest):
    """A hidden cell of `relation` whose value the viewer can work out exactly (None when there is none)."""
    parts = list(relation.parts)
    bounds = {cell: _bounds(values.get(cell) or 0, cell in hidden, cell in plain) for cell in parts}
    if relation.total is None:
        total = sum(values.get(cell) or 0 for cell in parts)
        known_total = (1, SMALL_COUNT_THRESHOLD - 1) if is_small(total) else (total, total)
    else:
        total = values.get(relation.total) or 0
        known_total = _bounds(total, relation.total in hidden, relation.total in plain)
    if not relation.exact:  # the unseen remainder: 0 or more
        parts.append(rest)
        bounds[rest] = (0, INFINITY)
    # Sums over all parts, minus the cell's own bound below (linear, not quadratic: a table of 200 partners).
    lows = sum(low for low, _high in bounds.values())
    finite_highs = sum(high for _low, high in bounds.values() if high != INFINITY)
    infinite_highs = sum(1 for _low, high in bounds.values() if high == INFINITY)
    for cell in parts:
        value = values.get(cell) or 0 if cell != rest else total - sum(values.get(c) or 0 for c in relation.parts)
        if cell != rest and not (cell in hidden and value):
            continue
        if cell == rest and not is_small(value):  # only a remainder of 1 to 4 people must stay unknown
            continue
        own_low, own_high = bounds[cell]
        if infinite_highs - (own_high == INFINITY):
            others_high = INFINITY
        else:
            others_high = finite_highs - (own_high if own_high != INFINITY else 0)
        low = max(own_low, known_total[0] - others_high)
        high = min(own_high, known_total[1] - (lows - own_low))
        if low == high:
            return cell
    if relation.total is not None and relation.total in hidden and total:
        low = max(known_total[0], sum(bounds[cell][0] for cell in parts))
        high = min(known_total[1], sum(bounds[cell][1] for cell in parts))
        if low == high:
            return relation.total
    return None


def suppress(values, relations, *, links=(), already=(), order=None):
    """The cells to hide so that no count of 1 to 4 can be shown or worked out from the relations shown.

    `values`: {cell: count}; `relations`: Relation(total, parts) — every additive relation a viewer can see
    (a breakdown and its total, helped = new + already followed, a nested step of a funnel…); `links`: sets
    of cells that are the same count shown twice (hidden together); `already`: cells hidden by another rule.

    1. Primary suppression: counts 1–4 are hidden ("< 5"), and any cell linked to a hidden one.
    2. Complementary suppression: while a relation lets a hidden cell (or, for a nested count, the unseen
       difference of 1–4) be worked out exactly, its smallest shown non-zero part is hidden too ("masqué");
       a total stays shown.
    3. A relation with no part left to hide and still a cell to work out (two cells 5 and 1 under a shown
       total of 6: "masqué" means 5 or more, so "< 5" + "masqué" = 6 gives 1 and 5) shows all its hidden
       cells "masqué" without telling which is the small one (`plain`): 6 = a + b with a, b ≥ 1 has five
       answers.
    4. Each relation safe on its own is not enough: relations together can pin a cell (referrals 6 shown,
       accepted "masqué" so 5 or 6, and per partner referrals ≥ accepted + declined give accepted 5, declined
       1). smallcounts_together.complete() solves every relation together (linear programming,
       core/linear.py) and, for a count of 1 to 4 still pinned, hides one more cell (step 2 on a relation it
       belongs to), else shows the hidden cells of those relations "masqué" (step 3), else hides their totals.
    Repeated over every relation until nothing changes. Zeros and None are never hidden.
    """
    order = order or {cell: index for index, cell in enumerate(values)}
    groups = {}
    for linked in links:
        linked = frozenset(linked)
        for cell in linked:
            groups[cell] = groups.get(cell, frozenset()) | linked
    hidden = {cell for cell, value in values.items() if is_small(value)} | {c for c in already if values.get(c)}
    plain = set()

    def close(cells):
        for cell in list(cells):
            cells.update(other for other in groups.get(cell, ()) if values.get(other))

    changed = True
    while changed:
        changed = False
        close(hidden)
        close(plain)
        disguised = _disguising(values, relations, plain)  # recomputed on the next round: smaller is safer
        for number, relation in enumerate(relations):
            rest = ("__rest__", number)
            while _pinned_cell(values, relation, hidden, disguised, rest) is not None:
                candidates = sorted(
                    (cell for cell in relation.parts if values.get(cell) and cell not in hidden),
                    key=lambda cell: (values[cell], order.get(cell, 0)),
                )
                if candidates:
                    hidden.add(candidates[0])
                    close(hidden)
                    changed = True
                    continue
                cells = {cell for cell in (relation.total, *relation.parts) if cell in hidden} - plain
                if cells:
                    plain |= cells
                    close(plain)
                    changed = True
                break
        if not changed:
            from .smallcounts_together import complete  # step 4 (a module of its own: the size rule)

            changed = complete(values, relations, hidden, plain, groups, order)
            close(hidden)
            close(plain)
    return Suppression(frozenset(hidden), frozenset(plain))


class Hidden(frozenset):
    """The indexes of a group's hidden cells (a frozenset), with `plain`: those shown "masqué" whatever their
    value (suppress(), step 3)."""

    plain = frozenset()


def suppressed_cells(values, mask=True, already=()):
    """The indexes of a group's cells to hide: primary ("< 5") and complementary ("masqué").

    `values` are the counts of one group whose total is visible (a table column, a breakdown): suppress() with
    one relation, the group's implicit total. `already`: indexes hidden by another group the cell belongs to
    (a sub-total shown elsewhere). The result's `plain`: indexes to show "masqué" whatever their value."""
    if not mask:
        return Hidden()
    cells = dict(enumerate(values))
    found = suppress(cells, [Relation(None, tuple(cells))], already=already)
    result = Hidden(found.hidden)
    result.plain = found.plain
    return result


def display_cell(value, hidden, plain=False):
    """A cell of a group as text: "< 5" or "masqué" when `hidden` (suppressed_cells), the count otherwise;
    always "masqué" when `plain` (a group that had to hide all its cells: suppress(), step 3)."""
    if hidden and value:
        return MASKED if is_small(value) and not plain else str(SUPPRESSED)
    return display_count(value)


def export_cell(value, hidden, plain=False):
    """A cell of a group for a file: the number, or the text "< 5" / "masqué" when hidden."""
    if hidden and value:
        return MASKED if is_small(value) and not plain else str(SUPPRESSED)
    return value


def display_group(values, mask=False):
    """The texts of a group of counts shown together, under the small-count rule with its complement."""
    hidden = suppressed_cells(values, mask)
    return [display_cell(value, i in hidden, i in hidden.plain) for i, value in enumerate(values)]


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
        from tremplin.core.money import euros

        return euros(value)
    return number_format(value, force_grouping=True)
