"""The intruder's audit: can an observer work out a count of 1 to 4 from what a dashboard publishes?

Independent of the suppression code (core/smallcounts.py): it reads what every renderer publishes for one
period and filter — the page (figure_cells, stats_table: values, previous period, changes, shares), the API
(_board_out), the CSV/XLSX exports (headline_rows, table_rows; the share page and the PDF use the same
renderers) — and writes down everything the viewer knows as linear constraints:

* a number shown is exact; "< 5" is 1–4; "masqué" is 5 or more — or 1 or more for a cell of a group that had
  to show all its hidden cells "masqué" (the audit is told which: a stronger intruder than a real one);
* the definitions in docs/guide-statistiques.md: headline sums, nested counts (the unseen difference is a
  number of people ≥ 0), breakdowns adding up to a headline figure (the rows not shown, e.g. a previous
  period's rows that the current period no longer has, are an unseen number of people ≥ 0), a breakdown's own
  total (known exactly from 5 on: shares, chart, caption), the same count shown twice, sums across blocks;
* a change "+3" between the periods (now − before = 3), a share "25 %" (100·cell/total within ±0.5), a rate
  of a table (the funnel's share of the referrals, a partner's acceptance rate: 100·part/base within ±0.5).

Then, for every unknown (a hidden cell, an unseen difference, a breakdown's total), exact linear programming
(tests/lp.py) gives the smallest and largest value it can take. A count of 1 to 4 is disclosed when it is
published as a number, or when its integer interval is a single value.
"""

import re
from dataclasses import dataclass
from math import ceil, floor

from tremplin.api.endpoints.stats import _board_out
from tremplin.core.linear import INF, bounds
from tremplin.stats import masking
from tremplin.stats.exports import headline_rows, table_rows
from tremplin.stats.figures import COUNT, PERCENT
from tremplin.stats.templatetags.stats_tags import figure_cells, stats_table

SMALL, MASKED_TEXT = "< 5", "masqué"
NOW, BEFORE = "now", "before"


@dataclass(frozen=True)
class Leak:
    unknown: object
    value: int
    low: object
    high: object
    how: str  # "shown", "exact"


def parse(value):
    """A published figure: a number, "small" (< 5), "masked", or None (nothing: "—", "")."""
    value = getattr(value, "value", value)
    if value is None:
        return None
    if isinstance(value, int | float):
        return value
    text = str(value).strip()
    if text == SMALL:
        return "small"
    if text == MASKED_TEXT:
        return "masked"
    if text in ("", "—", "="):
        return 0 if text == "=" else None
    sign = -1 if text.startswith(("−", "-")) else 1
    digits = re.sub(r"[^\d,.]", "", text).replace(",", ".")
    if not digits:
        return None
    number = float(digits)
    return sign * (int(number) if number.is_integer() else number)


