"""Queue messages about enrolments through the notifications room (it picks the channel and sends).

Called inside the business transaction: the queued rows commit or roll back with it.
"""

import logging
from datetime import time, timedelta

from django.utils import timezone

from tremplin.network.timezones import site_datetime, site_localtime

from ..messages import compose

logger = logging.getLogger(__name__)

REMINDERS = (("reminder_2_days", timedelta(days=2)), ("reminder_same_day", None))


def _notifications():
    try:
        from tremplin.notifications import services
    except ImportError:  # the notifications room is not installed yet: nothing is sent
        logger.warning("notifications.services missing: workshop messages are not queued")
        return None
    return services


def queue(kind, enrollment, *, due_at=None, not_after=None, key_suffix="", previous_start=None):
    services = _notifications()
    if services is None:
        return
    subject, body, sms_body, url = compose(kind, enrollment, previous_start=previous_start)
    start_stamp = int(enrollment.session.starts_at.timestamp())
    services.queue_message(
        enrollment.beneficiary,
        kind=kind,
        subject=subject,
        body=body,
        sms_body=sms_body,
        due_at=due_at or timezone.now(),
        not_after=not_after,
        dedupe_key=f"{enrollment.dedupe_prefix()}{kind}:{start_stamp}{key_suffix}",
        action_url=url,
        site=enrollment.session.site,
    )


def reminder_due_at(starts_at, ahead, site):
    """09:00 at the site (its own time zone) on the day, or 2 hours before the start if that is earlier.

    A 09:30 session in Pointe-à-Pitre gets its same-day reminder at 07:30 local time, never during
    the night because the server runs on Paris time.
    """
    local_start = site_localtime(starts_at, site)
    day = (local_start - ahead).date() if ahead else local_start.date()
    morning = site_datetime(day, time(9, 0), site)
    return min(morning, starts_at - timedelta(hours=2))


def queue_reminders(enrollment, now=None):
    """Two reminders: two days before (morning), and the morning of the session; none in the past."""
    now = now or timezone.now()
    session = enrollment.session
    starts_at = session.starts_at
    for kind, ahead in REMINDERS:
        due_at = reminder_due_at(starts_at, ahead, session.site)
        if due_at > now:
            queue(kind, enrollment, due_at=due_at, not_after=starts_at)


def cancel_pending(enrollment):
    services = _notifications()
    if services is not None:
        services.cancel_queued_messages(enrollment.dedupe_prefix())
