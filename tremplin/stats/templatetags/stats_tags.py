from django import template

from tremplin.core.smallcounts import display_cell
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
    since a difference would give a small count back."""
    if current is None or previous is None or (unit in ("percent", "days") and mask):  # rates, medians
        return ""
    if mask and unit == "count" and (is_small(current) or is_small(previous)):
        return ""
    diff = round(current - previous, 1)
    if diff == 0:
        return "="
    text = display_value(abs(diff), unit)
    return f"+{text}" if diff > 0 else f"−{text}"


@register.simple_tag
def delta(current, previous, unit="count", mask=False):
    return delta_text(current, previous, unit, bool(mask))


@register.simple_tag
def figure_cells(block, row, mask=False):
    unit = block.figure_units.get(row.key, "count")
    base = row.base[0] if row.base else None
    previous = row.previous[0] if row.previous else None
    return {
        "value": display_value(row.values[0], unit, mask, base),
        "previous": display_value(previous, unit, mask, base) if row.previous else "",
        "delta": delta_text(row.values[0], previous, unit, mask),
    }


@register.inclusion_tag("stats/includes/table.html")
def stats_table(table, mask=False, compare=True):
    """A figures table: label, each value, its share when asked, the previous period and the difference."""
    mask = bool(mask)
    compare = compare and any(row.previous is not None for row in table.rows)
    totals = [table.total(index) for index in range(len(table.columns))]
    hidden, hidden_before = table.hidden_cells(mask), table.hidden_cells(mask, previous=True)
    rows = []
    for number, row in enumerate(table.rows):
        cells = []
        for index, (value, unit) in enumerate(zip(row.values, table.units, strict=True)):
            base = row.base[index] if row.base else None
            previous = row.previous[index] if row.previous else None
            cell = {
                "value": display_value(value, unit, mask, base),
                "previous": display_value(previous, unit, mask, base) if row.previous else "",
                "delta": delta_text(value, previous, unit, mask),
            }
            if (number, index) in hidden:
                cell["value"] = display_cell(value, True)
                cell["delta"] = ""
            if (number, index) in hidden_before:
                cell["previous"] = display_cell(previous, True)
                cell["delta"] = ""
            if table.share_column == index:
                cell["share"] = display_share(value, totals[index], mask)
                if (number, index) in hidden:
                    cell["share"] = display_cell(value, True)
            cells.append(cell)
        rows.append({"label": row.label, "cells": cells})
    return {"table": table, "rows": rows, "compare": compare, "mask": mask}
