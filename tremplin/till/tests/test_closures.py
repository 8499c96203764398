"""Closures agree with the tickets: Z = its session's tickets, month = its days, year = its months.

The grand total is perpetual (never reset); closures are chained and immutable. Expected figures are
written from the rule (prices below), not read back from the code.
"""

import itertools
import zoneinfo
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.inventory.tests.factories import available_device
from tremplin.till.models import Closure, JournalAltered, TillSettings
from tremplin.till.services import sessions
from tremplin.till.services.verify import verify_journal

from .factories import counted_stock, person_at, recharge_product, register_at, sell

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
YEAR = timezone.localdate().year - 1


def at(month, day, hour):
    return datetime(YEAR, month, day, hour, 0, tzinfo=PARIS)


@pytest.fixture
def journal(site, partner, make_user, django_capture_on_commit_callbacks):
    """Three days of last year (10 and 11 March, 2 April), each closed; March and April, then the year.

    Prices: laptop 120 € (VAT 5.5 %), SIM card 1 € and accessory 3 € (VAT 20 %).
    """
    TillSettings.objects.update_or_create(
        pk=1,
        defaults={
            "vat_liable": True,
            "vat_rates": {"device": 550, "connectivity": 2000, "accessory": 2000},
            "eligibility_required": False,
        },
    )
    user = make_user("site_manager")
    register = register_at(site)
    person = person_at(site)
    sim = recharge_product(kind="sim", name="Carte SIM", face_value="10", solidarity_price="1")
    cable = recharge_product(kind="accessory", name="Câble USB-C", face_value="9", solidarity_price="3")
    counted_stock(site, sim, 10)
    counted_stock(site, cable, 10)

    def day(month, number, tickets):
        sessions.open_session(register, user, 5000, now=at(month, number, 9))
        for kwargs in tickets:
            sell(register, user, person, now=at(month, number, 11), **kwargs)
        session = sessions.open_session_of(register)
        with django_capture_on_commit_callbacks(execute=True):
            return sessions.close_session(session, user, sessions.expected_cash(session), now=at(month, number, 18))

    def period(kind, start, now):
        with django_capture_on_commit_callbacks(execute=True):
            return sessions.close_period(register, kind, start, user, now=now)

    z1 = day(
        3,
        10,
        [
            {"devices": [available_device(site)], "payments": [("card", 12000, None)]},
            {"products": [sim, cable], "payments": [("cash", 400, None)]},
        ],
    )
    z2 = day(
        3,
        11,
        [
            {"products": [cable], "payments": [("partner", 300, partner)]},
            {"products": [sim], "payments": [("cash", 100, None)]},
        ],
    )
    march = period("month", date(YEAR, 3, 1), at(4, 1, 8))
    z3 = day(4, 2, [{"devices": [available_device(site)], "payments": [("cash", 12000, None)]}])
    april = period("month", date(YEAR, 4, 1), at(5, 1, 8))
    year = period("year", date(YEAR, 1, 1), datetime(YEAR + 1, 1, 1, 8, tzinfo=PARIS))
    return {
        "register": register,
        "user": user,
        "person": person,
        "sim": sim,
        "z": [z1, z2, z3],
        "march": march,
        "april": april,
        "year": year,
    }


def test_a_z_closure_holds_the_totals_of_its_session_per_method_vat_rate_and_category(journal):
    z1 = journal["z"][0]
    assert z1.totals["by_method"] == {"card": 12000, "cash": 400}
    assert z1.totals["by_category"] == {"accessory": 300, "connectivity": 100, "device": 12000}
    # VAT inside a price including VAT: 12000 × 550 / 10550 = 625.59 → 626; 400 × 2000 / 12000 = 66.67 → 67.
    assert z1.totals["by_vat"] == {"2000": {"ttc": 400, "vat": 67}, "550": {"ttc": 12000, "vat": 626}}
    assert z1.totals["tickets"] == 2
    assert z1.totals["cash"] == {"opening_float": 5000, "expected": 5400, "counted": 5400}
    assert (z1.total_cents, z1.grand_total_cents) == (12400, 12400)
    assert (z1.first_number, z1.last_number) == (1, 2)
    assert z1.last_sale_hash == z1.session.sales.get(number=2).hash


