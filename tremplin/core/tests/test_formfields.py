"""Ids typed in addresses or posted by forms: junk is refused with a message, never a database error."""

import pytest
from django import forms

from tremplin.core.formfields import IdMultipleChoiceField, parse_id, search_text
from tremplin.network.models import Site


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), (" 7 ", 7), ("", None), (None, None), ("abc", None), ("-1", None), ("²", None), ("١٢", None)],
)
def test_an_id_is_read_only_from_plain_digits(raw, expected):
    assert parse_id(raw) == expected


def test_an_id_too_large_for_the_database_is_not_an_id():
    assert parse_id("9" * 18) == int("9" * 18)
    assert parse_id("9" * 20) is None


class SitesForm(forms.Form):
    sites = IdMultipleChoiceField(queryset=Site.objects.all(), required=False)


@pytest.mark.parametrize("junk", ["99999999999999999999", "²", "abc"])
def test_a_multiple_choice_of_junk_ids_is_a_form_error_not_a_crash(site, junk):
    form = SitesForm(data={"sites": [str(site.pk), junk]})
    assert not form.is_valid()
    assert form.errors["sites"]


def test_a_multiple_choice_of_real_ids_still_works(site):
    form = SitesForm(data={"sites": [str(site.pk)]})
    assert form.is_valid()
    assert list(form.cleaned_data["sites"]) == [site]


def test_search_text_is_trimmed_bounded_and_free_of_nul_characters():
    assert search_text("  Lyon\x00 ") == "Lyon"
    assert search_text(None) == ""
    assert len(search_text("x" * 5000)) == 100
