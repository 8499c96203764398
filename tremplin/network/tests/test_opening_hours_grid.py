"""Site staff edit opening hours in a weekly grid that writes the OSM syntax; the raw field stays for experts."""

import re
from datetime import time

import pytest
from django.urls import reverse

from tremplin.network.opening_hours_grid import DAYS, expression_from_grid, field_name, grid_from_expression

NINE_TO_NOON = [(time(9), time(12))]
SPLIT_DAY = [(time(9), time(12)), (time(14), time(17, 30))]


def grid_data(days, holidays_closed=True, source="grid", expert=""):
    data = {"source": source, "expert": expert}
    if holidays_closed:
        data["holidays_closed"] = "on"
    for day in DAYS:
        for index in (1, 2):
            data[field_name(day, index, False)] = ""
            data[field_name(day, index, True)] = ""
        for index, (start, end) in enumerate(days.get(day, []), start=1):
            data[field_name(day, index, False)] = f"{start:%H:%M}"
            data[field_name(day, index, True)] = f"{end:%H:%M}"
    return data


def test_consecutive_days_with_the_same_hours_share_one_rule():
    days = {"Mo": SPLIT_DAY, "Tu": SPLIT_DAY, "We": SPLIT_DAY, "Th": SPLIT_DAY, "Fr": SPLIT_DAY, "Sa": NINE_TO_NOON}

    assert expression_from_grid(days, True) == "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; PH off"
    # Open on holidays: said in so many words, since hours silent on holidays are shown closed on them.
    assert expression_from_grid(days, False) == (
        "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; PH Mo-Fr 09:00-12:00,14:00-17:30; PH Sa 09:00-12:00"
    )


def test_days_closed_in_the_middle_of_the_week_split_the_rules():
    days = {"Mo": NINE_TO_NOON, "We": NINE_TO_NOON, "Th": NINE_TO_NOON}

    assert expression_from_grid(days, True) == "Mo 09:00-12:00; We-Th 09:00-12:00; PH off"


def test_an_empty_grid_means_hours_not_given():
    assert expression_from_grid({}, True) == ""


def test_the_grid_reads_back_what_it_wrote():
    days, holidays_closed = grid_from_expression("Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; PH off")

    assert days["We"] == SPLIT_DAY and days["Sa"] == NINE_TO_NOON and days["Su"] == []
    assert holidays_closed is True
    assert grid_from_expression("Tu-Sa 10:00-18:00")[1] is True  # silent on holidays: closed on them
    assert grid_from_expression("Tu-Sa 10:00-18:00; PH Tu-Sa 10:00-18:00")[1] is False


def test_sunday_holidays_closed_is_what_the_grid_shows_when_the_site_never_opens_on_sunday():
    days, holidays_closed = grid_from_expression("Mo-Fr 09:00-17:00; PH Su off")

    assert days["Mo"] == [(time(9), time(17))] and holidays_closed is False  # other holidays stay open


@pytest.mark.parametrize(
    "expression",
    [
        "Mo-Fr 09:00-17:00; Aug off",
        "Mo-Su 09:00-17:00; PH Su off",
        'Sa "sur rendez-vous"',
        "Mo 08:00-09:00,10:00-11:00,12:00-13:00",
    ],
)
def test_rules_the_grid_cannot_show_exactly_are_left_to_the_expert_field(expression):
    assert grid_from_expression(expression) is None


@pytest.fixture
def manager_client(client_as):
    return client_as("site_manager")


def test_a_site_manager_saves_the_grid_without_javascript(manager_client, site):
    days = dict.fromkeys(("Mo", "Tu", "We", "Th", "Fr"), SPLIT_DAY)

    response = manager_client.post(reverse("network:site_hours", args=[site.pk]), grid_data(days))

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:30; PH off"


def test_the_grid_shows_the_current_hours(manager_client, site):
    site.opening_hours = "Mo-Fr 09:00-12:00; PH off"
    site.save()

    html = manager_client.get(reverse("network:site_hours", args=[site.pk])).content.decode()

    assert f'name="{field_name("Mo", 1, False)}" value="09:00"' in html
    assert re.search(r'<input[^>]*name="holidays_closed"[^>]*checked', html)


def test_a_range_that_ends_before_it_starts_is_refused_next_to_it(manager_client, site):
    data = grid_data({"Mo": [(time(17), time(9))]})

    response = manager_client.post(reverse("network:site_hours", args=[site.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field_name("Mo", 1, True)] == ["La fin doit suivre le début."]


def test_the_expert_field_keeps_rules_the_grid_cannot_show(manager_client, site):
    data = grid_data({}, source="expert", expert="Mo-Fr 09:00-17:00;  Aug off")

    response = manager_client.post(reverse("network:site_hours", args=[site.pk]), data)

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.opening_hours == "Mo-Fr 09:00-17:00; Aug off"


def test_the_expert_field_refuses_rules_the_app_would_show_wrongly(manager_client, site):
    data = grid_data({}, source="expert", expert="Mo-Fr 09:00-17:00; SH off")

    response = manager_client.post(reverse("network:site_hours", args=[site.pk]), data)

    assert response.status_code == 200
    assert "vacances scolaires" in response.context["form"].errors["expert"][0]


def test_a_manager_of_another_site_cannot_edit_these_hours(client_as, other_site, site):
    client = client_as("site_manager", at=other_site)

    assert client.get(reverse("network:site_hours", args=[site.pk])).status_code == 404


def test_a_mediator_cannot_edit_hours(client_as, site):
    assert client_as("mediator").get(reverse("network:site_hours", args=[site.pk])).status_code in (403, 404)


def test_the_site_page_links_to_the_grid_for_its_manager(manager_client, site):
    html = manager_client.get(reverse("network:site_detail", args=[site.pk])).content.decode()

    assert reverse("network:site_hours", args=[site.pk]) in html
