"""A person's timeline, assembled from providers each room registers (referrals, workshops, devices…).

A provider is `fn(beneficiary, user) -> iterable of TimelineEvent`; it decides itself what `user` may see.
Rooms register theirs from AppConfig.ready(): `timeline.register(my_provider)`.

The person's page shows only the few latest past events (`recent_events()`). A provider with a long history
(activities, workshops, purchases) may also accept the keywords `until` and `limit`: it then yields only its
events at or before `until`, at most `limit` of them, latest first and, among events at the same moment, in
the order its whole list gives them — so that the page shows exactly what cutting the whole timeline would
show, without reading years of records. Other providers are called as before and cut here.
"""

import inspect
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

_providers = []
_windowed = set()  # providers that accept `until` and `limit`


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    kind: str  # short machine name, e.g. "consent", "referral", "workshop"
    title: str
    detail: str = ""
    url: str = ""

    def as_dict(self):
        return {"at": self.at.isoformat(), "kind": self.kind, "title": str(self.title), "detail": str(self.detail)}


def register(provider):
    """Add a provider (idempotent). Usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
        if {"until", "limit"} <= inspect.signature(provider).parameters.keys():
            _windowed.add(provider)
    return provider


def providers():
    return list(_providers)


def _aware(moment):
    if isinstance(moment, date) and not isinstance(moment, datetime):
        moment = datetime.combine(moment, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _normalised(events):
    return [
        event
        if isinstance(event.at, datetime) and timezone.is_aware(event.at)
        else TimelineEvent(_aware(event.at), event.kind, event.title, event.detail, event.url)
        for event in events or ()
    ]


def events_for(beneficiary, user):
    """Every provider's events for this person, most recent first."""
    events = []
    for provider in _providers:
        events.extend(_normalised(provider(beneficiary, user)))
    return sorted(events, key=lambda event: event.at, reverse=True)


def recent_events(beneficiary, user, limit, now=None):
    """The `limit` latest events up to `now`: `split_upcoming(events_for(…))[1][:limit]`, reading less.

    Each provider gives at most its own `limit` latest past events (the windowed ones in their query, the
    others cut here), in the order of its whole list: the merged, stably sorted result is the same."""
    now = now or timezone.now()
    events = []
    for provider in _providers:
        if provider in _windowed:
            found = _normalised(provider(beneficiary, user, until=now, limit=limit))
        else:
            found = _normalised(provider(beneficiary, user))
        past = [event for event in found if event.at <= now]
        events.extend(sorted(past, key=lambda event: event.at, reverse=True)[:limit])
    return sorted(events, key=lambda event: event.at, reverse=True)[:limit]


def split_upcoming(events, now=None):
    """(upcoming, past) from `events_for()`'s list: events after `now` (a booked session) soonest first, the
    rest most recent first — so "Derniers événements" never starts with next month's workshop."""
    now = now or timezone.now()
    upcoming = sorted((event for event in events if event.at > now), key=lambda event: event.at)
    return upcoming, [event for event in events if event.at <= now]
