"""Who sees what of a diagnostic: the referrer, yes/no and the profile; volunteers nothing; observers figures."""

import dataclasses
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tremplin.assessments import hooks
from tremplin.assessments.aggregates import diagnostic_aggregates
from tremplin.people.actions import current_for
from tremplin.referrals import progress
from tremplin.referrals.choices import Status

from .test_pathway import finish, weak_in


def test_the_referrer_sees_diagnostic_done_and_the_profile_only(mediator, person, questionnaire):
    assert hooks.diagnosed(person) == {hooks.DIAGNOSED: False}
    finish(mediator, person, weak_in("communiquer"))
    answers = hooks.diagnosed(person)
    assert answers == {hooks.DIAGNOSED: True, hooks.PROFILE: "En progression"}
    assert hooks.diagnosed in progress._PROVIDERS


def test_the_referrers_progress_shows_the_profile_but_no_level(mediator, person, questionnaire):
    accepted = SimpleNamespace(status=Status.ACCEPTED, beneficiary=person)  # what summary() reads of a referral
    finish(mediator, person, weak_in("communiquer"))
    summary = dict(progress.summary(accepted))
    assert summary[hooks.DIAGNOSED] is True and summary[hooks.PROFILE] == "En progression"
    assert all(isinstance(value, bool) for label, value in summary.items() if label != hooks.PROFILE)


def test_volunteers_read_no_result_nor_pathway(make_user, login, mediator, person, questionnaire, site):
    assessment = finish(mediator, person, weak_in("communiquer"), internet="none")
    volunteer = make_user("volunteer", at=site)
    assert not [item for item in current_for(person, volunteer) if item.kind in ("diagnostic", "pathway")]
    client = login(volunteer)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert client.get(reverse("assessments:person", args=[person.pk])).status_code == 404


@pytest.mark.parametrize("role", ["observer", "network_admin"])
def test_observers_get_figures_never_a_person(client_as, mediator, person, questionnaire, role):
    assessment = finish(mediator, person, weak_in())
    client = client_as(role)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    figures = dataclasses.asdict(diagnostic_aggregates())
    assert figures["people_diagnosed"] == 1
    assert str(person.pk) not in str(figures) and "Lef" not in str(figures)


def test_the_pathway_is_exported_and_its_notes_erased_on_anonymisation(
    make_user, mediator, person, questionnaire, site
):
    from tremplin.assessments import pathway
    from tremplin.assessments.models import PathwayStep
    from tremplin.people.services.privacy import anonymise_beneficiary, export_beneficiary

    assessment = finish(mediator, person, weak_in(), internet="none")
    pathway.accept_connectivity(mediator, assessment, note="appeler sa fille")
    manager = make_user("site_manager", at=site)
    [diagnostic] = export_beneficiary(manager, person)["diagnostics"]
    assert diagnostic["pathway"] == [
        {"step": "Offre de connexion internet", "state": "Proposé", "note": "appeler sa fille"}
    ]
    anonymise_beneficiary(manager, person, reason="demande")
    assert PathwayStep.objects.get().note == ""
