from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.people import timeline
from tremplin.people.timeline import TimelineEvent, events_for

from .factories import ConsentFactory, EligibilityRecordFactory

pytestmark = pytest.mark.django_db


def test_providers_from_other_rooms_are_merged_and_sorted_most_recent_first(make_user, helene, monkeypatch):
    monkeypatch.setattr(timeline, "_providers", list(timeline._providers))
    late = timezone.make_aware(datetime(2099, 1, 1, 10, 0))

    @timeline.register
    def workshops(beneficiary, user):
        yield TimelineEvent(late, "workshop", "Atelier smartphone")
        yield TimelineEvent(date(2000, 1, 1), "workshop", "Atelier ancien")  # a date is accepted too

    events = events_for(helene, make_user("mediator"))
    assert events[0].title == "Atelier smartphone"
    assert events[-1].title == "Atelier ancien" and timezone.is_aware(events[-1].at)
    assert [event.at for event in events] == sorted((event.at for event in events), reverse=True)


def test_registering_a_provider_twice_keeps_one(monkeypatch):
    monkeypatch.setattr(timeline, "_providers", [])

    def provider(beneficiary, user):
        return []

    timeline.register(provider)
    timeline.register(provider)
    assert timeline.providers() == [provider]


def test_a_volunteer_gets_no_consent_or_eligibility_events(make_user, helene):
    ConsentFactory(beneficiary=helene)
    EligibilityRecordFactory(beneficiary=helene)
    kinds = {event.kind for event in events_for(helene, make_user("volunteer"))}
    assert kinds == {"created"}


def test_the_record_page_runs_a_bounded_number_of_queries(client_as, helene, django_assert_max_num_queries):
    client = client_as("mediator")
    client.get(reverse("people:detail", args=[helene.pk]))
    ConsentFactory.create_batch(10, beneficiary=helene)
    EligibilityRecordFactory.create_batch(10, beneficiary=helene)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("people:detail", args=[helene.pk]))
    assert response.status_code == 200


def test_latest_events_on_the_record_are_past_ones_and_the_history_lists_what_is_coming_apart(
    make_user, helene, monkeypatch
):
    """A session booked next month is not one of the « Derniers événements » (it is « À venir »)."""
    monkeypatch.setattr(timeline, "_providers", list(timeline._providers))
    now = timezone.now()
    booked = now + timezone.timedelta(days=30)
    held = now - timezone.timedelta(days=3)
    sooner = now + timezone.timedelta(days=2)

    @timeline.register
    def workshops(beneficiary, user):
        yield TimelineEvent(booked, "workshop", "Atelier réservé")
        yield TimelineEvent(held, "workshop", "Atelier suivi")
        yield TimelineEvent(sooner, "workshop", "Atelier de jeudi")

    upcoming, past = timeline.split_upcoming(events_for(helene, make_user("mediator")), now=now)
    assert [event.title for event in upcoming] == ["Atelier de jeudi", "Atelier réservé"]  # soonest first
    assert "Atelier suivi" in [event.title for event in past]
    assert all(event.at <= now for event in past)
