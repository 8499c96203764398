"""Which figures of a block are hidden under the small-count rule: its headline figures and tables together.

A count of 1 to 4 shows "< 5" (core/smallcounts.py). Hiding it is not enough when the page shows a sum it
belongs to: people helped = new + already followed gives a hidden "new" back by subtraction, and so does a
breakdown whose total is a headline figure, or a nested count (contacted among referred: referred − contacted
is a number of people too). Every such relation a page, an export, the PDF or the API shows is declared below,
per block, and core.smallcounts.suppress() hides enough cells that none of them gives a small count back —
for the current period and, on its own figures, for the previous one. docs/guide-statistiques.md lists them.

A relation that no longer holds on the numbers (a definition changed) is left out rather than trusted: the
block then falls back to its breakdowns' own totals, as before.
"""

from tremplin.core.smallcounts import MASKED, SUPPRESSED, Relation, is_small, suppress

COUNT, PERCENT, DAYS = "count", "percent", "days"

# Headline sums: total = parts, exactly (the definitions in docs/guide-statistiques.md).
HEADLINE_SUMS = {
    "activities": [
        ("activities", ("individual", "collective")),
        # An individual activity is one accompaniment (a database constraint on participant_count).
        ("accompaniments", ("individual", "collective_participants")),
    ],
    "people": [("helped", ("new", "already"))],
}
# Nested headline counts: (larger, smaller): the difference is a number of people never shown.
HEADLINE_NESTED = {
    "workshops": [("enrolled", "present")],
    "skills": [("assessments", "first"), ("first", "with_follow_up"), ("assessments", "with_follow_up")],
}
# A table column whose rows add up to a headline figure of the block: {(table, column): figure}.
# Column -1 is the last one (the "Total" of the devices by grade).
COLUMN_TOTALS = {
    "activities": {
        ("by_kind", 0): "activities",
        ("by_kind", 1): "accompaniments",
        ("by_duration", 0): "activities",
        ("by_duration", 1): "accompaniments",
        ("by_place", 0): "activities",
        ("by_place", 1): "accompaniments",
        ("by_autonomy", 0): "individual",
        ("over_time", 0): "activities",
        ("over_time", 1): "accompaniments",
    },
    "people": {
        ("age_bands", 0): "helped",
        ("age_bands", 1): "anonymous",
        ("communes", 0): "helped",
        ("gender", 0): "helped",
        ("social_status", 0): "helped",
    },
    "partners": {("per_partner", 0): "referrals", ("per_partner", 3): "declined", ("decline_reasons", 0): "declined"},
    "equipment": {("devices_sold", -1): "devices"},
    "inventory": {("received_by_category", 0): "received", ("received_by_donor", 0): "received"},
    "skills": {("profiles", 0): "first"},
}
# The same count shown twice: (figure, table, row key, column).
SAME_COUNT = {
    "activities": [
        ("individual", "by_kind", "individuel", 0),
        ("individual", "by_kind", "individuel", 1),
        ("collective", "by_kind", "collectif", 0),
        ("collective_participants", "by_kind", "collectif", 1),
    ],
}
# Nested steps of a table, in one column: (table, column, [(larger row key, smaller row key)…]).
FUNNEL_CHAIN = ("referred", "contacted", "accepted")
FUNNEL_AFTER_ACCEPTED = ("diagnosed", "workshop", "equipped", "follow_up")
TABLE_NESTED = {
    "funnel": [
        (
            "funnel",
            0,
            [
                *((a, b) for i, a in enumerate(FUNNEL_CHAIN) for b in (*FUNNEL_CHAIN[i + 1 :], *FUNNEL_AFTER_ACCEPTED)),
                ("diagnosed", "follow_up"),
            ],
        )
    ],
}
# Within each row of a table: (table, larger column, smaller columns) — referrals ⊇ accepted + declined.
ROW_NESTED = {
    "partners": [("per_partner", 0, (1,)), ("per_partner", 0, (3,)), ("per_partner", 0, (1, 3))],
    "skills": [("progress", 0, (1,))],
    "equipment": [("devices_sold", -1, "grades")],  # a row's total ⊇ its grades (an ungraded device is neither)
}
# A rate gives its counts back (rate × base): hidden with either. A median or a share computed over a hidden
# count is hidden with it too (a median "60 j" beside « < 5 » follow-ups is a median of 1 to 4 people).
# Figures: {figure: (the counts it is computed from)} — a figure key of the block, or (table, row key, column);
# tables: {(table, column): (columns of the same row, or ("row", key): that row of the column)}.
FIGURE_RATES = {
    "workshops": {
        "fill_rate": ("enrolled", "seats"),
        "no_show_rate": ("present", "present"),
        # Σ length × people present: one 2-hour session and 4 hours of training give the 2 people back.
        "person_hours": ("present", "present"),
    },
    "skills": {"follow_up_share": ("with_follow_up", "first"), "median_days_to_follow_up": ("with_follow_up",)},
    # The funnel's median delays are over the referrals that reached the step (the funnel table's counts).
    "funnel": {
        "delay_contact": (("funnel", "contacted", 0),),
        "delay_workshop": (("funnel", "workshop", 0),),
        "delay_equipment": (("funnel", "equipped", 0),),
    },
}
TABLE_RATES = {
    "funnel": {("funnel", 1): (0, ("row", "referred"))},
    # Acceptance rate = accepted / referrals; the median delay before contact is over the row's referrals.
    "partners": {("per_partner", 2): (1, 0), ("per_partner", 4): (0,)},
    "skills": {("progress", 2): (1, 0)},
}


