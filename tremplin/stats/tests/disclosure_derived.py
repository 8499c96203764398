"""The intruder's audit of figures that are not counts: a rate, a share or a median published as a number.

A median says nothing of how many people it is over, but it is a figure *about* them: a median delay of 60 days
over one person is that person's delay. The guide's rule (docs/guide-statistiques.md, « Règle des petits
effectifs »): a rate, share or median computed on 1 to 4 people, or on a count that is not shown (« < 5 »,
« masqué »), is not shown either. Like disclosure.py, independent of the masking code: what each figure is
computed on is written here from the guide's definitions (not read from stats/masking.py), the texts are what
the renderers publish (page, API, CSV/XLSX — the share page and the PDF use the same renderers), and the count
each figure is over is read from the figures' raw rows (`base`).

`derived_leaks(board)`: every published rate, share or median whose people are not all shown as 0 or 5 or more.
"""

from tremplin.api.endpoints.stats import _board_out
from tremplin.stats.exports import headline_rows, table_rows
from tremplin.stats.figures import COUNT
from tremplin.stats.templatetags.stats_tags import figure_cells, stats_table

from .disclosure import parse

# The counts each figure is computed on (guide: definitions of each block). Figures: ("fig", key) or
# (table, row key, column); table columns: other columns of the same row, or ("row", key, column).
FIGURES_ON = {
    ("workshops", "fill_rate"): [("fig", "enrolled"), ("fig", "seats")],
    ("workshops", "no_show_rate"): [("fig", "present")],
    ("workshops", "person_hours"): [("fig", "present")],
    ("skills", "follow_up_share"): [("fig", "with_follow_up"), ("fig", "first")],
    ("skills", "median_days_to_follow_up"): [("fig", "with_follow_up")],
    ("funnel", "delay_contact"): [("funnel", "contacted", 0)],
    ("funnel", "delay_workshop"): [("funnel", "workshop", 0)],
    ("funnel", "delay_equipment"): [("funnel", "equipped", 0)],
}
COLUMNS_ON = {
    ("funnel", "funnel", 1): [0, ("row", "referred", 0)],
    ("partners", "per_partner", 2): [1, 0],
    ("partners", "per_partner", 4): [0],
    ("skills", "progress", 2): [1, 0],
}
NOT_ON_PEOPLE = {("equipment", "partner_share")}  # a share of money paid
DERIVED = ("percent", "days")


def _safe(text):
    """A count a figure may be computed on: shown as an exact number, 0 or 5 and more."""
    value = parse(text)
    return isinstance(value, int | float) and (value == 0 or value >= 5)


def _publications(block, api_block, headline):
    """{figure or cell: [(period text, previous period text) on the page, in the API, in the files]}."""
    texts = {}
    figures_out = {figure["key"]: figure for figure in api_block["figures"]}
    for row in block.figures:
        cells, line, out = figure_cells(block, row, True), next(headline), figures_out[row.key]
        texts[("fig", row.key)] = [
            (cells["value"], cells["previous"]),
            (out["value"], out["previous"]),
            (line[3], line[4]),
        ]
    for table, table_out in zip(block.tables, api_block["tables"], strict=True):
        page = stats_table(table, True, True, block)["rows"]
        files = table_rows(table, True, block=block)[1:]
        for row, shown, row_out, line in zip(table.rows, page, table_out["rows"], files, strict=True):
            for column, cell in enumerate(shown["cells"]):
                previous = row_out["previous"][column] if row_out["previous"] else None
                texts[(table.key, row.key, column)] = [
                    (cell["value"], cell["previous"]),
                    (row_out["values"][column], previous),
                    (line[1 + 2 * column], line[2 + 2 * column]),
                ]
    return texts


def _why(texts, cell, base, sources, period):
    """Why publishing `cell` as a number gives people away ([] when it does not)."""
    why = []
    if sources is None:
        why.append("computed on people the guide does not name")
    if base and base < 5:
        why.append(f"over {base} people")
    for source in sources or ():
        if not all(_safe(pair[period]) for pair in texts.get(source, [("", "")])):
            why.append(f"over {source}, not shown")
    return why


def _sources(block, table, row, column):
    on = COLUMNS_ON.get((block.key, table.key, column))
    if on is None:
        return None
    return [(table.key, s[1], s[2]) if isinstance(s, tuple) else (table.key, row.key, s) for s in on]


def derived_leaks(board):
    assert board.scope.mask_small_counts
    found = []
    api = {block["key"]: block for block in _board_out(board)["blocks"]}
    headline = iter(headline_rows(board)[1:])
    for block in board.blocks:
        texts = _publications(block, api[block.key], headline)
        checks = []  # (cell, unit, base now, base before, sources, exempt)
        for row in block.figures:
            unit = block.figure_units.get(row.key, COUNT)
            sources = FIGURES_ON.get((block.key, row.key))
            exempt = (block.key, row.key) in NOT_ON_PEOPLE
            checks.append((("fig", row.key), unit, row.base and row.base[0], row.previous_base, 0, sources, exempt))
        for table in block.tables:
            for row in table.rows:
                for column, unit in enumerate(table.units):
                    cell = (table.key, row.key, column)
                    sources = _sources(block, table, row, column)
                    checks.append(
                        (cell, unit, row.base and row.base[column], row.previous_base, column, sources, False)
                    )
        for cell, unit, base, previous_base, column, sources, exempt in checks:
            if unit not in DERIVED or exempt:
                continue
            for period, base_now in ((0, base), (1, previous_base and previous_base[column])):
                published = [pair[period] for pair in texts[cell] if isinstance(parse(pair[period]), int | float)]
                why = _why(texts, cell, base_now, sources, period) if published else []
                if why:
                    found.append((block.key, cell, "previous" if period else "now", published[0], why))
    return found
