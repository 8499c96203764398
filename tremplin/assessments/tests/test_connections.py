"""What the diagnostic adds elsewhere: the person's page, the referrer's yes/no, the export, anonymisation,
and the activity record (thématique "Diagnostic numérique") so that statistics count it."""

from django.urls import reverse

from tremplin.activities.models import Activity
from tremplin.assessments import hooks, services
from tremplin.assessments.models import Response
from tremplin.people.actions import actions_for, current_for
from tremplin.people.services.privacy import anonymise_beneficiary, export_beneficiary
from tremplin.referrals import progress


def done(mediator, person, value="failed"):
    assessment = services.start_assessment(mediator, person)
    services.save_context(mediator, assessment, devices=["smartphone"], internet="mobile", email_access=True, goals=[])
    items = {
        item.pk: (value if item.kind == "observed" else "no")
        for area in assessment.questionnaire.areas.all()
        for item in area.items.all()
    }
    services.save_answers(mediator, assessment, items)
    return services.complete_assessment(mediator, assessment)


def test_the_persons_page_shows_the_latest_diagnostic_profile_and_date(login, mediator, person, questionnaire):
    assessment = done(mediator, person)
    [item] = [i for i in current_for(person, mediator) if i.kind == "diagnostic"]
    assert item.title == f"Diagnostic : À initier le {assessment.completed_at:%d/%m/%Y}"
    assert item.url == assessment.get_absolute_url()
    content = login(mediator).get(person.get_absolute_url()).content.decode()
    assert "Diagnostic : À initier le" in content
    assert reverse("assessments:person", args=[person.pk]) in content


def test_volunteers_see_neither_the_diagnostic_line_nor_the_link_only_the_kiosk(
    make_user, mediator, person, questionnaire, site
):
    done(mediator, person)
    volunteer = make_user("volunteer", at=site)
    assert not [i for i in current_for(person, volunteer) if i.kind == "diagnostic"]
    urls = [action.url for action in actions_for(person, volunteer) if "/diagnostic/" in action.url]
    # The kiosk (the person answers alone, no result shown) is the only diagnostic link a volunteer gets.
    assert urls == [reverse("assessments:kiosk_open", args=[person.pk])]


def test_the_referrer_only_learns_whether_a_diagnostic_was_done_and_its_profile(mediator, person, questionnaire):
    assert hooks.diagnosed in progress._PROVIDERS
    assert hooks.diagnosed(person) == {hooks.DIAGNOSED: False}
    started = services.start_assessment(mediator, person)
    assert hooks.diagnosed(person) == {hooks.DIAGNOSED: False}  # not finished yet
    services.complete_assessment(mediator, started)
    assert hooks.diagnosed(person) == {hooks.DIAGNOSED: True, hooks.PROFILE: "non déterminé"}  # nothing answered


def test_the_persons_export_includes_the_answers(make_user, mediator, person, questionnaire, site):
    done(mediator, person)
    data = export_beneficiary(make_user("site_manager", at=site), person)
    [diagnostic] = data["diagnostics"]
    assert diagnostic["profile"] == "À initier"
    assert diagnostic["questionnaire_version"] == 1
    assert {"question": "Allumer l'appareil et ouvrir le navigateur", "answer": "Pas réussi"} in diagnostic["answers"]
    assert diagnostic["devices"] == ["smartphone"]


def test_anonymisation_erases_answers_and_context_but_keeps_the_dated_result(
    make_user, mediator, person, questionnaire, site
):
    assessment = done(mediator, person)
    anonymise_beneficiary(make_user("site_manager", at=site), person, reason="demande")
    assessment.refresh_from_db()
    assert not Response.objects.filter(assessment=assessment).exists()
    assert assessment.devices == [] and assessment.internet == "" and assessment.email_access is None
    assert assessment.profile == "a_initier" and assessment.completed_at is not None


def test_each_completed_diagnostic_is_recorded_once_as_an_individual_diagnostic_activity(
    mediator, person, questionnaire, site
):
    assessment = done(mediator, person)
    [activity] = Activity.objects.filter(source="assessments.assessment")
    assert activity.source_id == str(assessment.pk)
    assert activity.kind == "individuel" and activity.thematiques == ["diagnostic_numerique"]
    assert activity.beneficiary == person and activity.site == site and activity.recorded_by == mediator
    assert 1 <= activity.duration <= 720


def test_a_started_diagnostic_records_no_activity(mediator, person, questionnaire):
    services.start_assessment(mediator, person)
    assert not Activity.objects.filter(source="assessments.assessment").exists()
