"""The shapes every block returns: rows, tables, blocks and the dashboard, and the units of values."""

from dataclasses import dataclass, field

from ..filters import Filters
from ..periods import Period
from ..scope import StatsScope

# Units tell the display and exports how to show a value (and whether the small-count rule applies).
COUNT = "count"  # a number of activities, people, devices… (small-count rule applies)
HOURS = "hours"
DAYS = "days"  # a median delay in days
EUROS = "euros"
PERCENT = "percent"  # 0–100; `base` holds the count it is computed on (small-count rule on the base)


@dataclass
class Row:
    """One line of a table or one headline figure. `values` has one entry per table column."""

    key: str
    label: str
    values: tuple
    previous: tuple | None = None
    # For PERCENT values (and medians): the count each one is computed on (masked under the rule).
    base: tuple | None = None
    # The same for the previous period's values: each period is masked on its own base (dashboard.compare).
    previous_base: tuple | None = None

    @property
    def value(self):
        return self.values[0]

    @property
    def previous_value(self):
        return self.previous[0] if self.previous else None


@dataclass
class Table:
    key: str
    title: str
    columns: tuple  # column headers of the values (the first column, the row label, is implicit)
    units: tuple  # one unit per column
    rows: list
    # Chart kind drawn from this table when JS is on ("bar", "line", "funnel", "doughnut") or "".
    chart: str = ""
    definition: str = ""
    # Index of a column whose share of the column total is shown next to it (None: no share column).
    share_column: int | None = None

    def total(self, column=0):
        return sum(row.values[column] or 0 for row in self.rows)

    def hidden_cells(self, mask, *, previous=False):
        """{(row index, column index)} of the counts hidden under the small-count rule with its complement,
        for this table on its own (each count column a group whose total can be seen). In a dashboard, the
        renderers ask stats/masking.py, which also knows the relations with the block's headline figures."""
        from ..masking import lone_block, suppression

        if not mask:
            return set()
        found = suppression(lone_block(self), mask, previous)
        return {(cell[2], cell[3]) for cell in found.hidden if cell[0] == "" and found.is_hidden(cell)}


@dataclass
class Block:
    key: str
    title: str
    definition: str
    source: str
    figures: list = field(default_factory=list)  # headline Rows, one value each (units in figure_units)
    figure_units: dict = field(default_factory=dict)  # row key -> unit (default COUNT)
    tables: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def figure(self, key):
        return next(row for row in self.figures if row.key == key)

    def table(self, key):
        return next(table for table in self.tables if table.key == key)


@dataclass
class Dashboard:
    scope: StatsScope
    period: Period
    previous_period: Period
    filters: Filters
    blocks: list

    def __post_init__(self):
        # The small-count rule masks the blocks of one dashboard together (stats/masking.py: relations across
        # blocks, e.g. the funnel's referrals are the partners' referrals).
        for block in self.blocks:
            block.__dict__["_board_blocks"] = self.blocks
            block.__dict__.pop("_suppression", None)

    def block(self, key):
        return next(block for block in self.blocks if block.key == key)
