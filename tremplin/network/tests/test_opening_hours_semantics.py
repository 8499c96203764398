"""Opening hours are shown with their OpenStreetMap meaning, where opening-hours-py reads some rules differently.

Right answers come from the OSM specification (wiki "Key:opening_hours/specification") and the French
public holidays of 2026 (Code du travail, L3133-1): 1 May is a Friday, 1 November and 5 April (Easter) are
Sundays, 6 April is Easter Monday.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tremplin.network.opening_hours_display import describe, slots_on, varies_by_week, weekly_schedule
from tremplin.network.validators import validate_opening_hours

CLOSED_ON_SUNDAY_HOLIDAYS = "Mo-Fr 09:00-17:00; PH Su off"


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def test_ph_su_off_closes_only_on_a_public_holiday_that_falls_on_a_sunday():
    assert slots_on(CLOSED_ON_SUNDAY_HOLIDAYS, date(2026, 5, 1)) == ["09:00–17:00"]  # a Friday holiday: open
    assert slots_on(CLOSED_ON_SUNDAY_HOLIDAYS, date(2026, 4, 6)) == ["09:00–17:00"]  # Easter Monday: open
    assert slots_on(CLOSED_ON_SUNDAY_HOLIDAYS, date(2026, 5, 4)) == ["09:00–17:00"]


def test_ph_su_off_does_not_close_every_sunday():
    every_day = "Mo-Su 09:00-17:00; PH Su off"

    assert slots_on(every_day, date(2026, 3, 1)) == ["09:00–17:00"]  # an ordinary Sunday
    assert slots_on(every_day, date(2026, 11, 1)) == []  # Toussaint, a Sunday holiday
    assert dict(weekly_schedule(every_day))["Dimanche"] == ["09:00–17:00"]


def test_the_weekly_summary_of_ph_su_off_is_the_plain_week():
    assert describe(CLOSED_ON_SUNDAY_HOLIDAYS) == describe("Mo-Fr 09:00-17:00")


def test_holiday_hours_with_a_sunday_exception():
    expression = "Mo-Fr 09:00-17:00; PH 10:00-12:00; PH Su off"

    assert slots_on(expression, date(2026, 5, 1)) == ["10:00–12:00"]
    assert slots_on(expression, date(2026, 11, 1)) == []
    assert slots_on(expression, date(2026, 3, 2)) == ["09:00–17:00"]


def test_holiday_hours_on_weekdays_do_not_change_ordinary_weekdays():
    expression = "Mo-Fr 09:00-17:00; PH Mo-Fr 10:00-12:00"

    assert slots_on(expression, date(2026, 3, 2)) == ["09:00–17:00"]
    assert slots_on(expression, date(2026, 5, 1)) == ["10:00–12:00"]


def test_a_rule_with_only_a_comment_is_unknown_with_its_comment_not_open_all_day():
    expression = 'Mo-Fr 09:00-17:00; Sa "sur rendez-vous"'

    assert dict(weekly_schedule(expression))["Samedi"] == ["sur rendez-vous"]
    assert slots_on(expression, date(2026, 3, 7)) == ["sur rendez-vous"]
    assert dict(weekly_schedule(expression))["Dimanche"] == []


def test_hours_that_change_with_the_months_have_no_ordinary_week():
    expression = "Mo-Fr 09:00-17:00; Aug off"

    assert weekly_schedule(expression) is None
    assert varies_by_week(expression)
    assert slots_on(expression, date(2026, 8, 4)) == []
    assert slots_on(expression, date(2026, 3, 3)) == ["09:00–17:00"]


def test_the_first_monday_of_the_month_is_not_every_monday():
    assert weekly_schedule("Mo[1] 10:00-12:00") is None
    assert slots_on("Mo[1] 10:00-12:00", date(2026, 3, 2)) == ["10:00–12:00"]
    assert slots_on("Mo[1] 10:00-12:00", date(2026, 3, 9)) == []


def test_school_holidays_are_refused_with_a_message():
    with pytest.raises(ValidationError) as refused:
        validate_opening_hours("Mo-Fr 09:00-17:00; SH off")

    assert "vacances scolaires (SH) ne sont pas gérées" in refused.value.messages[0]
    assert weekly_schedule("Mo-Fr 09:00-17:00; SH off") is None


def test_weekdays_before_ph_are_refused_as_ambiguous():
    with pytest.raises(ValidationError) as refused:
        validate_opening_hours("Mo-Fr 09:00-17:00; Su PH off")

    assert "« PH Su »" in refused.value.messages[0] and "« Su,PH »" in refused.value.messages[0]


def test_ph_su_off_is_valid():
    validate_opening_hours(CLOSED_ON_SUNDAY_HOLIDAYS)


def test_a_semicolon_inside_a_comment_does_not_split_the_rule():
    assert dict(weekly_schedule('Mo-Fr 09:00-17:00; Sa "sur rendez-vous; appeler avant"'))["Samedi"] == [
        "sur rendez-vous; appeler avant"
    ]