# Figures that are not counts and not computed on people (amounts of money): shown as they are. Every other
# rate, share or median must say what it is computed on (a `base` on its Row, or FIGURE_RATES/TABLE_RATES):
# one that does not is hidden ("—") under the rule — a new median forgotten here cannot slip out.
NOT_ON_PEOPLE = {("equipment", "partner_share")}
DERIVED_UNITS = (PERCENT, DAYS)  # rates, shares and medians: computed on a number of people


# The same count in two blocks, or a sum across blocks (the funnel and the partners read the same cohort).
CROSS_BLOCK_SAME = [(("funnel", "funnel", "referred", 0), ("partners", "referrals"))]
CROSS_BLOCK_SUMS = [(("funnel", "funnel", "accepted", 0), ("partners", "per_partner", 1))]
# Count columns whose sum is shown nowhere (no share, no headline, no chart of proportions): not a group.
NO_TOTAL = {
    ("funnel", "funnel"),  # nested steps; the shares are of the referrals, not of the column
    ("activities", "by_thematique"),  # an activity counts once per thématique
    ("activities", "by_equipment"),  # and once per equipment
    ("skills", "progress"),  # people compared per area
}


def fig(block_key, key):
    return ("fig", block_key, key)


class BoardSuppression:
    """The hidden cells of a dashboard's blocks for one period: figures ("fig", block, key) and table cells
    (block, table, row index, column), every relation of HEADLINE_SUMS… above applied together."""

    def __init__(self, blocks, previous):
        self.values = {}
        self.rows = {}  # (block key, table key) -> {row key: index}
        self.column_total = {}  # (block key, table key, column) -> figure cell
        for block in blocks:
            units = block.figure_units
            for row in block.figures:
                if units.get(row.key, COUNT) == COUNT:
                    self.values[fig(block.key, row.key)] = _value(row, 0, previous)
            for table in block.tables:
                self.rows[(block.key, table.key)] = {row.key: number for number, row in enumerate(table.rows)}
                for number, row in enumerate(table.rows):
                    for column, unit in enumerate(table.units):
                        if unit == COUNT:
                            self.values[(block.key, table.key, number, column)] = _value(row, column, previous)
        self.relations, self.links = [], []
        self.blocks = {block.key: block for block in blocks}
        for block in blocks:
            self._block_relations(block)
        self._cross_block_relations()
        found = suppress(self.values, self.relations, links=self.links)
        self.hidden, self.plain = found.hidden, found.plain

    def _add(self, total, parts, exact=True):
        """Keep the relation when it holds on the numbers (a changed definition is not trusted); True if kept.

        Parts adding up to less than their total are rows the table does not list — the previous period's
        communes where nobody lives this period (dashboard.compare() keeps the current rows): total − parts is
        then a number of people a viewer works out, kept as a nested relation so that it is never 1 to 4."""
        values = self.values
        if not parts or any(cell not in values for cell in (total, *parts)):
            return False
        total_value, parts_value = values[total] or 0, sum(values[cell] or 0 for cell in parts)
        if parts_value <= total_value:
            self.relations.append(Relation(total, tuple(parts), exact and parts_value == total_value))
            return True
        return False

    def _cell(self, block_key, table_key, row_key, column):
        number = self.rows.get((block_key, table_key), {}).get(row_key)
        return None if number is None else (block_key, table_key, number, column)

    def _column(self, block_key, table, column):
        return tuple((block_key, table.key, number, column) for number in range(len(table.rows)))

    def _block_relations(self, block):
        key = block.key
        for total, parts in HEADLINE_SUMS.get(key, ()):
            self._add(fig(key, total), [fig(key, part) for part in parts])
        for larger, smaller in HEADLINE_NESTED.get(key, ()):
            self._add(fig(key, larger), [fig(key, smaller)], exact=False)
        totals = COLUMN_TOTALS.get(key, {})
        cross = {
            (table_key, column) for (_total, (block_key, table_key, column)) in CROSS_BLOCK_SUMS if block_key == key
        }
        for table in block.tables:
            for column, unit in enumerate(table.units):
                if unit != COUNT:
                    continue
                figure = totals.get((table.key, column)) or totals.get((table.key, column - len(table.units)))
                if figure and self._add(fig(key, figure), self._column(key, table, column)):
                    self.column_total[(key, table.key, column)] = fig(key, figure)
                elif (key, table.key) not in NO_TOTAL and (table.key, column) not in cross:
                    # No headline total (or it does not hold): its shares, a chart or a caption may show it.
                    self.relations.append(Relation(None, self._column(key, table, column)))
        for figure, table_key, row_key, column in SAME_COUNT.get(key, ()):
            cell = self._cell(key, table_key, row_key, column)
            if cell is not None and self.values.get(fig(key, figure)) == self.values.get(cell):
                self.links.append({fig(key, figure), cell})
        for table_key, column, pairs in TABLE_NESTED.get(key, ()):
            for larger, smaller in pairs:
                big, small = self._cell(key, table_key, larger, column), self._cell(key, table_key, smaller, column)
                if big and small:
                    self._add(big, [small], exact=False)
        for table_key, larger, smaller in ROW_NESTED.get(key, ()):
            table = next((table for table in block.tables if table.key == table_key), None)
            if table is None:
                continue
            width = len(table.units)
            larger %= width
            smaller = range(width - 1) if smaller == "grades" else smaller
            for number in range(len(table.rows)):
                self._add(
                    (key, table_key, number, larger),
                    [(key, table_key, number, column) for column in smaller],
                    exact=False,
                )

    def _cross_block_relations(self):
        for (block_key, table_key, row_key, column), (other_block, figure) in CROSS_BLOCK_SAME:
            cell = self._cell(block_key, table_key, row_key, column)
            other = fig(other_block, figure)
            if cell and other in self.values and self.values[cell] == self.values[other]:
                self.links.append({cell, other})
        for (block_key, table_key, row_key, column), (other_block, other_table, other_column) in CROSS_BLOCK_SUMS:
            cell = self._cell(block_key, table_key, row_key, column)
            table = self.blocks.get(other_block) and next(
                (table for table in self.blocks[other_block].tables if table.key == other_table), None
            )
            if table is None:
                continue
            column = self._column(other_block, table, other_column)
            if cell is None or not self._add(cell, column):  # the sum is not there: the column is its own group
                self.relations.append(Relation(None, column))

    # --- what the renderers ask -----------------------------------------------------------------------------

    def is_hidden(self, cell):
        return cell in self.hidden and bool(self.values.get(cell))

    def label(self, cell):
        """ "< 5" or "masqué" for a hidden count, None when it is shown."""
        if not self.is_hidden(cell):
            return None
        return MASKED if is_small(self.values[cell]) and cell not in self.plain else str(SUPPRESSED)

    def figure_rate_hidden(self, block, key):
        rates = FIGURE_RATES.get(block.key, {})
        cells = []
        for source in rates.get(key, ()):
            if isinstance(source, tuple):  # (table, row key, column) of the same block
                cells.append(self._cell(block.key, *source))
            else:
                cells.append(fig(block.key, source))
        return any(cell is not None and self.is_hidden(cell) for cell in cells)

    def table_rate_hidden(self, block, table, number, column):
        sources = TABLE_RATES.get(block.key, {}).get((table.key, column))
        if not sources:
            return False
        cells = []
        for source in sources:
            if isinstance(source, tuple):  # ("row", key): the same column of another row (the funnel's base)
                cells.append(self._cell(block.key, table.key, source[1], sources[0]))
            else:
                cells.append((block.key, table.key, number, source))
        return any(cell is not None and self.is_hidden(cell) for cell in cells)

    def share_hidden(self, block, table, number, column):
        """A share of the column total: hidden with its cell, and all of them when the total (a headline figure
        hidden by another relation) is hidden — value ÷ share would give it back."""
        total = self.column_total.get((block.key, table.key, column))
        return self.is_hidden((block.key, table.key, number, column)) or (total is not None and self.is_hidden(total))


