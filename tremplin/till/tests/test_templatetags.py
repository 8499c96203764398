"""The `euros` filter: cents shown the French way, or the English way in English."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tremplin.till.forms import parse_euros


def render(cents, language):
    with translation.override(language):
        return Template("{% load till %}{{ value|euros }}").render(Context({"value": cents}))


@pytest.mark.parametrize(
    ("cents", "french", "english"),
    [
        (1250, "12,50\u00a0€", "€12.50"),
        (5000, "50,00\u00a0€", "€50.00"),
        (123450, "1\u00a0234,50\u00a0€", "€1,234.50"),
        (-500, "-5,00\u00a0€", "-€5.00"),
        (0, "0,00\u00a0€", "€0.00"),
        (None, "", ""),
    ],
)
def test_cents_are_shown_as_euros_in_the_readers_language(cents, french, english):
    assert render(cents, "fr") == french
    assert render(cents, "en") == english


@pytest.mark.parametrize(("typed", "cents"), [("50", 5000), ("50,00", 5000), ("50.5", 5050), ("12,5 €", 1250)])
def test_amounts_typed_the_french_way_become_cents(typed, cents):
    assert parse_euros(typed) == cents


@pytest.mark.parametrize(("cents", "french"), [(500, "+5,00\u00a0€"), (-500, "-5,00\u00a0€"), (0, "0,00\u00a0€")])
def test_a_cash_difference_says_which_way_it_goes(cents, french):
    with translation.override("fr"):
        assert Template("{% load till %}{{ value|signed_euros }}").render(Context({"value": cents})) == french
