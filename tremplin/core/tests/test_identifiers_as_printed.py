"""Identifiers are typed as they are printed: spaces, dots and dashes never count against a length limit."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from tremplin.core.formfields import IdentifierField, compact_identifier, printed_length
from tremplin.core.modelfields import IdentifierCharField
from tremplin.core.phones import FrenchPhoneField
from tremplin.network.models import PartnerOrganisation, Site
from tremplin.people.validation import parse_phone


@pytest.mark.parametrize(
    ("printed", "stored"),
    [
        ("356 000 000 09075", "35600000009075"),  # a SIRET as printed on a letterhead
        ("356\u00a0000\u00a0000\u00a009075", "35600000009075"),  # with the no-break spaces of French typography
        ("356\u202f000\u202f000\u202f09075", "35600000009075"),  # narrow no-break spaces
        ("352099-00-176148-1", "352099001761481"),  # an IMEI as Android shows it
        ("35 209900 176148 1", "352099001761481"),  # an IMEI as printed on the box
        ("69.003", "69003"),
        ("W 751 123 456", "W751123456"),
        ("356–000–000–09075", "35600000009075"),  # en dashes from a word processor
    ],
)
def test_separators_are_removed_from_an_identifier(printed, stored):
    assert compact_identifier(printed) == stored


def test_an_identifier_can_be_stored_upper_case():
    assert compact_identifier("w9m 100 0001", upper=True) == "W9M1000001"


class SiretForm(forms.Form):
    siret = IdentifierField(max_length=14)


def test_the_length_limit_of_a_form_field_applies_after_removing_separators():
    form = SiretForm(data={"siret": "356 000 000 09075"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["siret"] == "35600000009075"


def test_a_too_long_identifier_is_refused_with_its_real_length():
    form = SiretForm(data={"siret": "356 000 000 090 751"})

    assert not form.is_valid()
    assert form.errors["siret"] == [
        "Ce numéro compte au plus 14 caractères sans les espaces, points et tirets (il en compte 15)."
    ]


def test_the_browser_may_take_an_identifier_with_a_separator_after_each_character():
    html = str(SiretForm()["siret"])

    assert f'maxlength="{printed_length(14)}"' in html
    assert printed_length(14) >= len("356 000 000 09075")
    assert printed_length(15) >= len("35 209900 176148 1") and printed_length(15) >= len("352099-00-176148-1")


def test_model_validation_counts_the_characters_of_the_identifier_only(db):
    partner = PartnerOrganisation(
        name="La Poste", kind="ASSO", siret="356 000 000 09075", address="1 rue", postal_code="69 003", commune="Lyon"
    )

    partner.full_clean()

    assert partner.siret == "35600000009075"
    assert partner.postal_code == "69003"


def test_saving_stores_the_compact_form_even_without_validation(site):
    site.rna = "w 9m1 000 001"
    site.save()

    assert Site.objects.get(pk=site.pk).rna == "W9M1000001"
    assert Site.objects.filter(rna="W9M1 000001").get() == site


def test_the_identifier_field_needs_no_migration():
    field = IdentifierCharField("SIRET", max_length=14, upper=True)
    field.set_attributes_from_name("siret")

    _name, path, _args, kwargs = field.deconstruct()

    assert path == "django.db.models.CharField"
    assert "upper" not in kwargs


def test_a_model_field_refuses_a_too_long_identifier_after_compaction():
    field = IdentifierCharField("IMEI", max_length=15)

    assert field.clean("35 209900 176148 1", None) == "352099001761481"
    with pytest.raises(ValidationError):
        field.clean("35 209900 176148 123", None)


class PhoneForm(forms.Form):
    phone = FrenchPhoneField()


@pytest.mark.parametrize(
    "printed",
    ["06\u202f12\u202f34\u202f56\u202f78", "06\u00a012\u00a034\u00a056\u00a078", "06.12.34.56.78", "06-12-34-56-78"],
)
def test_a_phone_number_is_read_whatever_spaces_or_dots_separate_its_digits(printed):
    form = PhoneForm(data={"phone": printed})

    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["phone"]) == "+33612345678"


def test_a_persons_phone_typed_with_narrow_no_break_spaces_is_read():
    assert parse_phone("06\u202f12\u202f34\u202f56\u202f78") == "+33612345678"
