"""One money format everywhere (core.money): French « 1 234,50 € » with non-breaking spaces and always two
decimals (CLDR fr: comma decimal separator, space group separator, sign after the number), English « €1,234.50 »."""

from decimal import Decimal, InvalidOperation

import pytest
from django.template import Context, Template
from django.utils import translation

from tremplin.core.money import euros, euros_from_cents

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("cents", "french", "english"),
    [
        (500, f"5,00{NBSP}€", "€5.00"),
        (250, f"2,50{NBSP}€", "€2.50"),
        (123450, f"1{NBSP}234,50{NBSP}€", "€1,234.50"),
        (-1999, f"-19,99{NBSP}€", "-€19.99"),
        (0, f"0,00{NBSP}€", "€0.00"),
        (100000000, f"1{NBSP}000{NBSP}000,00{NBSP}€", "€1,000,000.00"),
    ],
)
def test_cents_read_the_same_in_every_room(cents, french, english):
    with translation.override("fr"):
        assert euros_from_cents(cents) == french
        assert euros(Decimal(cents) / 100) == french
    with translation.override("en"):
        assert euros_from_cents(cents) == english
        assert euros(Decimal(cents) / 100) == english


@pytest.mark.parametrize("junk", ["", "abc", None, "NaN", "Infinity"])
def test_what_is_not_an_amount_is_refused(junk):
    with pytest.raises(InvalidOperation):
        euros(junk)


def test_the_till_and_the_stock_filters_agree_on_one_price():
    """The sale screen's product button (decimal price) and the ticket line (cents) print the same text."""
    html = Template("{% load till %}{{ price|price }}|{{ cents|euros }}").render(
        Context({"price": Decimal("2.5"), "cents": 250})
    )
    stock = Template("{% load inventory %}{{ price|euros }}").render(Context({"price": Decimal("2.5")}))
    assert html == f"2,50{NBSP}€|2,50{NBSP}€"
    assert stock == f"2,50{NBSP}€"


def test_sentences_of_the_till_write_cents_like_its_columns():
    """A right's sentence, a refusal and a Z report use the same format as the ticket (never « 30 € »)."""
    from tremplin.till.services import baskets, finalise, reports, rights, sessions

    for module in (rights, baskets, reports):
        assert module.euros is euros_from_cents
    with translation.override("fr"):
        assert sessions._euros(3000) == f"30,00{NBSP}€"
        assert finalise._money(3000) == f"30,00{NBSP}€"


def test_statistics_write_money_like_the_till():
    from tremplin.core.smallcounts import display_value

    with translation.override("fr"):
        assert display_value(1234.5, "euros") == f"1{NBSP}234,50{NBSP}€"
    with translation.override("en"):
        assert display_value(1234.5, "euros") == "€1,234.50"
