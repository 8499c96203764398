"""Models of the statistics room, one module per concept, re-exported here for Django."""

from .aggregates import ActivityMonthAggregate, ActivityMonthDirty
from .presence import (
    PersonMonthPresence,
    PersonMonthPrevious,
    PersonSiteFirst,
    ReferralJourney,
    ReferralJourneyDirty,
    ReferralMonthAggregate,
)
from .programmes import Programme, ProgrammeGrant, ProgrammeTarget
from .reports import FunderReport
from .sharing import ShareLink

__all__ = [
    "ActivityMonthAggregate",
    "ActivityMonthDirty",
    "FunderReport",
    "PersonMonthPresence",
    "PersonMonthPrevious",
    "PersonSiteFirst",
    "Programme",
    "ProgrammeGrant",
    "ProgrammeTarget",
    "ReferralJourney",
    "ReferralJourneyDirty",
    "ReferralMonthAggregate",
    "ShareLink",
]
