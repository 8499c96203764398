"""Messages on a person's timeline (provider for tremplin.people.timeline): what was sent, and how."""

from django.utils.translation import gettext as _

from .models import Message, Status

SHOWN = (Status.SENT, Status.FAILED, Status.EXPIRED)


def message_events(beneficiary, user):
    from tremplin.people.timeline import TimelineEvent

    messages = (
        Message.objects.visible_to(user)
        .filter(recipient=beneficiary, status__in=SHOWN)
        .only("kind", "channel", "status", "sent_at", "due_at")  # what an event shows, of 24 columns
        .order_by("-due_at")[:100]
    )
    for message in messages:
        title = _("%(kind)s (%(channel)s)") % {
            "kind": message.get_kind_display(),
            "channel": message.get_channel_display(),
        }
        yield TimelineEvent(message.sent_at or message.due_at, "message", title, message.get_status_display())


def connect():
    try:
        from tremplin.people import timeline
    except ImportError:  # the people room has no timeline (yet)
        return
    timeline.register(message_events)