def _value(row, column, previous):
    values = row.previous if previous else row.values
    return values[column] if values else None


def suppression(block, mask, previous=False):
    """The BoardSuppression of the block's dashboard (or of the block alone) for the period or the previous one;
    None when the rule does not apply."""
    if not mask:
        return None
    blocks = block.__dict__.get("_board_blocks") or [block]
    cache = blocks[0].__dict__.setdefault("_suppression", {})
    if previous not in cache:
        cache[previous] = BoardSuppression(blocks, previous)
    return cache[previous]


def figure_replacement(block, row, mask, previous=False):
    """The text replacing a headline figure under the rule ("< 5", "masqué", "—"), or None: show the value.

    A count follows the relations it is part of; a rate or a median is hidden ("—") when its own period's base
    is 1 to 4, or when a count it is computed from is hidden."""
    if not mask:
        return None
    value = _value(row, 0, previous)
    if value is None:
        return None
    unit = block.figure_units.get(row.key, COUNT)
    found = suppression(block, mask, previous)
    if unit == COUNT:
        return found.label(fig(block.key, row.key))
    base = row.previous_base if previous else row.base
    if (base and is_small(base[0])) or found.figure_rate_hidden(block, row.key):
        return "—"
    declared = (base and base[0] is not None) or row.key in FIGURE_RATES.get(block.key, {})
    if unit in DERIVED_UNITS and not declared and (block.key, row.key) not in NOT_ON_PEOPLE:
        return "—"  # a rate or a median that does not say what it is computed on: not shown (fail closed)
    return None


def cell_replacement(block, table, number, column, mask, previous=False):
    """The text replacing a table cell under the rule, or None (same rule as figure_replacement)."""
    if not mask:
        return None
    row = table.rows[number]
    value = _value(row, column, previous)
    if value is None:
        return None
    found = suppression(block, mask, previous)
    if table.units[column] == COUNT:
        return found.label((block.key, table.key, number, column))
    base = row.previous_base if previous else row.base
    if (base and is_small(base[column])) or found.table_rate_hidden(block, table, number, column):
        return "—"
    declared = (base and base[column] is not None) or (table.key, column) in TABLE_RATES.get(block.key, {})
    if table.units[column] in DERIVED_UNITS and not declared and (block.key, table.key) not in NOT_ON_PEOPLE:
        return "—"
    return None


def share_hidden(block, table, number, column, mask, previous=False):
    return bool(mask) and suppression(block, mask, previous).share_hidden(block, table, number, column)


def delta_hidden(replaced_now, replaced_before):
    """The change from the previous period is not shown when either side is hidden (it would give it back)."""
    return replaced_now is not None or replaced_before is not None


def lone_block(table):
    """A table rendered on its own (no block around it): its columns are its only relations."""
    from .figures import Block

    return Block("", "", "", "", tables=[table])
