"""The site is reminded, once, of a person who finished a course without a follow-up diagnostic."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from tremplin.assessments.models import FollowUpReminder
from tremplin.assessments.reminders import followups_to_do, remind_missing_followups
from tremplin.workshops.models import Attendance, Enrollment
from tremplin.workshops.tests.factories import BeneficiaryFactory

from .test_pathway import finish, weak_in
from .test_pathway_steps import course_at


def attended_course(site, person, first_in_days=-30):
    course = course_at(site, ["email"], count=2, first_in_days=first_in_days)
    for session in course.sessions.all():
        Enrollment.objects.create(session=session, beneficiary=person, status="confirmed", attendance="absent")
    first = Enrollment.objects.filter(beneficiary=person, session__course=course).order_by("session__starts_at")[0]
    first.attendance = Attendance.PRESENT
    first.save()
    return course


def backdate(assessment, days):
    assessment.completed_at = timezone.now() - timedelta(days=days)
    assessment.save(update_fields=["completed_at"])


def test_a_finished_course_without_follow_up_gives_one_reminder_however_often_it_runs(
    mediator, person, questionnaire, site
):
    backdate(finish(mediator, person, weak_in("communiquer")), 40)
    course = attended_course(site, person)
    assert remind_missing_followups() == 1
    assert remind_missing_followups() == 0
    call_command("remind_missing_followups", stdout=StringIO())
    reminder = FollowUpReminder.objects.get()
    assert (reminder.beneficiary, reminder.course, reminder.site) == (person, course, site)
    [home] = followups_to_do(mediator, "mediator")
    assert [item.label for item in home.items] == [str(person)]
    # The follow-up diagnostic resolves it, and it is never written again for that course.
    finish(mediator, person, weak_in())
    assert followups_to_do(mediator, "mediator") == []
    assert remind_missing_followups() == 0


def test_no_reminder_while_the_course_runs_without_first_diagnostic_or_without_attendance(
    make_user, mediator, person, questionnaire, site
):
    backdate(finish(mediator, person, weak_in("communiquer")), 40)
    running = course_at(site, ["email"], count=2, first_in_days=-3)  # second session in 4 days
    first = running.sessions.order_by("starts_at")[0]
    Enrollment.objects.create(session=first, beneficiary=person, status="confirmed", attendance="present")
    never_diagnosed = BeneficiaryFactory(sites=[site])
    attended_course(site, never_diagnosed)
    absent = BeneficiaryFactory(sites=[site])
    backdate(finish(mediator, absent, weak_in()), 40)
    over = course_at(site, ["email"], count=1, first_in_days=-30)
    Enrollment.objects.create(session=over.sessions.get(), beneficiary=absent, status="confirmed", attendance="absent")
    assert remind_missing_followups() == 0
    assert not FollowUpReminder.objects.exists()


def test_volunteers_and_observers_have_no_follow_up_list(make_user, site):
    assert followups_to_do(make_user("volunteer", at=site), "volunteer") == []
    assert followups_to_do(make_user("observer"), "observer") == []
