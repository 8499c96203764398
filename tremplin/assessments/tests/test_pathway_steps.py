"""The mediator's decisions on the proposal (persistent pathway steps) and their states from real events."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.activities.models import Activity
from tremplin.assessments import pathway, proposals
from tremplin.assessments.models import PathwayStep
from tremplin.inventory.services.devices import mark_sold, release_reservation
from tremplin.inventory.tests.factories import available_device
from tremplin.workshops.models import Attendance, Course, Enrollment
from tremplin.workshops.services import cancel_enrollment, record_attendance
from tremplin.workshops.tests.factories import SessionFactory, WorkshopFactory

from .test_pathway import ALONE, finish, weak_in

FAIL_ALL = weak_in("appareil", "naviguer", "communiquer", "demarches", "securite", "smartphone")


def course_at(site, thematiques, count=3, seats=4, first_in_days=3):
    workshop = WorkshopFactory(title="Parcours e-mail", thematiques=thematiques)
    course = Course.objects.create(workshop=workshop, site=site)
    # 09:00 in Paris (the test site's zone): "now + days" put a late-evening run's sessions across midnight.
    start = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=first_in_days), time(9, 0)))
    for week in range(count):
        SessionFactory(
            site=site,
            workshop=workshop,
            course=course,
            seats=seats,
            starts_at=start + timedelta(days=7 * week),
            ends_at=start + timedelta(days=7 * week, hours=2),
        )
    return course


def test_a_course_is_proposed_for_an_area_at_level_0_and_not_for_a_level_1_area(mediator, person, questionnaire, site):
    course = course_at(site, ["prendre_en_main_du_materiel"])
    at_zero = finish(mediator, person, weak_in("appareil"))
    assert at_zero.levels["appareil"] == 0
    [(area, courses)] = proposals.propose(at_zero, mediator).courses
    assert (area.code, courses) == ("appareil", [course])
    # "Utiliser un appareil" has two observed tasks and one self-assessment: with help, with help, no
    # → 2 points of 6 = 1/3 → level 1 (weak, but one session may do: no course).
    at_one = finish(
        mediator,
        person,
        lambda code, kind: ("with_help" if kind == "observed" else "no") if code == "appareil" else ALONE[kind],
    )
    assert at_one.levels["appareil"] == 1
    assert proposals.propose(at_one, mediator).courses == []


def test_every_weak_area_gets_courses_when_the_profile_is_a_initier(mediator, person, questionnaire, site):
    course = course_at(site, ["prendre_en_main_du_materiel"])
    # Level 1 in "appareil" (see above), 0 everywhere else → average below 1 → "à initier".
    assessment = finish(
        mediator,
        person,
        lambda code, kind: (
            ("with_help" if kind == "observed" else "no") if code == "appareil" else FAIL_ALL(code, kind)
        ),
    )
    assert assessment.profile == "a_initier" and assessment.levels["appareil"] == 1
    offered = {area.code: courses for area, courses in proposals.propose(assessment, mediator).courses}
    # The course serves both areas: proposed once, under the weaker one (smartphone, level 0 < 1).
    assert offered == {"smartphone": [course]}


def test_a_course_with_a_full_session_is_offered_only_when_no_course_of_the_workshop_has_room(
    mediator, person, questionnaire, site
):
    from tremplin.workshops.tests.factories import EnrollmentFactory

    course = course_at(site, ["email"], seats=1)
    EnrollmentFactory(session=course.sessions.order_by("starts_at").last())
    assessment = finish(mediator, person, weak_in("communiquer"))
    [(_area, courses)] = proposals.propose(assessment, mediator).courses
    assert courses == [course] and courses[0].is_full  # its full session goes to the waiting list

    roomy = Course.objects.create(workshop=course.workshop, site=site)
    for session in course.sessions.all():
        SessionFactory(
            site=site,
            workshop=course.workshop,
            course=roomy,
            seats=4,
            starts_at=session.starts_at + timedelta(days=1),
            ends_at=session.ends_at + timedelta(days=1),
        )
    [(_area, courses)] = proposals.propose(assessment, mediator).courses
    assert courses == [roomy] and not courses[0].is_full


def test_a_course_the_person_is_already_on_is_not_proposed_again(mediator, person, questionnaire, site):
    course = course_at(site, ["email"])
    assessment = finish(mediator, person, weak_in("communiquer"))
    pathway.enrol_in_course(mediator, assessment, course.pk)

    assert proposals.propose(assessment, mediator).courses == []
    assert pathway.enrol_in_course(mediator, assessment, course.pk) is None


def test_enrolling_in_a_proposed_course_enrols_every_session_and_the_step_is_in_progress(
    mediator, person, questionnaire, site
):
    course = course_at(site, ["email"])
    assessment = finish(mediator, person, weak_in("communiquer"))
    enrollments = pathway.enrol_in_course(mediator, assessment, course.pk, note="le mardi")
    assert len(enrollments) == 3
    step = PathwayStep.objects.get(beneficiary=person)
    assert (step.kind, step.state, step.course, step.note, step.decided_by) == (
        "course",
        "in_progress",
        course,
        "le mardi",
        mediator,
    )


def test_a_course_step_is_done_once_the_course_is_over_and_the_person_attended(mediator, person, questionnaire, site):
    course = course_at(site, ["email"])
    assessment = finish(mediator, person, weak_in("communiquer"))
    pathway.enrol_in_course(mediator, assessment, course.pk)
    sessions = list(course.sessions.order_by("starts_at"))
    Enrollment.objects.filter(session=sessions[0], beneficiary=person).update(attendance=Attendance.PRESENT)
    assert pathway.course_state(course.pk, person.pk) == "in_progress"  # two sessions still to come
    after_the_last = sessions[-1].ends_at + timedelta(hours=1)
    assert pathway.course_state(course.pk, person.pk, now=after_the_last) == "done"
    Enrollment.objects.filter(beneficiary=person).update(attendance=Attendance.ABSENT)
    assert pathway.course_state(course.pk, person.pk, now=after_the_last) == "in_progress"  # never came


def test_a_workshop_step_advances_with_enrolment_attendance_and_cancellation(mediator, person, questionnaire, site):
    session = SessionFactory(site=site, workshop__thematiques=["email"], seats=4)
    assessment = finish(mediator, person, weak_in("communiquer"))
    pathway.enrol_from_proposal(mediator, assessment, session.pk)
    step = PathwayStep.objects.get(beneficiary=person)
    assert (step.kind, step.state, step.session, step.area_code) == ("workshop", "in_progress", session, "communiquer")
    enrollment = Enrollment.objects.get(beneficiary=person)
    cancel_enrollment(enrollment, by=mediator)
    pathway.sync_states(person)
    step.refresh_from_db()
    assert step.state == "proposed"


def test_attendance_taken_marks_the_workshop_step_done_through_the_signal(mediator, person, questionnaire, site):
    session = SessionFactory(site=site, workshop__thematiques=["email"], seats=4)
    assessment = finish(mediator, person, weak_in("communiquer"))
    pathway.enrol_from_proposal(mediator, assessment, session.pk)
    enrollment = Enrollment.objects.get(beneficiary=person)
    manager = mediator
    record_attendance(
        manager, session, {enrollment.pk: Attendance.PRESENT}, now=session.starts_at + timedelta(minutes=5)
    )
    assert PathwayStep.objects.get(beneficiary=person).state == "done"


def test_a_device_is_reserved_by_category_from_the_stock_and_done_when_sold(mediator, person, questionnaire, site):
    available_device(site, category="smartphone")
    laptop = available_device(site, category="laptop")
    assessment = finish(mediator, person, weak_in(), devices=["smartphone"], goals=["job"])
    proposal = proposals.propose(assessment, mediator)
    assert proposal.device_category == "laptop"
    assert proposal.device_stock == {"smartphone": 1, "laptop": 1}
    step = pathway.reserve_device(mediator, assessment, "laptop")
    laptop.refresh_from_db()
    assert (laptop.status, laptop.reserved_for, step.device, step.state) == ("reserved", person, laptop, "in_progress")
    release_reservation(mediator, laptop)
    pathway.sync_states(person)
    step.refresh_from_db()
    assert step.state == "proposed"
    laptop.refresh_from_db()
    mark_sold(mediator, laptop, timezone.now(), person)
    pathway.sync_states(person)
    step.refresh_from_db()
    assert step.state == "done"


def test_a_device_category_without_stock_or_unknown_is_refused(mediator, person, questionnaire, site):
    available_device(site, category="smartphone")
    assessment = finish(mediator, person, weak_in(), devices=["none"])
    with pytest.raises(ValidationError, match="Aucun appareil de cette catégorie"):
        pathway.reserve_device(mediator, assessment, "tablet")
    with pytest.raises(ValidationError):
        pathway.reserve_device(mediator, assessment, "fridge")
    assert not PathwayStep.objects.exists()


def test_no_device_is_reserved_when_none_is_proposed(mediator, person, questionnaire, site):
    available_device(site, category="laptop")
    assessment = finish(mediator, person, weak_in(), devices=["computer"])
    with pytest.raises(ValidationError):
        pathway.reserve_device(mediator, assessment, "laptop")


def test_an_orientation_is_proposed_for_procedures_at_level_0_and_recorded_on_the_activity(
    mediator, person, questionnaire, site
):
    assessment = finish(mediator, person, weak_in("demarches"), goals=["procedures"])
    assert proposals.propose(assessment, mediator).orientation == "aide_aux_demarches_administratives"
    not_wanted = finish(mediator, person, weak_in("demarches"), goals=["family"])
    assert proposals.propose(not_wanted, mediator).orientation == ""
    step = pathway.accept_orientation(mediator, assessment, "insertion_professionnelle", note="mission locale")
    assert (step.state, step.redirection) == ("done", "insertion_professionnelle")
    activity = Activity.objects.get(source="assessments.assessment", source_id=str(assessment.pk))
    assert activity.redirected_to == "insertion_professionnelle"
    with pytest.raises(ValidationError):
        pathway.accept_orientation(mediator, assessment, "nulle_part")


def test_connectivity_is_accepted_then_marked_done_by_hand(mediator, person, questionnaire):
    assessment = finish(mediator, person, weak_in(), internet="none")
    step = pathway.accept_connectivity(mediator, assessment)
    assert step.state == "proposed"
    pathway.mark_done(mediator, step)
    assert PathwayStep.objects.get().state == "done"
    with pytest.raises(ValidationError):
        pathway.mark_done(mediator, step)


def test_an_ignored_proposal_is_stored_and_kept_off_the_persons_pathway(mediator, person, questionnaire):
    assessment = finish(mediator, person, weak_in(), internet="none")
    pathway.ignore(mediator, assessment, "connectivity")
    assert proposals.propose(assessment, mediator).decided["connectivity_"].state == "ignored"
    assert pathway.pathway_of(person) == []
    with pytest.raises(ValidationError):
        pathway.ignore(mediator, assessment, "nonsense")


def test_the_person_pages_show_the_pathway_with_its_states(login, mediator, person, questionnaire, site):
    session = SessionFactory(site=site, workshop__title="Mon e-mail", workshop__thematiques=["email"], seats=4)
    assessment = finish(mediator, person, weak_in("communiquer"), internet="none")
    client = login(mediator)
    client.post(f"/diagnostic/{assessment.pk}/inscrire/", {"session": session.pk})
    client.post(f"/diagnostic/{assessment.pk}/parcours/", {"action": "connectivity", "note": "carte SIM"})
    client.post(f"/diagnostic/{assessment.pk}/parcours/", {"action": "device", "category": "²"})  # clear message
    page = client.get(f"/diagnostic/personne/{person.pk}/").content.decode()
    assert "Mon e-mail — Communiquer" in page and "En cours" in page
    assert "Offre de connexion internet" in page and "carte SIM" in page and "Proposé" in page
    person_page = client.get(person.get_absolute_url()).content.decode()
    assert "Parcours : Mon e-mail" in person_page


def test_a_booked_workshop_step_gives_its_day_time_and_place_in_the_sites_time_zone(
    login, mediator, person, questionnaire, site
):
    # 5 December 2030 is a Thursday; 08:30 UTC is 09:30 in Paris (winter time).
    starts = datetime(2030, 12, 5, 8, 30, tzinfo=UTC)
    session = SessionFactory(
        site=site, workshop__thematiques=["email"], seats=4, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    assessment = finish(mediator, person, weak_in("communiquer"))
    client = login(mediator)
    client.post(f"/diagnostic/{assessment.pk}/inscrire/", {"session": session.pk})
    page = client.get(f"/diagnostic/personne/{person.pk}/").content.decode()
    assert f"Jeudi 5 décembre 09:30, {site.name}" in page


def test_a_volunteer_cannot_decide(login, make_user, mediator, person, questionnaire, site):
    assessment = finish(mediator, person, weak_in(), internet="none")
    volunteer = make_user("volunteer", at=site)
    response = login(volunteer).post(f"/diagnostic/{assessment.pk}/parcours/", {"action": "connectivity"})
    assert response.status_code in (403, 404)
    assert not PathwayStep.objects.exists()