def test_each_z_agrees_with_the_sums_of_its_own_tickets(journal):
    for closure in journal["z"]:
        sales = closure.session.sales.all()
        payments, lines = {}, {}
        for sale in sales:
            for payment in sale.payments.all():
                payments[payment.method] = payments.get(payment.method, 0) + payment.amount_cents
            for line in sale.lines.all():
                lines[line.revenue_category] = lines.get(line.revenue_category, 0) + line.total_cents
        assert closure.totals["by_method"] == payments
        assert closure.totals["by_category"] == lines
        assert closure.total_cents == sum(sale.total_cents for sale in sales)
        assert closure.totals["tickets"] == len(sales)


def test_a_month_is_the_sum_of_its_days(journal):
    march = journal["march"]
    assert (march.period_start, march.period_end) == (date(YEAR, 3, 1), date(YEAR, 4, 1))
    assert march.totals["by_method"] == {"card": 12000, "cash": 500, "partner": 300}
    assert march.totals["by_category"] == {"accessory": 600, "connectivity": 200, "device": 12000}
    # The month adds its days' VAT (67 + 67), it does not recompute it from the month's TTC.
    assert march.totals["by_vat"] == {"2000": {"ttc": 800, "vat": 134}, "550": {"ttc": 12000, "vat": 626}}
    assert march.totals["tickets"] == 4
    assert march.total_cents == 12800
    assert (march.first_number, march.last_number) == (1, 4)
    assert march.last_sale_hash == journal["z"][1].last_sale_hash


def test_a_year_is_the_sum_of_its_months(journal):
    year = journal["year"]
    assert year.totals["by_method"] == {"card": 12000, "cash": 12500, "partner": 300}
    assert year.totals["by_category"] == {"accessory": 600, "connectivity": 200, "device": 24000}
    assert year.totals["by_vat"] == {"2000": {"ttc": 800, "vat": 134}, "550": {"ttc": 24000, "vat": 1252}}
    assert year.totals["tickets"] == 5
    assert year.total_cents == 24800 == journal["march"].total_cents + journal["april"].total_cents
    assert (year.first_number, year.last_number) == (1, 5)


def test_the_grand_total_is_perpetual_and_closures_are_chained(journal, site):
    register, user = journal["register"], journal["user"]
    sessions.open_session(register, user, 0)
    sell(register, user, journal["person"], products=[journal["sim"]])
    sessions.close_session(sessions.open_session_of(register), user, 100)
    closures = list(Closure.objects.filter(register=register).order_by("number"))
    assert [c.kind for c in closures] == ["day", "day", "month", "day", "month", "year", "day"]
    # Never reset, not by a month, a year or a new year: the new year's first Z goes on from 248 €.
    assert [c.grand_total_cents for c in closures] == [12400, 12800, 12800, 24800, 24800, 24800, 24900]
    assert [c.number for c in closures] == list(range(1, 8))
    assert all(c.previous_hash == p.hash for p, c in itertools.pairwise(closures))
    assert closures[0].previous_hash == ""
    assert verify_journal().ok


def test_closures_are_immutable(journal):
    closure = journal["march"]
    closure.total_cents = 0
    with pytest.raises(JournalAltered):
        closure.save()
    with pytest.raises(JournalAltered):
        closure.delete()
    with pytest.raises(JournalAltered):
        Closure.objects.filter(pk=closure.pk).update(total_cents=0)


def test_a_period_is_closed_once_and_only_when_it_is_over(journal):
    register, user = journal["register"], journal["user"]
    with pytest.raises(ValidationError, match="déjà clôturée"):
        sessions.close_period(register, "month", date(YEAR, 3, 1), user, now=at(6, 1, 8))
    with pytest.raises(ValidationError, match="pas terminée"):
        sessions.close_period(register, "year", date(YEAR + 1, 1, 1), user)
