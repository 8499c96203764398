"""Enrolments and attendance appear on the person's timeline, for staff of the session's site only."""

from tremplin.people.timeline import events_for

from .factories import EnrollmentFactory


def test_an_enrolment_shows_on_the_timeline_with_its_attendance(session, people, mediator):
    person = people(1)[0]
    EnrollmentFactory(session=session, beneficiary=person, attendance="present")
    events = [e for e in events_for(person, mediator) if e.kind == "workshop"]
    assert len(events) == 1
    assert session.workshop.title in events[0].title
    assert "Présent·e" in events[0].detail
    assert events[0].url == session.get_absolute_url()


def test_staff_of_another_site_do_not_see_the_enrolment(session, people, make_user, other_site):
    person = people(1)[0]
    EnrollmentFactory(session=session, beneficiary=person)
    outsider = make_user("mediator", at=other_site)
    assert not [e for e in events_for(person, outsider) if e.kind == "workshop"]
