"""The small-count rule of the statistics room: the one rule of tremplin/core/smallcounts.py, re-exported."""

from tremplin.core.smallcounts import (  # noqa: F401
    MASKED,
    RULE_TEXT,
    SMALL_COUNT_THRESHOLD,
    display_count,
    display_share,
    display_value,
    is_small,
)
