"""The level and profile rules (scoring.py docstring and docs/guide-diagnostic.md), table by table."""

import pytest

from tremplin.assessments.models import Answer as A
from tremplin.assessments.scoring import area_level, profile_for, weak_areas


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ([A.ALONE, A.ALONE], 3),  # 4/4
        ([A.ALONE, A.ALONE, A.WITH_HELP], 3),  # 5/6 ≥ 3/4
        ([A.ALONE, A.WITH_HELP], 3),  # 3/4 exactly
        ([A.WITH_HELP, A.WITH_HELP], 2),  # 2/4 = 1/2 exactly
        ([A.WITH_HELP, A.FAILED], 1),  # 1/4 exactly
        ([A.WITH_HELP, A.FAILED, A.FAILED], 0),  # 1/6 < 1/4
        ([A.FAILED, A.NO], 0),
        ([A.YES_ALONE, A.YES_HELP, A.NO], 2),  # 3/6
        ([A.DONT_KNOW, A.DONT_KNOW, A.DONT_KNOW], 0),  # je ne sais pas counts 0
        ([A.ALONE, A.NOT_ASSESSED], 3),  # non évalué is not counted
        ([A.NOT_ASSESSED, A.NOT_ASSESSED], None),  # nothing counted: no level
        ([], None),  # skipped area
    ],
)
def test_an_area_level_is_the_number_of_full_quarters_of_the_points(answers, level):
    assert area_level(answers) == level


@pytest.mark.parametrize(
    ("levels", "profile"),
    [
        ({"a": 3, "b": 3, "c": 2}, "autonome"),  # all ≥ 2, average 2.67
        ({"a": 3, "b": 2}, "autonome"),  # average exactly 2.5
        ({"a": 3, "b": 3, "c": 1}, "en_progression"),  # average 2.33 but one area below 2
        ({"a": 2, "b": 2}, "en_progression"),  # average 2 < 2.5
        ({"a": 2, "b": 1, "c": 0}, "debutant"),  # average exactly 1
        ({"a": 1, "b": 2}, "debutant"),
        ({"a": 1, "b": 0}, "a_initier"),
        ({"a": 0, "b": 0, "c": 0}, "a_initier"),  # e.g. all "je ne sais pas"
        ({"a": 3, "b": None, "c": None}, "autonome"),  # skipped areas are left out
        ({"a": None, "b": None}, ""),  # nothing evaluated: no profile
        ({}, ""),
    ],
)
def test_the_profile_follows_the_average_of_the_evaluated_areas(levels, profile):
    assert profile_for(levels) == profile


def test_weak_areas_are_those_at_level_0_or_1_and_not_the_unevaluated_ones():
    assert weak_areas({"a": 0, "b": 1, "c": 2, "d": 3, "e": None}) == ["a", "b"]


def test_a_version_change_between_two_diagnostics_matches_areas_by_code(db, questionnaire):
    """v2 drops "smartphone", adds "ia", and rewrites the items of "communiquer": the follow-up's table
    lists v2's areas; a new area has no "before", a dropped one is not shown."""
    from tremplin.assessments.models import Area, Assessment, Item, Questionnaire
    from tremplin.assessments.services import progress_rows
    from tremplin.core.testing.factories import SiteFactory
    from tremplin.workshops.tests.factories import BeneficiaryFactory

    v2 = Questionnaire.objects.create(version=2, title="Diagnostic v2")
    for order, code in enumerate(["communiquer", "ia"]):
        area = Area.objects.create(
            questionnaire=v2, code=code, order=order, names={"fr": code.capitalize()}, crcn_codes=["2.1"]
        )
        Item.objects.create(area=area, kind="self", texts={"fr": f"Question {code}"})
    v2.publish()
    person = BeneficiaryFactory()
    site = SiteFactory()
    before = Assessment.objects.create(
        beneficiary=person, questionnaire=questionnaire, site=site, levels={"communiquer": 0, "smartphone": 1}
    )
    after = Assessment.objects.create(
        beneficiary=person, questionnaire=v2, site=site, levels={"communiquer": 2, "ia": 1}
    )
    assert progress_rows(before, after) == [("Communiquer", 0, 2), ("Ia", None, 1)]


@pytest.mark.parametrize(
    ("answers", "level", "profile"),
    [
        # A whole diagnostic answered "je ne sais pas" (self) and "non évalué" (observed): the self items
        # count 0, the observed ones are not counted → level 0 everywhere → "à initier".
        ({"x": [A.DONT_KNOW, A.NOT_ASSESSED], "y": [A.DONT_KNOW]}, {"x": 0, "y": 0}, "a_initier"),
        # Every area skipped: no level, no profile.
        ({"x": [], "y": [A.NOT_ASSESSED]}, {"x": None, "y": None}, ""),
        # One area skipped, the other mastered: the profile reads the mastered one only.
        ({"x": [], "y": [A.ALONE, A.YES_ALONE]}, {"x": None, "y": 3}, "autonome"),
    ],
)
def test_whole_diagnostic_edge_cases(answers, level, profile):
    levels = {code: area_level(values) for code, values in answers.items()}
    assert levels == level
    assert profile_for(levels) == profile
