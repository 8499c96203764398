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


def _pivot(tableau, basis, row, column):
    pivot = tableau[row][column]
    tableau[row] = [value / pivot for value in tableau[row]]
    for other, line in enumerate(tableau):
        if other != row and line[column]:
            factor = line[column]
            tableau[other] = [a - factor * b for a, b in zip(line, tableau[row], strict=True)]
    basis[row] = column


def _optimise(tableau, basis, objective, allowed):
    """Minimise objective·x over the tableau (rows: [coefficients…, rhs]); Bland's rule. Returns the value or
    -INF when unbounded. `allowed`: the columns that may enter."""
    width = len(tableau[0]) - 1
    while True:
        # reduced costs
        costs = [*list(objective), Fraction(0)]
        for row, column in enumerate(basis):
            if costs[column]:
                factor = costs[column]
                costs = [a - factor * b for a, b in zip(costs, tableau[row], strict=True)]
        entering = next((column for column in range(width) if column in allowed and costs[column] < 0), None)
        if entering is None:
            return -costs[-1]
        best = None
        for row, line in enumerate(tableau):
            if line[entering] > 0:
                ratio = line[-1] / line[entering]
                if best is None or ratio < best[0] or (ratio == best[0] and basis[row] < basis[best[1]]):
                    best = (ratio, row)
        if best is None:
            return -INF
        _pivot(tableau, basis, best[1], entering)


def bounds(variables, constraints, wanted=None):
    """{variable: (min, max)} (Fractions, max may be INF) for `wanted` (default: every variable).
    Raises Infeasible when no value satisfies the constraints (a knowledge model that is wrong)."""
    names = list(variables)
    index = {name: number for number, name in enumerate(names)}
    rows = []  # (coefficients on y = x - low, sense, rhs)
    for coefficients, sense, rhs in constraints:
        line = [Fraction(0)] * len(names)
        shift = Fraction(rhs)
        for name, coefficient in coefficients.items():
            line[index[name]] += Fraction(coefficient)
            shift -= Fraction(coefficient) * Fraction(variables[name][0])
        rows.append((line, sense, shift))
    for name, (low, high) in variables.items():
        if high is not None and high != INF:
            line = [Fraction(0)] * len(names)
            line[index[name]] = Fraction(1)
            rows.append((line, "<=", Fraction(high) - Fraction(low)))
    slack_count = sum(1 for _l, sense, _r in rows if sense != "=")
    artificial_start = len(names) + slack_count
    tableau, basis = [], []
    slack = len(names)
    artificial = artificial_start
    for line, sense, rhs in rows:
        if rhs < 0:
            line, rhs = [-value for value in line], -rhs
            sense = {"<=": ">=", ">=": "<=", "=": "="}[sense]
        extra = [Fraction(0)] * (slack_count + len(rows))
        if sense != "=":
            extra[slack - len(names)] = Fraction(1) if sense == "<=" else Fraction(-1)
        if sense == "<=":
            basis.append(slack)
        else:
            extra[artificial - len(names)] = Fraction(1)
            basis.append(artificial)
            artificial += 1
        if sense != "=":
            slack += 1
        tableau.append(line + extra + [rhs])
    width = len(names) + slack_count + len(rows)
    artificials = set(range(artificial_start, width))
    if artificials & set(basis):
        objective = [Fraction(1) if column in artificials else Fraction(0) for column in range(width)]
        if _optimise(tableau, basis, objective, set(range(width))) > 0:
            raise Infeasible
        # drive artificials out of the basis where possible
        for row, column in enumerate(basis):
            if column in artificials:
                entering = next(
                    (c for c in range(artificial_start) if tableau[row][c] != 0),
                    None,
                )
                if entering is not None:
                    _pivot(tableau, basis, row, entering)
    allowed = set(range(artificial_start))
    result = {}
    for name in wanted if wanted is not None else names:
        column = index[name]
        low_shift = Fraction(variables[name][0])
        values = []
        for sign in (1, -1):
            objective = [Fraction(0)] * width
            objective[column] = Fraction(sign)
            found = _optimise([list(line) for line in tableau], list(basis), objective, allowed)
            values.append(found * sign if found != -INF else sign * -INF)
        low, high = values
        result[name] = (low + low_shift, high + low_shift if high != INF else INF)
    return result
