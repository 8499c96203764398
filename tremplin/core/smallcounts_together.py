"""Step 4 of core.smallcounts.suppress(): every relation solved together, as an intruder would.

Relations that are each safe can pin a count together (6 referrals shown, 5 accepted "masqué" and per
partner referrals ≥ accepted + declined give the 1 declined back). `complete` writes down what a viewer knows
(the bounds of each hidden cell, every relation, the unseen differences of nested counts) and asks
core/linear.py for the smallest and largest value of each count of 1 to 4; while one is pinned it hides one
more cell, shows the hidden cells of its relations "masqué", or hides their total (docs/guide-statistiques.md,
« Masquage : ce que l'intrus peut calculer »).
"""

from math import ceil, floor

from .linear import INF, bounds
from .smallcounts import INFINITY, SMALL_COUNT_THRESHOLD, _bounds, _disguising, is_small


def _system(values, relations, hidden, plain, groups):
    """What a viewer can write down: {unknown: (low, high)}, [constraints], {unknown: relation numbers}, the
    unknowns of 1 to 4 (hidden cells, a nested count's unseen difference, a breakdown's total under 5)."""
    ranges, constraints, member, wanted = {}, [], {}, {}

    def term(cell, number):
        value = values.get(cell) or 0
        if cell in hidden and value:
            low, high = _bounds(value, True, cell in plain)
            ranges[cell] = (low, None if high == INFINITY else high)
            member.setdefault(cell, set()).add(number)
            if is_small(value):
                wanted[cell] = value
            return cell, 0
        return None, value

    for number, relation in enumerate(relations):
        coefficients, constant = {}, 0
        for cell in relation.parts:
            unknown, value = term(cell, number)
            if unknown is None:
                constant += value
            else:
                coefficients[unknown] = coefficients.get(unknown, 0) + 1
        if relation.total is None:
            total = sum(values.get(cell) or 0 for cell in relation.parts)
            unknown, value = (("__total__", number), 0) if is_small(total) else (None, total)
            if unknown is not None:
                ranges[unknown] = (1, SMALL_COUNT_THRESHOLD - 1)
                member[unknown] = {number}
                wanted[unknown] = total
        else:
            total = values.get(relation.total) or 0
            unknown, value = term(relation.total, number)
        if unknown is not None:
            coefficients[unknown] = coefficients.get(unknown, 0) - 1
        if not relation.exact:
            rest = ("__rest__", number)
            difference = total - sum(values.get(cell) or 0 for cell in relation.parts)
            ranges[rest] = (0, None)
            member[rest] = {number}
            coefficients[rest] = 1
            if is_small(difference):
                wanted[rest] = difference
        if coefficients:
            constraints.append((coefficients, "=", value - constant))
    for cell in ranges:
        for other in groups.get(cell, ()):
            if other != cell and other in ranges:
                constraints.append(({cell: 1, other: -1}, "=", 0))
    return ranges, constraints, member, wanted


def _pinned_together(values, relations, hidden, plain, groups):
    """{unknown: relation numbers} of the counts of 1 to 4 that all the relations together pin to one value."""
    ranges, constraints, member, wanted = _system(values, relations, hidden, plain, groups)
    if not wanted:
        return {}
    parent = {unknown: unknown for unknown in ranges}

    def root(unknown):
        while parent[unknown] != unknown:
            parent[unknown] = parent[parent[unknown]]
            unknown = parent[unknown]
        return unknown

    for coefficients, _sense, _rhs in constraints:
        first, *others = coefficients
        for other in others:
            parent[root(other)] = root(first)
    components = {}
    for unknown in ranges:
        components.setdefault(root(unknown), set()).add(unknown)
    pinned = {}
    for members in components.values():
        asked = [unknown for unknown in members if unknown in wanted]
        if not asked:
            continue
        system = [item for item in constraints if set(item[0]) & members]
        found = bounds({unknown: ranges[unknown] for unknown in members}, system, asked, wanted, exact=False)
        for unknown in asked:
            low, high = found[unknown]
            if high != INF and ceil(low - 1e-6) == floor(high + 1e-6):
                pinned[unknown] = member[unknown]
    return pinned


def complete(values, relations, hidden, plain, groups, order):
    """Step 4 of suppress(): one more cell hidden (or "masqué" shown plain, or a total hidden) for a count of
    1 to 4 that the relations pin together; True when something changed."""
    pinned = _pinned_together(values, relations, hidden, _disguising(values, relations, plain), groups)
    if not pinned:
        return False
    numbers = {number for found in pinned.values() for number in found}
    while True:
        concerned = [relations[number] for number in sorted(numbers)]
        if _protect(concerned, values, hidden, plain, order):
            return True
        # Nothing left to do there (its totals hidden, and still pinned: a hidden total comes back from another
        # relation): the relations of its hidden cells, one step further.
        cells = {cell for relation in concerned for cell in (relation.total, *relation.parts) if cell in hidden}
        wider = {n for n, r in enumerate(relations) if cells & {r.total, *r.parts}} | numbers
        if wider == numbers:
            return False
        numbers = wider


def _protect(concerned, values, hidden, plain, order):
    """One more cell hidden for the relations `concerned`; True when something changed."""
    # (a) the smallest shown non-zero part of a relation a pinned count belongs to (a complement, "masqué");
    candidates = sorted(
        {cell for relation in concerned for cell in relation.parts if values.get(cell) and cell not in hidden},
        key=lambda cell: (values[cell], order.get(cell, 0)),
    )
    if candidates:
        hidden.add(candidates[0])
        return True
    # (b) its hidden cells all show "masqué" (step 3: which of them are under 5 is not told);
    cells = {cell for relation in concerned for cell in (relation.total, *relation.parts) if cell in hidden}
    chosen = {cell for cell in cells - plain if values.get(cell)}
    if chosen:
        plain |= chosen
        return True
    # (c) the totals themselves (what a statistics office does when a table cannot be protected otherwise:
    # four people in four communes under a total of 4, even all "masqué", are 1 each).
    totals = sorted(
        {relation.total for relation in concerned if relation.total is not None and relation.total not in hidden},
        key=lambda cell: (values.get(cell) or 0, order.get(cell, 0)),
    )
    totals = [cell for cell in totals if values.get(cell)]
    if totals:
        hidden.add(totals[0])
        return True
    return False
