"""Diagnostic figures for the statistics room (counts and shares only, never a person).

`diagnostic_aggregates(site_ids=None, start=None, end=None, people=None)` — site_ids: the sites to count
(None: the whole network); start / end: dates, both included (None: no bound), read in the installation's
time zone; people: an optional queryset of beneficiary ids to keep (e.g. the people a partner referred, for
the statistics room's partner scope), None: everybody.

Definitions (docs/guide-diagnostic.md, "Chiffres pour les statistiques"):
- people_diagnosed: people with at least one completed diagnostic at those sites in the period;
- the cohort: people whose FIRST completed diagnostic (ever) was taken at those sites in the period;
- profiles_at_first: the cohort counted by the profile of that first diagnostic ("" = not determined);
- with_follow_up: cohort people with a later completed diagnostic (any site) completed by `end`;
  follow_up_share = with_follow_up / cohort;
- gained_per_area: for each area code, among the people with a follow-up who have a level in that area on
  both the first diagnostic and the latest follow-up (by `end`): how many gained at least one level;
  areas are matched by their stable code across questionnaire versions;
- median_days_to_follow_up: median number of days between the first diagnostic and the latest follow-up
  (by `end`), over the people with a follow-up; None when nobody has one.
Shares are floats between 0 and 1, or None when there is nobody to divide by.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from statistics import median

from django.utils import timezone

from .models import Assessment


@dataclass
class AreaGain:
    people: int = 0  # people with a level in the area before and after
    gained: int = 0  # of whom gained at least one level

    @property
    def share(self):
        return self.gained / self.people if self.people else None


@dataclass
class DiagnosticAggregates:
    people_diagnosed: int = 0
    cohort: int = 0
    profiles_at_first: dict = field(default_factory=dict)  # {profile value: people}
    with_follow_up: int = 0
    gained_per_area: dict = field(default_factory=dict)  # {area code: AreaGain}
    median_days_to_follow_up: float | None = None

    @property
    def follow_up_share(self):
        return self.with_follow_up / self.cohort if self.cohort else None


def _bounds(start, end):
    tz = timezone.get_current_timezone()
    low = timezone.make_aware(datetime.combine(start, time.min), tz) if start else None
    high = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz) if end else None
    return low, high


def _in(moment, low, high):
    return (low is None or moment >= low) and (high is None or moment < high)


def diagnostic_aggregates(site_ids=None, start=None, end=None, people=None):
    low, high = _bounds(start, end)
    completed = Assessment.objects.completed()
    if people is not None:
        completed = completed.filter(beneficiary_id__in=people)
    scoped = completed if site_ids is None else completed.filter(site_id__in=list(site_ids))
    in_period = scoped
    if low:
        in_period = in_period.filter(completed_at__gte=low)
    if high:
        in_period = in_period.filter(completed_at__lt=high)
    result = DiagnosticAggregates(people_diagnosed=in_period.values("beneficiary_id").distinct().count())

    people = in_period.values("beneficiary_id").distinct()
    rows = (
        completed.filter(beneficiary_id__in=people)
        .order_by("beneficiary_id", "completed_at", "pk")
        .values("beneficiary_id", "site_id", "completed_at", "levels", "profile")
    )
    by_person = {}
    for row in rows:
        by_person.setdefault(row["beneficiary_id"], []).append(row)
    scope = None if site_ids is None else set(site_ids)
    days = []
    for diagnostics in by_person.values():
        first = diagnostics[0]
        if (scope is not None and first["site_id"] not in scope) or not _in(first["completed_at"], low, high):
            continue  # their first diagnostic is elsewhere or earlier: not in this cohort
        result.cohort += 1
        result.profiles_at_first[first["profile"]] = result.profiles_at_first.get(first["profile"], 0) + 1
        later = [d for d in diagnostics[1:] if high is None or d["completed_at"] < high]
        if not later:
            continue
        result.with_follow_up += 1
        last = later[-1]
        days.append((last["completed_at"] - first["completed_at"]).total_seconds() / 86400)
        for code, before in first["levels"].items():
            after = last["levels"].get(code)
            if before is None or after is None:
                continue
            gain = result.gained_per_area.setdefault(code, AreaGain())
            gain.people += 1
            gain.gained += after > before
    result.median_days_to_follow_up = median(days) if days else None
    return result
