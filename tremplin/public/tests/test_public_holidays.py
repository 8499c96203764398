"""Public holidays (jours fériés) on the public pages: closed unless the site's hours say otherwise, with the
holidays of the site's own département (Alsace-Moselle, overseas)."""

from datetime import UTC, date, datetime

import pytest

from tremplin.core.testing.factories import SiteFactory
from tremplin.network.public_holidays import holiday_region, is_public_holiday
from tremplin.public import hours

pytestmark = pytest.mark.django_db

WEEKDAYS_9_TO_5 = "Mo-Sa 09:00-17:00"


def test_christmas_shows_closed_when_the_hours_say_nothing_of_holidays():
    """The tester's case: the demo site said « ouvert » on 25 December."""
    site = SiteFactory(postal_code="69007", opening_hours=WEEKDAYS_9_TO_5)
    christmas_morning = datetime(2026, 12, 25, 9, 0, tzinfo=UTC)  # 10:00 in Lyon, a Friday
    today = hours.today(site, christmas_morning)
    assert (today.state, today.slots) == ("closed", [])
    assert hours.today(site, datetime(2026, 12, 24, 9, 0, tzinfo=UTC)).state == "open"  # the day before


def test_a_site_open_on_holidays_says_so_and_is_shown_open():
    site = SiteFactory(postal_code="69007", opening_hours="Mo-Sa 09:00-17:00; PH 10:00-12:00")
    assert hours.today(site, datetime(2026, 12, 25, 10, 0, tzinfo=UTC)).slots == ["10:00–12:00"]


@pytest.mark.parametrize(
    ("postal_code", "region"),
    [("57000", "57"), ("67000", "6AE"), ("68100", "6AE"), ("97400", "974"), ("97200", "972"), ("69007", None)],
)
def test_the_region_of_holidays_comes_from_the_postal_code(postal_code, region):
    assert holiday_region(postal_code) == region


def test_alsace_moselle_adds_good_friday_and_saint_stephen():
    # Good Friday 2027 is 26 March (Easter 28 March); 26 December is Saint-Étienne there (loi locale).
    for region in ("57", "6AE"):
        assert is_public_holiday(date(2027, 3, 26), region) and is_public_holiday(date(2026, 12, 26), region)
    assert not is_public_holiday(date(2027, 3, 26)) and not is_public_holiday(date(2026, 12, 26))


def test_an_alsatian_site_is_closed_on_26_december_and_a_lyon_one_is_not():
    strasbourg = SiteFactory(postal_code="67000", opening_hours=WEEKDAYS_9_TO_5 + "; PH off")
    lyon = SiteFactory(postal_code="69007", opening_hours=WEEKDAYS_9_TO_5 + "; PH off")
    saturday_26 = datetime(2026, 12, 26, 10, 0, tzinfo=UTC)
    assert hours.today(strasbourg, saturday_26).slots == []
    assert hours.today(lyon, saturday_26).slots == ["09:00–17:00"]
    assert date(2026, 12, 26) in dict(hours.holidays(strasbourg, datetime(2026, 12, 20, tzinfo=UTC)))
    assert date(2026, 12, 26) not in dict(hours.holidays(lyon, datetime(2026, 12, 20, tzinfo=UTC)))


def test_la_reunion_closes_on_20_december_abolition_day():
    """Fèt Kaf: 20 December, a public holiday in La Réunion only (Monday 20 December 2027)."""
    saint_denis = SiteFactory(postal_code="97400", opening_hours=WEEKDAYS_9_TO_5, time_zone="Indian/Reunion")
    assert hours.today(saint_denis, datetime(2027, 12, 20, 6, 0, tzinfo=UTC)).slots == []
    lyon = SiteFactory(postal_code="69007", opening_hours=WEEKDAYS_9_TO_5)
    assert hours.today(lyon, datetime(2027, 12, 20, 9, 0, tzinfo=UTC)).slots == ["09:00–17:00"]
