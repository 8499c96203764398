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
