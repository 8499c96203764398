"""Open now and today's hours at the site's own clock; public holidays to come."""

from datetime import UTC, date, datetime

from tremplin.core.testing.factories import SiteFactory
from tremplin.public import hours

# Monday 2 March 2026: Paris is UTC+1, La Réunion UTC+4.


def test_open_now_and_today_in_paris(db):
    site = SiteFactory(opening_hours="Mo-Fr 09:00-12:00,14:00-17:00")
    morning = hours.today(site, datetime(2026, 3, 2, 9, 30, tzinfo=UTC))  # 10:30 in Lyon
    assert morning.state == "open"
    assert morning.slots == ["09:00–12:00", "14:00–17:00"]
    lunch = hours.today(site, datetime(2026, 3, 2, 11, 30, tzinfo=UTC))  # 12:30 in Lyon
    assert lunch.state == "closed"


def test_open_now_is_read_at_the_sites_clock(db):
    site = SiteFactory(
        postal_code="97400", commune="Saint-Denis", insee_code="97411", opening_hours="Mo-Fr 08:00-12:00"
    )
    # 05:00 UTC is 09:00 in Saint-Denis (open) but 06:00 in Paris.
    assert hours.today(site, datetime(2026, 3, 2, 5, 0, tzinfo=UTC)).state == "open"
    # 09:00 UTC is 13:00 in Saint-Denis: closed, though Paris would be at 10:00.
    assert hours.today(site, datetime(2026, 3, 2, 9, 0, tzinfo=UTC)).state == "closed"


def test_a_site_without_hours(db):
    today = hours.today(SiteFactory(opening_hours=""), datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert today.state is None and today.slots is None
    assert str(today.label) == "Horaires non indiqués"


def test_a_weekend_day_is_closed_all_day(db):
    today = hours.today(SiteFactory(opening_hours="Mo-Fr 09:00-17:00"), datetime(2026, 3, 7, 10, 0, tzinfo=UTC))
    assert today.state == "closed" and today.slots == []


def test_public_holidays_ahead_with_their_hours(db):
    closed_on_holidays = SiteFactory(opening_hours="Mo-Fr 09:00-17:00; PH off")
    ahead = dict(hours.holidays(closed_on_holidays, datetime(2026, 12, 20, 12, 0, tzinfo=UTC)))
    # Christmas and New Year's Day fall within three months; Easter Monday 2027 (29 March) does not.
    assert list(ahead) == [date(2026, 12, 25), date(2027, 1, 1)]
    assert ahead[date(2026, 12, 25)] == ahead[date(2027, 1, 1)] == []
    # Hours that never speak of holidays: closed on them (the visitor must not find the door shut).
    silent = SiteFactory(opening_hours="Mo-Fr 09:00-17:00")
    assert dict(hours.holidays(silent, datetime(2026, 12, 20, 12, 0, tzinfo=UTC)))[date(2026, 12, 25)] == []
    # Open anyway only when the site says so.
    open_anyway = SiteFactory(opening_hours="Mo-Fr 09:00-17:00; PH Mo-Fr 09:00-17:00")
    assert dict(hours.holidays(open_anyway, datetime(2026, 12, 20, 12, 0, tzinfo=UTC)))[date(2026, 12, 25)] == [
        "09:00–17:00"
    ]
