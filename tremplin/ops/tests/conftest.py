import io
import logging

import pytest

from tremplin.notifications.sms import locmem
from tremplin.people.models import Beneficiary


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.TREMPLIN_SMS_BACKEND = "tremplin.notifications.sms.locmem.LocmemBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    locmem.outbox.clear()
    yield locmem.outbox
    locmem.outbox.clear()


@pytest.fixture
def make_person(site):
    def factory(*, at=None, **fields):
        fields.setdefault("first_name", "Awa")
        fields.setdefault("last_name", "Diallo")
        fields.setdefault("phone", "+33612345678")
        fields.setdefault("email", "awa@example.org")
        person = Beneficiary.objects.create(**fields)
        person.sites.add(at or site)
        return person

    return factory


@pytest.fixture
def captured_logs():
    """Every log record of the test, formatted as in production (JSON, with request and user ids)."""
    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    from tremplin.ops.logs import RequestContextFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    json_config = settings.LOGGING["formatters"]["json"]
    handler.setFormatter(JsonFormatter(json_config["format"], rename_fields=json_config["rename_fields"]))
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("django.db.backends").setLevel(logging.INFO)  # SQL parameters would hold the names
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)
