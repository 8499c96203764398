"""The before → after chart of a follow-up diagnostic: inline SVG bars, no JavaScript (progress_chart.html).

A long area name (« Démarches en ligne : compte, identifiants, documents ») is wrapped on several lines rather
than cut: the row grows by a line height for each extra line. The table beside the chart has the same data.
"""

import textwrap

ROW_HEIGHT, BAR_WIDTH, LINE_HEIGHT = 40, 240, 13
LABEL_CHARACTERS = 44  # what fits on a line of the 320-unit-wide drawing


def chart(rows):
    """Rows (area name, before, after) → the geometry of the inline SVG bars (levels 0–3)."""
    result = []
    top = 0
    for name, before, after in rows:
        lines = textwrap.wrap(name, LABEL_CHARACTERS) or [""]
        extra = (len(lines) - 1) * LINE_HEIGHT
        result.append(
            {
                "name": name,
                "lines": lines,
                "before": before,
                "after": after,
                "y_label": top + 10,
                "line_height": LINE_HEIGHT,
                "y_before": top + 14 + extra,
                "y_after": top + 26 + extra,
                "w_before": (before or 0) * BAR_WIDTH // 3,
                "w_after": (after or 0) * BAR_WIDTH // 3,
            }
        )
        top += ROW_HEIGHT + extra
    return result


def chart_height(geometry):
    """The drawing's height for `chart()`'s rows."""
    if not geometry:
        return 0
    last = geometry[-1]
    return last["y_after"] + ROW_HEIGHT - 26
