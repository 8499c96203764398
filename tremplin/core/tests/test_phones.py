"""Phone numbers as French people type them, overseas included.

Expected values come from the numbering plans: ARCEP gives each overseas territory blocks of the
ten-digit national plan (0262/0263 and 0692/0693 La Réunion, 0269 and 0639 Mayotte, 0590 and 0690/0691
Guadeloupe, Saint-Barthélemy and Saint-Martin, 0594 and 0694 Guyane, 0596 and 0696/0697 Martinique),
and the ITU gives each its country code (+262, +590, +594, +596; +508 Saint-Pierre-et-Miquelon, whose
numbers have six digits).
"""

import pytest
from django.core.exceptions import ValidationError

from tremplin.core.phones import can_receive_sms, national_format, parse_phone, renormalise_stored_phones


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 93 12 34 56", "+262693123456"),  # La Réunion, mobile (the example of the issue)
        ("0693 12 34 56", "+262693123456"),
        ("06.92.12.34.56", "+262692123456"),
        ("06 39 20 12 34", "+262639201234"),  # Mayotte, mobile
        ("06 90 12 34 56", "+590690123456"),  # Guadeloupe, mobile
        ("06 96 12 34 56", "+596696123456"),  # Martinique, mobile
        ("06 94 12 34 56", "+594694123456"),  # Guyane, mobile
        ("05 90 27 12 34", "+590590271234"),  # Saint-Barthélemy, landline
        ("05 90 87 12 34", "+590590871234"),  # Saint-Martin, landline
        ("41 12 34", "+508411234"),  # Saint-Pierre-et-Miquelon, six digits
        ("+508 41 12 34", "+508411234"),
        ("06 12 34 56 78", "+33612345678"),  # metropolitan mobile, unchanged
        ("+262 693 12 34 56", "+262693123456"),
        ("00262 693 12 34 56", "+262693123456"),
    ],
)
def test_a_number_typed_the_national_way_gets_its_territory_s_country_code(typed, stored):
    assert parse_phone(typed) == stored


def test_plus_33_written_in_front_of_an_overseas_number_is_corrected():
    assert parse_phone("+33 6 93 12 34 56") == "+262693123456"
    assert parse_phone("+33 (0)6 93 12 34 56") == "+262693123456"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("02 62 12 34 56", "+262262123456"),  # La Réunion
        ("02 69 60 12 34", "+262269601234"),  # Mayotte
        ("05 90 12 34 56", "+590590123456"),  # Guadeloupe
        ("05 94 12 34 56", "+594594123456"),  # Guyane
        ("05 96 60 12 34", "+596596601234"),  # Martinique
        ("04 72 10 30 30", "+33472103030"),  # Lyon
    ],
)
def test_overseas_landlines_are_read_with_their_country_code(typed, stored):
    assert parse_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "06 12", "06 12 34 56 78 90", "bonjour", "+33", "00 00 00 00 00"])
def test_what_cannot_be_a_number_is_refused_with_a_french_message(typed):
    with pytest.raises(ValidationError) as error:
        parse_phone(typed)
    assert "n'est pas lisible" in error.value.messages[0]


@pytest.mark.parametrize(
    ("number", "mobile"),
    [
        ("06 93 12 34 56", True),
        ("06 90 12 34 56", True),
        ("06 12 34 56 78", True),
        ("07 12 34 56 78", True),
        ("06 39 98 00 01", True),  # fiction range of the demo data: a mobile block
        ("04 72 10 30 30", False),  # the landline of the issue
        ("02 62 12 34 56", False),
        ("05 90 12 34 56", False),
        ("09 70 12 34 56", False),  # VoIP "box" number
        ("08 00 12 34 56", False),  # free service number
    ],
)
def test_only_mobile_numbers_can_receive_an_sms(number, mobile):
    assert can_receive_sms(number) is mobile


def test_overseas_numbers_are_shown_the_way_people_write_them():
    assert national_format("+262693123456") == "0693 12 34 56"
    assert national_format("+33472103030") == "04 72 10 30 30"


@pytest.mark.django_db
def test_numbers_stored_with_plus_33_before_the_fix_are_renormalised(site):
    from tremplin.people.models import Beneficiary
    from tremplin.people.tests.factories import BeneficiaryFactory

    wrong = BeneficiaryFactory(phone="+33693123456", sites=[site])
    right = BeneficiaryFactory(phone="+33612345678", sites=[site])

    assert renormalise_stored_phones(Beneficiary, "phone") == 1

    wrong.refresh_from_db()
    right.refresh_from_db()
    assert str(wrong.phone) == "+262693123456"
    assert str(right.phone) == "+33612345678"
