"""A small exact linear-programming solver (two-phase simplex over fractions): what a viewer can work out.

No solver library is installed (no scipy): this one is enough for the small systems of one dashboard (tens of
unknowns; core.smallcounts.suppress() and the intruder test in stats/tests use it). `bounds(variables,
constraints)` gives, for each unknown, the smallest and largest value it can take under the constraints (LP
relaxation: an outer bound of the integer values, rounded inwards by the callers; the relations are sums, whose
systems are integral in practice — a count pinned by the relaxation is pinned, the converse is not claimed).

constraints: [(coefficients {variable: number}, sense "=", "<=" or ">=", right-hand side)];
variables: {variable: (low, high)} with low finite and high a number or None (no upper bound).
"""

from fractions import Fraction

INF = float("inf")


class Infeasible(Exception):
    pass


def _pivot(tableau, basis, row, column, eps=0):
    pivot = tableau[row][column]
    tableau[row] = [value / pivot for value in tableau[row]]
    for other, line in enumerate(tableau):
        if other != row and abs(line[column]) > eps:
            factor = line[column]
            tableau[other] = [a - factor * b for a, b in zip(line, tableau[row], strict=True)]
    basis[row] = column


def _optimise(tableau, basis, objective, allowed, eps=0):
    """Minimise objective·x over the tableau (rows: [coefficients…, rhs]); Bland's rule. Returns the value or
    -INF when unbounded. `allowed`: the columns that may enter."""
    width = len(tableau[0]) - 1
    while True:
        # reduced costs
        costs = [*list(objective), 0]
        for row, column in enumerate(basis):
            if abs(costs[column]) > eps:
                factor = costs[column]
                costs = [a - factor * b for a, b in zip(costs, tableau[row], strict=True)]
        entering = next((column for column in range(width) if column in allowed and costs[column] < -eps), None)
        if entering is None:
            return -costs[-1]
        best = None
        for row, line in enumerate(tableau):
            if line[entering] > eps:
                ratio = line[-1] / line[entering]
                tie = best is not None and abs(ratio - best[0]) <= eps
                if best is None or (ratio < best[0] and not tie) or (tie and basis[row] < basis[best[1]]):
                    best = (ratio, row)
        if best is None:
            return -INF
        _pivot(tableau, basis, best[1], entering, eps)


def bounds(variables, constraints, wanted=None, truth=None, exact=True):
    """{variable: (min, max)} (Fractions, max may be INF) for `wanted` (default: every variable).
    `truth`: {variable: its actual value}, to tell pinned from not pinned only: when the largest value is 1 or
    more above the actual one, the smallest is not computed (the variable's own lower bound is returned).
    `exact=False`: floating point with a tolerance of 1e-9 (some fifty times faster; the systems are small
    sums of counts, the callers round with a tolerance of 1e-6) — what suppress() uses on every page.
    Raises Infeasible when no value satisfies the constraints (a knowledge model that is wrong)."""
    number = Fraction if exact else float
    eps = 0 if exact else 1e-9
    names = list(variables)
    index = {name: number for number, name in enumerate(names)}
    rows = []  # (coefficients on y = x - low, sense, rhs)
    for coefficients, sense, rhs in constraints:
        line = [number(0)] * len(names)
        shift = number(rhs)
        for name, coefficient in coefficients.items():
            line[index[name]] += number(coefficient)
            shift -= number(coefficient) * number(variables[name][0])
        rows.append((line, sense, shift))
    for name, (low, high) in variables.items():
        if high is not None and high != INF:
            line = [number(0)] * len(names)
            line[index[name]] = number(1)
            rows.append((line, "<=", number(high) - number(low)))
    slack_count = sum(1 for _l, sense, _r in rows if sense != "=")
    artificial_start = len(names) + slack_count
    tableau, basis = [], []
    slack = len(names)
    artificial = artificial_start
    for line, sense, rhs in rows:
        if rhs < 0:
            line, rhs = [-value for value in line], -rhs
            sense = {"<=": ">=", ">=": "<=", "=": "="}[sense]
        extra = [number(0)] * (slack_count + len(rows))
        if sense != "=":
            extra[slack - len(names)] = number(1) if sense == "<=" else number(-1)
        if sense == "<=":
            basis.append(slack)
        else:
            extra[artificial - len(names)] = number(1)
            basis.append(artificial)
            artificial += 1
        if sense != "=":
            slack += 1
        tableau.append(line + extra + [rhs])
    width = len(names) + slack_count + len(rows)
    artificials = set(range(artificial_start, width))
    if artificials & set(basis):
        objective = [number(1) if column in artificials else number(0) for column in range(width)]
        if _optimise(tableau, basis, objective, set(range(width)), eps) > eps * 1000:
            raise Infeasible
        # drive artificials out of the basis where possible
        for row, column in enumerate(basis):
            if column in artificials:
                entering = next(
                    (c for c in range(artificial_start) if abs(tableau[row][c]) > eps),
                    None,
                )
                if entering is not None:
                    _pivot(tableau, basis, row, entering, eps)
    allowed = set(range(artificial_start))
    result = {}
    for name in wanted if wanted is not None else names:
        column = index[name]
        low_shift = number(variables[name][0])
        values = {}
        for sign in (-1, 1):  # the largest value first: above the true one + 1, the smallest is not needed
            objective = [number(0)] * width
            objective[column] = number(sign)
            found = _optimise([list(line) for line in tableau], list(basis), objective, allowed, eps)
            values[sign] = found * sign if found != -INF else sign * -INF
            if sign == -1 and truth is not None and values[-1] + low_shift >= number(truth[name]) + 1 - eps * 1000:
                values[1] = number(0)  # not pinned: the variable's own lower bound will do
                break
        low, high = values[1], values[-1]
        result[name] = (low + low_shift, high + low_shift if high != INF else INF)
    return result
