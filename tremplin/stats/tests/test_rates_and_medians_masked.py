"""A rate or a median computed on 1 to 4 people gives them back: hidden for observers like the count.

Found by a fresh tester as a funder: "Taux de remplissage 50 %" beside 8 seats and « < 5 » bookings (4), and
"Délai médian jusqu'au suivi 60 j" over fewer than 5 follow-ups. The right answers come from the rule
(core.smallcounts: rate_base is the smaller non-zero side of the rate; a median's base is its number of people).
"""

from tremplin.core.smallcounts import display_value, rate_base
from tremplin.stats.exports import headline_rows
from tremplin.stats.figures import DAYS, PERCENT
from tremplin.stats.tests import journey_reference


def test_the_base_of_a_rate_is_its_smaller_non_zero_side():
    assert rate_base(4, 8) == 4  # 4 bookings on 8 seats: 50 % gives the 4 back
    assert rate_base(12, 8) == 8
    assert rate_base(0, 3) == 3  # 0 % on 3 seats: the 3 seats are the small count
    assert rate_base(0, 0) == 0


def test_a_rate_on_a_small_side_is_hidden_for_observers_only():
    assert display_value(50, PERCENT, mask=True, base=rate_base(4, 8)) == "—"
    assert display_value(50, PERCENT, mask=False, base=rate_base(4, 8)) == "50 %"
    assert display_value(60, PERCENT, mask=True, base=rate_base(6, 10)) == "60 %"


def test_a_median_over_fewer_than_five_people_is_hidden():
    assert display_value(60, DAYS, mask=True, base=3) == "—"
    assert display_value(60, DAYS, mask=True, base=5) == "60 j"
    assert display_value(60, DAYS, mask=False, base=3) == "60 j"


def test_files_hide_the_same_rates_and_medians():
    from datetime import date

    from tremplin.stats.figures import Block, Dashboard, Row
    from tremplin.stats.filters import Filters
    from tremplin.stats.periods import Period
    from tremplin.stats.scope import StatsScope

    block = Block(
        "workshops",
        "Ateliers",
        "",
        "",
        figures=[
            Row("fill_rate", "Taux de remplissage", (50,), base=(rate_base(4, 8),)),
            Row("delay", "Délai médian", (60,), base=(3,)),
        ],
        figure_units={"fill_rate": PERCENT, "delay": DAYS},
    )
    period = Period(date(2026, 1, 1), date(2026, 3, 31))
    board = Dashboard(StatsScope.network(mask_small_counts=True), period, period.previous(), Filters(), [block])
    assert [line[3] for line in headline_rows(board)[1:]] == ["—", "—"]


def test_the_funnel_hides_a_median_and_a_share_over_fewer_than_five_people(monkeypatch):
    from datetime import datetime, timedelta

    from tremplin.stats.figures import referrals

    received = datetime(2026, 3, 2, 9, 0)
    # Ten referrals, three contacted (after 2, 4 and 6 days) and accepted; none reached a workshop.
    rows = [
        ("P", "accepted", "", received, received + timedelta(days=2 * k), None, None, None, None, None)
        for k in (1, 2, 3)
    ]
    rows += [("P", "pending", "", received, None, None, None, None, None, None)] * 7
    summary = journey_reference.funnel_summary_from_rows(rows, "accepted")  # the reference the SQL one equals
    monkeypatch.setattr(referrals, "_funnel_summary", lambda scope, period, filters: summary)
    block = referrals.funnel_figures(None, None, None)
    medians = {row.key: row for row in block.figures}
    assert medians["delay_contact"].values == (4,) and medians["delay_contact"].base == (3,)
    assert display_value(4, DAYS, mask=True, base=medians["delay_contact"].base[0]) == "—"
    contacted = next(row for row in block.tables[0].rows if row.key == "contacted")
    assert contacted.values == (3, 30) and contacted.base == (None, 3)  # 30 % of 10 gives the 3 back
