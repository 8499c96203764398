"""OpenStreetMap opening hours are shown back as a plain French week."""

from datetime import date

from django.utils import translation

from tremplin.network.opening_hours_display import describe, slots_on, weekly_schedule


def test_weekdays_only_opening_hours_read_as_a_french_week_closed_on_sunday():
    with translation.override("fr"):
        schedule = weekly_schedule("Mo-Fr 09:00-12:00")

    assert schedule[0] == ("Lundi", ["09:00–12:00"])
    assert schedule[4] == ("Vendredi", ["09:00–12:00"])
    assert schedule[5] == ("Samedi", [])
    assert schedule[6] == ("Dimanche", [])


def test_the_one_line_description_says_closed_days_in_words():
    with translation.override("fr"):
        text = describe("Mo-Fr 09:00-12:00")

    assert text.startswith("Lundi : 09:00–12:00 ; Mardi : 09:00–12:00")
    assert text.endswith("Dimanche : fermé")


def test_split_days_and_saturday_mornings_are_listed_in_order():
    with translation.override("fr"):
        schedule = dict(weekly_schedule("Mo-Fr 09:00-12:30,13:30-17:30; Sa 09:00-12:00"))

    assert schedule["Mercredi"] == ["09:00–12:30", "13:30–17:30"]
    assert schedule["Samedi"] == ["09:00–12:00"]


def test_opening_until_midnight_reads_24_00():
    with translation.override("fr"):
        schedule = dict(weekly_schedule("24/7"))

    assert schedule["Dimanche"] == ["00:00–24:00"]


def test_day_names_follow_the_reader_language():
    with translation.override("en"):
        schedule = weekly_schedule("Mo 10:00-11:00")

    assert schedule[0] == ("Monday", ["10:00–11:00"])


def test_empty_or_unreadable_hours_give_nothing_to_show():
    assert weekly_schedule("") is None
    assert weekly_schedule("lundi matin") is None
    assert describe("lundi matin") == ""


def test_a_real_day_takes_french_public_holidays_into_account():
    assert slots_on("Mo-Fr 09:00-17:00; PH off", date(2026, 5, 1)) == []  # Fête du Travail, a Friday
    assert slots_on("Mo-Fr 09:00-17:00; PH off", date(2026, 5, 8)) == []  # Victoire 1945
    assert slots_on("Mo-Fr 09:00-17:00; PH off", date(2026, 5, 15)) == ["09:00–17:00"]
    assert slots_on("", date(2026, 5, 15)) is None
