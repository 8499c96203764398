"""The figures of the statistics room: pure functions returning plain dataclasses, one per block.

Every block function has the signature `xxx_figures(scope, period, filters) -> Block`, reads the other
rooms' models (never the reverse) and runs a fixed number of queries whatever the period. Each docstring
gives the national definition used and where the data comes from; docs/guide-statistiques.md says the same
for users. `dashboard(scope, period, filters)` gathers every block for the period and the previous one.

Values are raw numbers: the small-count rule (smallcounts.py) is applied at display/export time from
`scope.mask_small_counts`, so exports and pages share one rule.

One module per block (activities, people, referrals — funnel and partners —, workshops, equipment — till
and inventory —, skills), the shapes in base.py, the shared query helpers in common.py and the assembler
in dashboard.py; everything is re-exported here (`from tremplin.stats.figures import …`, `figures.xxx`).
"""

from .activities import (
    DURATION_BUCKETS,
    _duration_q,
    _explode,
    activity_figures,
    activity_over_time,
    duration_bucket_labels,
)
from .base import COUNT, DAYS, EUROS, HOURS, PERCENT, Block, Dashboard, Row, Table
from .common import (
    _as_date,
    _days,
    _label,
    _local_bounds,
    _median,
    _people_of_partners,
    _referred_by,
    _round,
    scoped_activities,
)
from .dashboard import BLOCKS, compare, dashboard
from .equipment import equipment_figures, inventory_figures, scoped_sale_lines
from .people import (
    AGE_BANDS,
    ANONYMOUS_AGE_BAND_PROVIDERS,
    NOT_GIVEN,
    PERSON_FIELD_BREAKDOWNS,
    TOP_COMMUNES,
    age_band,
    age_band_labels,
    anonymous_age_bands,
    helped_people,
    people_figures,
    person_field_breakdowns,
    register_people_hooks,
)
from .referrals import (
    _JOURNEY_CACHE,
    FUNNEL_STEPS,
    funnel_figures,
    partner_figures,
    scoped_referrals,
)
from .skills import skills_figures
from .workshops import workshop_figures

__all__ = [
    "AGE_BANDS",
    "ANONYMOUS_AGE_BAND_PROVIDERS",
    "BLOCKS",
    "COUNT",
    "DAYS",
    "DURATION_BUCKETS",
    "EUROS",
    "FUNNEL_STEPS",
    "HOURS",
    "NOT_GIVEN",
    "PERCENT",
    "PERSON_FIELD_BREAKDOWNS",
    "TOP_COMMUNES",
    "_JOURNEY_CACHE",
    "Block",
    "Dashboard",
    "Row",
    "Table",
    "_as_date",
    "_days",
    "_duration_q",
    "_explode",
    "_label",
    "_local_bounds",
    "_median",
    "_people_of_partners",
    "_referred_by",
    "_round",
    "activity_figures",
    "activity_over_time",
    "age_band",
    "age_band_labels",
    "anonymous_age_bands",
    "compare",
    "dashboard",
    "duration_bucket_labels",
    "equipment_figures",
    "funnel_figures",
    "helped_people",
    "inventory_figures",
    "partner_figures",
    "people_figures",
    "person_field_breakdowns",
    "register_people_hooks",
    "scoped_activities",
    "scoped_referrals",
    "scoped_sale_lines",
    "skills_figures",
    "workshop_figures",
]
