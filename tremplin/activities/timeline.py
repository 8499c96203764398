"""Activity records on a person's timeline (provider for tremplin.people.timeline)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Activity


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
    for activity in activities:
        title = activity.get_kind_display()
        if activity.title:
            title = _("%(kind)s : %(title)s") % {"kind": title, "title": activity.title}
        detail = " · ".join([activity.duration_display, *[str(label) for label in activity.thematique_labels]])
        yield TimelineEvent(activity.date, "activity", title, detail, activity.get_absolute_url())


def connect():
    try:
        from tremplin.people import timeline
    except ImportError:  # the people room has no timeline (yet)
        return
    timeline.register(activity_events)
