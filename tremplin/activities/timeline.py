"""Activity records on a person's timeline (provider for tremplin.people.timeline)."""

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.reversing import RowUrls

from .models import Activity

ACTIVITY_SAMPLE = uuid.UUID("5eed5eed-5eed-4eed-8eed-5eed5eed5eed")


def activity_events(beneficiary, user, until=None, limit=200):
    """The person's records, latest first (the model's order, date then id); with `until`, only those dated
    on or before that day (the person's page asks for its few latest past events, see people.timeline)."""
    from tremplin.people.timeline import TimelineEvent

    # Only the columns an event shows (the record is 23 columns wide: building them was most of the time).
    activities = (
        Activity.objects.visible_to(user)
        .involving(beneficiary)
        .only("pk", "uuid", "date", "kind", "title", "duration", "thematiques")
    )
    if until is not None:
        # An activity's event is at midnight of its date, in the current time zone (people.timeline).
        activities = activities.filter(date__lte=timezone.localdate(until))
    activities = activities.order_by("-date", "-pk")[:limit]
    url = RowUrls("activities:detail", ACTIVITY_SAMPLE)  # each row's get_absolute_url(), reversed once
    for activity in activities:
        title = activity.get_kind_display()
        if activity.title:
            title = _("%(kind)s : %(title)s") % {"kind": title, "title": activity.title}
        detail = " · ".join([activity.duration_display, *[str(label) for label in activity.thematique_labels]])
        yield TimelineEvent(activity.date, "activity", title, detail, url(activity.uuid))


def connect():
    try:
        from tremplin.people import timeline
    except ImportError:  # the people room has no timeline (yet)
        return
    timeline.register(activity_events)