class Audit:
    def __init__(self, board):
        assert board.scope.mask_small_counts
        self.board = board
        self.values = {}  # cell -> true value
        self.known = {}  # cell -> set of parsed publications
        self.plain = set()
        self.constraints = []
        self.deltas = []
        self.shares = []
        self.rates = []  # (numerator cell, denominator cell, rate shown in %)
        self.unknowns = {}  # extra unknowns (differences, totals) -> true value
        self._collect()
        self._definitions()

    # --- what is published ----------------------------------------------------------------------------------

    def _publish(self, cell, value, text):
        self.values[cell] = value
        self.known.setdefault(cell, set()).add(parse(text))

    def _collect(self):
        board = self.board
        mask = True
        for block in board.blocks:
            for row in block.figures:
                if block.figure_units.get(row.key, COUNT) != COUNT:
                    continue
                cells = figure_cells(block, row, mask)
                now, before = (NOW, "fig", block.key, row.key), (BEFORE, "fig", block.key, row.key)
                self._publish(now, row.values[0], cells["value"])
                if row.previous:
                    self._publish(before, row.previous[0], cells["previous"])
                    if cells["delta"]:
                        self.deltas.append((now, before, parse(cells["delta"])))
            for table in block.tables:
                shown = stats_table(table, mask, True, block)["rows"]
                for number, (row, out) in enumerate(zip(table.rows, shown, strict=True)):
                    for column, unit in enumerate(table.units):
                        if unit != COUNT:
                            continue
                        now, before = (
                            (NOW, block.key, table.key, number, column),
                            (BEFORE, block.key, table.key, number, column),
                        )
                        cell = out["cells"][column]
                        self._publish(now, row.values[column], cell["value"])
                        if row.previous:
                            self._publish(before, row.previous[column], cell["previous"])
                            if cell["delta"]:
                                self.deltas.append((now, before, parse(cell["delta"])))
                        if "share" in cell and isinstance(parse(cell["share"]), int | float):
                            self.shares.append((now, block.key, table.key, column, parse(cell["share"])))
                    for column, unit in enumerate(table.units):
                        rate = masking.TABLE_RATES.get(block.key, {}).get((table.key, column))
                        shown_rate = parse(out["cells"][column]["value"])
                        if unit == PERCENT and rate and isinstance(shown_rate, int | float):
                            numerator, denominator = rate
                            if isinstance(denominator, tuple):  # ("row", key): the same column of another row
                                other = next(n for n, r in enumerate(table.rows) if r.key == denominator[1])
                                den = (NOW, block.key, table.key, other, numerator)
                            else:
                                den = (NOW, block.key, table.key, number, denominator)
                            self.rates.append(((NOW, block.key, table.key, number, numerator), den, shown_rate))
                for line, (number, row) in zip(
                    table_rows(table, mask, block=block)[1:], enumerate(table.rows), strict=True
                ):
                    for column, unit in enumerate(table.units):
                        if unit == COUNT:
                            self._publish(
                                (NOW, block.key, table.key, number, column), row.values[column], line[1 + 2 * column]
                            )
                            if row.previous:
                                self._publish(
                                    (BEFORE, block.key, table.key, number, column),
                                    row.previous[column],
                                    line[2 + 2 * column],
                                )
        lines = headline_rows(board)[1:]
        figures = [(block, row) for block in board.blocks for row in block.figures]
        for line, (block, row) in zip(lines, figures, strict=True):
            if block.figure_units.get(row.key, COUNT) == COUNT:
                self._publish((NOW, "fig", block.key, row.key), row.values[0], line[3])
                if row.previous:
                    self._publish((BEFORE, "fig", block.key, row.key), row.previous[0], line[4])
        for block, out in zip(board.blocks, _board_out(board)["blocks"], strict=True):
            for row, figure in zip(block.figures, out["figures"], strict=True):
                if figure["unit"] == COUNT:
                    self._publish((NOW, "fig", block.key, row.key), row.values[0], figure["value"])
                    if row.previous:
                        self._publish((BEFORE, "fig", block.key, row.key), row.previous[0], figure["previous"])
            for table, table_out in zip(block.tables, out["tables"], strict=True):
                for number, (row, row_out) in enumerate(zip(table.rows, table_out["rows"], strict=True)):
                    for column, unit in enumerate(table.units):
                        if unit == COUNT:
                            self._publish(
                                (NOW, block.key, table.key, number, column),
                                row.values[column],
                                row_out["values"][column],
                            )
                            if row.previous:
                                self._publish(
                                    (BEFORE, block.key, table.key, number, column),
                                    row.previous[column],
                                    row_out["previous"][column],
                                )
        for period, previous in ((NOW, False), (BEFORE, True)):
            found = masking.suppression(board.blocks[0], True, previous) if board.blocks else None
            for cell in found.plain if found else ():
                key = (period, "fig", cell[1], cell[2]) if cell[0] == "fig" else (period, *cell)
                self.plain.add(key)

    def disguised(self):
        """The "masqué" cells the viewer cannot tell are 5 or more: a small count shown "masqué" (the rule's
        all-"masqué" groups), and the cells sharing a relation with one (which one is small?). A count of 5 or
        more shown "masqué" among none is taken as known to be 5 or more: the intruder guesses right."""
        if not hasattr(self, "_disguised"):
            small = {cell for cell in self.plain if 0 < (self.values.get(cell) or 0) < 5}
            found = set(small)
            for coefficients, _sense, _rhs in self.constraints:
                if set(coefficients) & small:
                    found |= set(coefficients) & self.plain
            self._disguised = found
        return self._disguised

    def knowledge(self, cell):
        """(low, high) the viewer knows of a cell from every publication of it."""
        seen = self.known.get(cell, set())
        numbers = [value for value in seen if isinstance(value, int | float)]
        if numbers:
            return numbers[0], numbers[0]
        if "small" in seen:
            return 1, 4
        if "masked" in seen:
            return (1, INF) if cell in self.disguised() else (5, INF)
        return 0, INF

    # --- what the viewer knows of the definitions -----------------------------------------------------------

    def _sum(self, total, parts, exact=True, name=None):
        """total = Σ parts (+ an unseen difference ≥ 0, when the parts do not cover the total)."""
        if any(cell not in self.values for cell in (total, *parts)):
            return
        total_value = self.values[total] or 0
        parts_value = sum(self.values[cell] or 0 for cell in parts)
        if parts_value > total_value:
            return  # not a relation of these numbers
        coefficients = {}
        for cell in parts:
            coefficients[cell] = coefficients.get(cell, 0) + 1
        coefficients[total] = coefficients.get(total, 0) - 1
        if parts_value < total_value or not exact:
            rest = ("rest", name or (total, tuple(parts)))
            self.unknowns[rest] = total_value - parts_value
            coefficients[rest] = 1
        self.constraints.append((coefficients, "=", 0))

    def _definitions(self):
        board = self.board
        for period in (NOW, BEFORE):
            cells = {}
            for block in board.blocks:
                key = block.key

                def f(name, key=key, period=period):
                    return (period, "fig", key, name)

                for total, parts in masking.HEADLINE_SUMS.get(key, ()):
                    self._sum(f(total), [f(part) for part in parts])
                for larger, smaller in masking.HEADLINE_NESTED.get(key, ()):
                    self._sum(f(larger), [f(smaller)], exact=False)
                totals = masking.COLUMN_TOTALS.get(key, {})
                cross = {(t, c) for _cell, (b, t, c) in masking.CROSS_BLOCK_SUMS if b == key}
                for table in block.tables:
                    rows = {row.key: number for number, row in enumerate(table.rows)}
                    cells[(key, table.key)] = rows
                    for column, unit in enumerate(table.units):
                        if unit != COUNT:
                            continue
                        column_cells = [(period, key, table.key, number, column) for number in range(len(table.rows))]
                        figure = totals.get((table.key, column)) or totals.get((table.key, column - len(table.units)))
                        if figure and f(figure) in self.values:
                            self._sum(f(figure), column_cells)
                        elif (key, table.key) not in masking.NO_TOTAL and (table.key, column) not in cross:
                            total = ("implicit", period, key, table.key, column)
                            value = sum(self.values.get(cell) or 0 for cell in column_cells)
                            self.unknowns[total] = value
                            self.values[total] = value
                            if value >= 5:
                                self.constraints.append(({total: 1}, "=", value))
                            elif value:
                                self.constraints.append(({total: 1}, ">=", 1))
                                self.constraints.append(({total: 1}, "<=", 4))
                            self._sum(total, column_cells)
                for figure, table_key, row_key, column in masking.SAME_COUNT.get(key, ()):
                    number = cells.get((key, table_key), {}).get(row_key)
                    cell = (period, key, table_key, number, column)
                    if f(figure) in self.values and cell in self.values and self.values[f(figure)] == self.values[cell]:
                        self.constraints.append(({f(figure): 1, cell: -1}, "=", 0))
                for table_key, column, pairs in masking.TABLE_NESTED.get(key, ()):
                    rows = cells.get((key, table_key), {})
                    for larger, smaller in pairs:
                        if larger in rows and smaller in rows:
                            self._sum(
                                (period, key, table_key, rows[larger], column),
                                [(period, key, table_key, rows[smaller], column)],
                                exact=False,
                            )
                for table_key, larger, smaller in masking.ROW_NESTED.get(key, ()):
                    table = next((t for t in block.tables if t.key == table_key), None)
                    if table is None:
                        continue
                    width = len(table.units)
                    columns = range(width - 1) if smaller == "grades" else smaller
                    for number in range(len(table.rows)):
                        self._sum(
                            (period, key, table_key, number, larger % width),
                            [(period, key, table_key, number, column) for column in columns],
                            exact=False,
                        )
            for (block_key, table_key, row_key, column), (other, figure) in masking.CROSS_BLOCK_SAME:
                number = cells.get((block_key, table_key), {}).get(row_key)
                cell, other_cell = (period, block_key, table_key, number, column), (period, "fig", other, figure)
                if cell in self.values and other_cell in self.values and self.values[cell] == self.values[other_cell]:
                    self.constraints.append(({cell: 1, other_cell: -1}, "=", 0))
            for (block_key, table_key, row_key, column), (other, other_table, other_column) in masking.CROSS_BLOCK_SUMS:
                number = cells.get((block_key, table_key), {}).get(row_key)
                rows = cells.get((other, other_table))
                if number is None or rows is None:
                    continue
                self._sum(
                    (period, block_key, table_key, number, column),
                    [(period, other, other_table, n, other_column) for n in rows.values()],
                )
        for now, before, change in self.deltas:
            if change is not None:
                self.constraints.append(({now: 1, before: -1}, "=", change))
        for numerator, denominator, rate in self.rates:
            # rate − 0.5 ≤ 100·numerator/denominator ≤ rate + 0.5
            self.constraints.append(({numerator: 100, denominator: -(rate - 0.5)}, ">=", 0))
            self.constraints.append(({numerator: 100, denominator: -(rate + 0.5)}, "<=", 0))
        for cell, block_key, table_key, column, share in self.shares:
            total = ("implicit", NOW, block_key, table_key, column)
            if total not in self.values:
                figure = masking.COLUMN_TOTALS.get(block_key, {}).get((table_key, column))
                total = (NOW, "fig", block_key, figure)
            if total in self.values:
                # share − 0.5 ≤ 100·cell/total ≤ share + 0.5
                self.constraints.append(({cell: 100, total: -(share - 0.5)}, ">=", 0))
                self.constraints.append(({cell: 100, total: -(share + 0.5)}, "<=", 0))

    # --- the attack -----------------------------------------------------------------------------------------

    def leaks(self):
        """[Leak] — every count of 1 to 4 the viewer can read or work out exactly."""
        found = []
        ranges = {}
        for cell in self.values:
            if cell in self.unknowns:
                continue
            low, high = self.knowledge(cell)
            if low == high:
                if 0 < (self.values[cell] or 0) < 5:
                    found.append(Leak(cell, self.values[cell], low, high, "shown"))
                continue
            ranges[cell] = (low, None if high == INF else high)
        for unknown in self.unknowns:
            ranges.setdefault(unknown, (0, None))
        constants = {cell: self.values[cell] or 0 for cell in self.values if cell not in ranges}
        # Substitute the constants, split into independent systems.
        systems = []
        for coefficients, sense, rhs in self.constraints:
            rest = {cell: c for cell, c in coefficients.items() if cell in ranges}
            rhs = rhs - sum(c * constants[cell] for cell, c in coefficients.items() if cell not in ranges)
            if rest:
                systems.append((rest, sense, rhs))
        parent = {cell: cell for cell in ranges}

        def root(cell):
            while parent[cell] != cell:
                parent[cell] = parent[parent[cell]]
                cell = parent[cell]
            return cell

        for coefficients, _sense, _rhs in systems:
            first, *others = coefficients
            for other in others:
                parent[root(other)] = root(first)
        groups = {}
        for cell in ranges:
            groups.setdefault(root(cell), []).append(cell)
        for members in groups.values():
            member_set = set(members)
            constraints = [item for item in systems if set(item[0]) & member_set]
            wanted = [cell for cell in members if 0 < (self.true(cell) or 0) < 5]
            if not wanted:
                continue
            result = bounds(
                {cell: ranges[cell] for cell in members}, constraints, wanted, {c: self.true(c) for c in wanted}
            )
            for cell in wanted:
                low, high = result[cell]
                low_int, high_int = ceil(low), (floor(high) if high != INF else INF)
                if low_int == high_int:
                    found.append(Leak(cell, self.true(cell), low_int, high_int, "exact"))
        return found

    def true(self, cell):
        return self.unknowns[cell] if cell in self.unknowns else self.values.get(cell)


def leaks(board):
    return Audit(board).leaks()
