"""Against the real notifications room: messages are queued, and withdrawn on cancellation."""

import pytest

from tremplin.workshops import services
from tremplin.workshops.services import notify

REAL_NOTIFICATIONS = notify._notifications


@pytest.fixture
def real_notifications(monkeypatch):
    monkeypatch.setattr(notify, "_notifications", REAL_NOTIFICATIONS)
    from tremplin.notifications.models import Message

    return Message


def test_enrolment_queues_real_messages_and_cancelling_withdraws_the_reminders(
    real_notifications, session, people, mediator
):
    Message = real_notifications
    (person,) = people(1)
    enrollment = services.enroll(mediator, session, person)[0]
    kinds = set(Message.objects.filter(recipient=person).values_list("kind", flat=True))
    assert kinds == {"enrolment_confirmation", "reminder_2_days", "reminder_same_day"}
    assert all(m.segments == 1 for m in Message.objects.filter(recipient=person))
    services.cancel_enrollment(enrollment, by=mediator)
    assert not Message.objects.filter(recipient=person, kind__startswith="reminder", status="queued").exists()
