"""The before → after chart of a follow-up diagnostic: inline SVG bars, no JavaScript (progress_chart.html)."""

ROW_HEIGHT, BAR_WIDTH = 40, 240


def chart(rows):
    """Rows (area name, before, after) → the geometry of the inline SVG bars (levels 0–3)."""
    result = []
    for index, (name, before, after) in enumerate(rows):
        top = index * ROW_HEIGHT
        result.append(
            {
                "name": name,
                "before": before,
                "after": after,
                "y_label": top + 10,
                "y_before": top + 14,
                "y_after": top + 26,
                "w_before": (before or 0) * BAR_WIDTH // 3,
                "w_after": (after or 0) * BAR_WIDTH // 3,
            }
        )
    return result
