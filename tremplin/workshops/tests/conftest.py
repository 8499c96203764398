"""Fixtures of the workshops room: a session at `site`, people it follows, a message recorder."""

import pytest

from .factories import BeneficiaryFactory, SessionFactory


class Outbox:
    """Stands in for tremplin.notifications.services: records what would be queued or cancelled."""

    def __init__(self):
        self.queued = []
        self.cancelled_prefixes = []

    def queue_message(self, recipient, **kwargs):
        self.queued.append({"recipient": recipient, **kwargs})

    def cancel_queued_messages(self, dedupe_prefix):
        self.cancelled_prefixes.append(dedupe_prefix)

    def kinds(self, recipient=None):
        return [m["kind"] for m in self.queued if recipient is None or m["recipient"] == recipient]


@pytest.fixture(autouse=True)
def outbox(monkeypatch):
    box = Outbox()
    monkeypatch.setattr("tremplin.workshops.services.notify._notifications", lambda: box)
    return box


@pytest.fixture
def session(site):
    return SessionFactory(site=site, seats=2)


@pytest.fixture
def people(site):
    """people(n) -> n people followed by `site`."""

    def make(count):
        return [BeneficiaryFactory(sites=[site]) for _ in range(count)]

    return make


@pytest.fixture
def manager(make_user, site):
    return make_user("site_manager", at=site)


@pytest.fixture
def mediator(make_user, site):
    return make_user("mediator", at=site)
