"""French writes the first of the month « 1er » (« mardi 1er décembre 2026 »; Lexique des règles typographiques
en usage à l'Imprimerie nationale): every long date of the product, in Python and in templates."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from tremplin.core.dates import display


@pytest.mark.parametrize(
    ("context", "first", "second"),
    [
        ("date_long", "1er décembre 2026", "2 décembre 2026"),
        ("day_long", "mardi 1er décembre 2026", "mercredi 2 décembre 2026"),
        ("day_heading", "mardi 1er décembre", "mercredi 2 décembre"),
        ("date_short", "01/12/2026", "02/12/2026"),  # numeric: unchanged
        ("month", "décembre 2026", "décembre 2026"),
    ],
)
def test_the_first_of_the_month_in_french(context, first, second):
    with translation.override("fr"):
        assert display(date(2026, 12, 1), context) == first
        assert display(date(2026, 12, 2), context) == second
        rendered = Template("{% load tremplin_ui %}{{ day|" + context + " }}").render(
            Context({"day": date(2026, 12, 1)})
        )
        assert rendered == first


def test_english_and_the_local_day_of_an_instant():
    with translation.override("en"):
        assert "1er" not in display(date(2026, 12, 1), "day_long")
    # 30 November 23:30 UTC is already 1 December in Paris: the rule looks at the day shown.
    instant = datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("fr"):
        assert display(instant, "day_time_long", tz=ZoneInfo("Europe/Paris")) == "mardi 1er décembre 2026, 00:30"
