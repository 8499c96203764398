"""Two sending runs at once never send the same message twice (conditional-update claim)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tremplin.notifications.models import Message, Status
from tremplin.notifications.services import queue_message, send_due_messages
from tremplin.notifications.sms import locmem


class SlowBackend(locmem.LocmemBackend):
    def send(self, to_e164, text):
        time.sleep(0.01)
        return super().send(to_e164, text)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_message_exactly_once(make_person, settings, sms_outbox):
    settings.TREMPLIN_SMS_BACKEND = f"{__name__}.SlowBackend"
    person = make_person()
    for number in range(20):
        queue_message(
            person,
            kind="other",
            subject="Information",
            body="Texte",
            sms_body=f"Message {number}",
            due_at=timezone.now() - timedelta(minutes=1),
            dedupe_key=f"test:{number}",
        )
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            send_due_messages()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = [sms.text for sms in sms_outbox]
    assert sorted(texts) == sorted(f"Message {number}" for number in range(20))
    assert Message.objects.filter(status=Status.SENT).count() == 20
