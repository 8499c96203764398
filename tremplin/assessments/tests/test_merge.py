"""Merging two records of one person carries the diagnostics, the pathway and the follow-up reminders along."""

from django.apps import apps
from django.utils import timezone

from tremplin.activities.models import Activity
from tremplin.assessments import pathway, services
from tremplin.assessments.models import Assessment, FollowUpReminder, PathwayStep
from tremplin.people.models import Beneficiary
from tremplin.people.services import merge_beneficiaries, merge_plan
from tremplin.workshops.models import Course, Enrollment
from tremplin.workshops.tests.factories import BeneficiaryFactory, SessionFactory, WorkshopFactory

from .test_pathway import finish, weak_in


def rows_pointing_at(person):
    """Every row of every model whose foreign key (or many-to-many) names `person`, but the merge link itself."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not field.concrete or not field.is_relation or field.related_model is not Beneficiary:
                continue
            if model is Beneficiary and field.name == "merged_into":
                continue
            if model is Beneficiary.sites.through:
                continue  # the removed record keeps its sites on purpose (old links still resolve and redirect)
            if field.many_to_many:
                count = model._base_manager.filter(**{field.name: person}).count()
            else:
                count = model._base_manager.filter(**{field.attname: person.pk}).count()
            if count:
                found[f"{model._meta.label}.{field.name}"] = count
    return found


def test_a_merge_moves_every_diagnostic_step_and_reminder_and_leaves_nothing_on_the_removed_record(
    make_user, mediator, questionnaire, site
):
    manager = make_user("site_manager", at=site)
    keep = BeneficiaryFactory(sites=[site], first_name="Hélène", last_name="Lefèvre")
    remove = BeneficiaryFactory(sites=[site], first_name="Helene", last_name="Lefebvre")
    session = SessionFactory(site=site, workshop__thematiques=["email"], seats=4)
    done = finish(mediator, remove, weak_in("communiquer"), internet="none")
    pathway.enrol_from_proposal(mediator, done, session.pk)
    pathway.accept_connectivity(mediator, done)
    unfinished = services.start_assessment(mediator, remove)
    course = Course.objects.create(workshop=WorkshopFactory(), site=site)
    FollowUpReminder.objects.create(beneficiary=remove, course=course, site=site, created_at=timezone.now())
    assert rows_pointing_at(remove)  # the set-up did attach records to the removed one

    merge_beneficiaries(manager, keep, remove)

    assert rows_pointing_at(remove) == {}
    assert set(Assessment.objects.filter(beneficiary=keep)) == {done, unfinished}
    steps = PathwayStep.objects.filter(beneficiary=keep)
    assert sorted(steps.values_list("kind", flat=True)) == ["connectivity", "workshop"]
    assert all(step.assessment.beneficiary_id == keep.pk for step in steps)
    assert FollowUpReminder.objects.get(course=course).beneficiary_id == keep.pk
    assert Enrollment.objects.get(session=session).beneficiary_id == keep.pk
    # The kept record's pages read the moved pathway.
    assert [step.kind for step in pathway.pathway_of(keep)] == ["workshop", "connectivity"]


def test_the_merge_page_names_in_french_what_moves(make_user, mediator, questionnaire, site):
    keep = BeneficiaryFactory(sites=[site])
    remove = BeneficiaryFactory(sites=[site])
    done = finish(mediator, remove, weak_in("communiquer"), internet="none")
    pathway.accept_connectivity(mediator, done)
    course = Course.objects.create(workshop=WorkshopFactory(), site=site)
    FollowUpReminder.objects.create(beneficiary=remove, course=course, site=site)

    moves = {str(label): count for label, count in merge_plan(keep, remove).moves}

    assert moves["diagnostics"] == 1
    assert moves["étapes du parcours"] == 1  # was « étape du parcourss »
    assert moves["rappels de diagnostic de suivi"] == 1  # was « follow up reminders »
    assert moves["activités"] == 1  # the diagnostic's activity record


def test_both_records_reminded_for_the_same_course_merge_into_one_open_reminder(make_user, site):
    manager = make_user("site_manager", at=site)
    keep = BeneficiaryFactory(sites=[site])
    remove = BeneficiaryFactory(sites=[site])
    course = Course.objects.create(workshop=WorkshopFactory(), site=site)
    now = timezone.now()
    FollowUpReminder.objects.create(beneficiary=keep, course=course, site=site, resolved_at=now)
    FollowUpReminder.objects.create(beneficiary=remove, course=course, site=site)
    assert merge_plan(keep, remove).possible

    merge_beneficiaries(manager, keep, remove)

    # One reminder per person and course (the constraint); still open, since one record had no follow-up yet.
    [reminder] = FollowUpReminder.objects.filter(course=course)
    assert reminder.beneficiary_id == keep.pk and reminder.resolved_at is None


def test_a_participation_in_a_collective_record_is_named_after_the_activities(mediator, questionnaire, site):
    keep = BeneficiaryFactory(sites=[site])
    remove = BeneficiaryFactory(sites=[site])
    other = BeneficiaryFactory(sites=[site])
    finish(mediator, other, weak_in("communiquer"))
    Activity.objects.get(beneficiary=other).participants.add(remove)

    moves = [(str(label), count) for label, count in merge_plan(keep, remove).moves]

    # The many-to-many row belongs to the activity: not « personnes accompagnées : 1 ».
    assert moves == [("activités", 1)]
