"""Taking attendance at a workshop session writes one collective activity record (workshops signal)."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from tremplin.activities.models import Activity
from tremplin.activities.receivers import on_attendance_recorded

STARTS = datetime(2026, 3, 12, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def session(site):
    # The receiver only reads these attributes of workshops.Session, so the test does not depend on
    # the workshops room's models.
    workshop = SimpleNamespace(
        title="Premiers pas sur internet", level="beginner", thematiques=["navigation_sur_internet", "inconnue"]
    )
    return SimpleNamespace(pk=41, site=site, workshop=workshop, starts_at=STARTS, ends_at=STARTS + timedelta(hours=2))


@pytest.mark.django_db
class TestSessionRecords:
    def test_attendance_creates_one_collective_record_with_the_people_present(self, session, make_person, make_user):
        present = [make_person(first_name="Awa"), make_person(first_name="Karim")]
        mediator = make_user("mediator")
        on_attendance_recorded(sender=None, session=session, present=present, actor=mediator)
        activity = Activity.objects.get()
        assert (activity.kind, activity.participant_count, activity.duration) == ("collectif", 2, 120)
        assert set(activity.participants.all()) == set(present)
        assert activity.title == "Premiers pas sur internet"
        assert activity.level == "debutant"
        assert activity.thematiques == ["navigation_sur_internet"]
        assert activity.date.isoformat() == "2026-03-12"
        assert activity.recorded_by == mediator

    def test_taking_attendance_again_updates_the_same_record(self, session, make_person, make_user):
        awa, karim = make_person(first_name="Awa"), make_person(first_name="Karim")
        mediator = make_user("mediator")
        on_attendance_recorded(sender=None, session=session, present=[awa], actor=mediator)
        on_attendance_recorded(sender=None, session=session, present=[awa, karim], actor=mediator)
        activity = Activity.objects.get()
        assert activity.participant_count == 2
        assert set(activity.participants.all()) == {awa, karim}

    def test_nobody_present_means_no_record(self, session, make_person, make_user):
        mediator = make_user("mediator")
        on_attendance_recorded(sender=None, session=session, present=[make_person()], actor=mediator)
        on_attendance_recorded(sender=None, session=session, present=[], actor=mediator)
        assert not Activity.objects.exists()

    def test_the_workshops_signal_reaches_the_receiver(self, session, make_person, make_user):
        signals = pytest.importorskip("tremplin.workshops.signals")
        signals.attendance_recorded.send(
            sender=None, session=session, present=[make_person()], actor=make_user("mediator")
        )
        assert Activity.objects.filter(source="workshops.session", source_id="41").count() == 1
