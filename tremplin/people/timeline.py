"""A person's timeline, assembled from providers each room registers (referrals, workshops, devices…).

A provider is `fn(beneficiary, user) -> iterable of TimelineEvent`; it decides itself what `user` may see.
Rooms register theirs from AppConfig.ready(): `timeline.register(my_provider)`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

_providers = []


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
    return provider


def providers():
    return list(_providers)


def _aware(moment):
    if isinstance(moment, date) and not isinstance(moment, datetime):
        moment = datetime.combine(moment, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def events_for(beneficiary, user):
    """Every provider's events for this person, most recent first."""
    events = []
    for provider in _providers:
        for event in provider(beneficiary, user) or ():
            events.append(
                event
                if isinstance(event.at, datetime) and timezone.is_aware(event.at)
                else TimelineEvent(_aware(event.at), event.kind, event.title, event.detail, event.url)
            )
    return sorted(events, key=lambda event: event.at, reverse=True)


def split_upcoming(events, now=None):
    """(upcoming, past) from `events_for()`'s list: events after `now` (a booked session) soonest first, the
    rest most recent first — so "Derniers événements" never starts with next month's workshop."""
    now = now or timezone.now()
    upcoming = sorted((event for event in events if event.at > now), key=lambda event: event.at)
    return upcoming, [event for event in events if event.at <= now]
