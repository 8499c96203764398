from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext

from tremplin.stats import masking
from tremplin.stats.smallcounts import display_count, display_share, display_value, is_small

register = template.Library()


@register.filter
def small_count(value, mask=False):
    """{{ count|small_count:mask }} — the small-count rule of core/smallcounts.py."""
    return display_count(value, bool(mask))


@register.simple_tag
def share(numerator, denominator, mask=False):
    """{% share part total mask %} — a percentage under the same rule."""
    return display_share(numerator, denominator, bool(mask))


def delta_text(current, previous, unit="count", mask=False):
    """Signed difference with the previous period ("+3", "−2", "="); hidden when either side is masked,
    since a difference would give a small count back. Between two percentages it is in points: 0 % against
    38 % is "−38 points", not "−38 %" (which would read as a relative fall)."""
    if current is None or previous is None or (unit in ("percent", "days") and mask):  # rates, medians
        return ""
    if mask and unit == "count" and (is_small(current) or is_small(previous)):
        return ""
    diff = round(current - previous, 1)
    if diff == 0:
        return "="
    if unit == "percent":
        size = abs(diff)
        # French: "1 point", "1,5 point", "2 points" (plural from 2).
        text = ngettext("%(points)s point", "%(points)s points", int(size)) % {
            "points": number_format(size, 1 if size % 1 else 0, force_grouping=True)
        }
    else:
        text = display_value(abs(diff), unit)
    return f"+{text}" if diff > 0 else f"−{text}"


@register.simple_tag
def delta(current, previous, unit="count", mask=False):
    return delta_text(current, previous, unit, bool(mask))


@register.simple_tag
def figure_cells(block, row, mask=False):
    """A headline figure, its previous value and the change, under the rule of stats/masking.py (the figures
    and tables of a block are masked together; each period on its own figures)."""
    unit = block.figure_units.get(row.key, "count")
    previous = row.previous[0] if row.previous else None
    now = masking.figure_replacement(block, row, mask)
    before = masking.figure_replacement(block, row, mask, previous=True)
    return {
        "value": now or display_value(row.values[0], unit),
        "previous": (before or display_value(previous, unit)) if row.previous else "",
        "delta": "" if masking.delta_hidden(now, before) else delta_text(row.values[0], previous, unit, mask),
    }


@register.inclusion_tag("stats/includes/table.html")
def stats_table(table, mask=False, compare=True, block=None):
    """A figures table: label, each value, its share when asked, the previous period and the difference.
    `block`: the block the table belongs to, whose headline figures are masked together with it."""
    mask = bool(mask)
    block = block or masking.lone_block(table)
    compare = compare and any(row.previous is not None for row in table.rows)
    totals = [table.total(index) for index in range(len(table.columns))]
    rows = []
    for number, row in enumerate(table.rows):
        cells = []
        for index, (value, unit) in enumerate(zip(row.values, table.units, strict=True)):
            previous = row.previous[index] if row.previous else None
            now = masking.cell_replacement(block, table, number, index, mask)
            before = masking.cell_replacement(block, table, number, index, mask, previous=True)
            cell = {
                "column": table.columns[index],
                "value": now or display_value(value, unit),
                "previous": (before or display_value(previous, unit)) if row.previous else "",
                "delta": "" if masking.delta_hidden(now, before) else delta_text(value, previous, unit, mask),
            }
            if table.share_column == index:
                hidden_share = masking.share_hidden(block, table, number, index, mask)
                # A hidden share is "—" like any rate ("< 5" there would read "less than 5 %").
                cell["share"] = "—" if hidden_share else display_share(value, totals[index], mask)
            cells.append(cell)
        rows.append({"label": row.label, "cells": cells})
    # On a phone each row is a card, each line labelled (tremplin.js keeps a data-label already there): with two
    # value columns, "Période précédente" alone would not say of which.
    return {"table": table, "rows": rows, "compare": compare, "mask": mask, "several": len(table.columns) > 1}
