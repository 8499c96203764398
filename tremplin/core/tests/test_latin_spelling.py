"""Names in another alphabet come with their Latin spelling, so staff who do not read the script can say and
search them (core.text.latin_spelling, the `{% latin_spelling %}` tag). Expected spellings are the usual
romanisations: Russian BGN/PCGN (И → I, в → v, а → a, н → n, о → o), Greek ELOT 743 (Ζ → Z, ω → o, ή → i)."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from tremplin.core.text import latin_spelling
from tremplin.referrals.models import CallbackRequest, Need


@pytest.mark.parametrize(
    ("name", "spelt"),
    [("Иван", "Ivan"), ("ИВАНОВ Иван", "IVANOV Ivan"), ("Ζωή", "Zoi"), ("Hélène", ""), ("Łukasz", ""), ("", "")],
)
def test_a_name_in_another_alphabet_is_spelt_in_latin_letters_and_a_latin_one_is_left_alone(name, spelt):
    assert latin_spelling(name) == spelt


def test_the_tag_adds_the_spelling_after_the_name_and_nothing_for_a_latin_name():
    template = Template("{% load tremplin_ui %}{{ name }}{% latin_spelling name %}")
    assert template.render(Context({"name": "Иван"})) == 'Иван <small class="latin-spelling">(Ivan)</small>'
    assert template.render(Context({"name": "Hélène"})) == "Hélène"


@pytest.mark.django_db
def test_the_call_back_inbox_shows_the_latin_spelling_of_a_cyrillic_first_name(site, make_user, login):
    site.accepts_self_referrals = True
    site.save(update_fields=["accepts_self_referrals"])
    callback = CallbackRequest.objects.create(
        site=site, first_name="Иван", phone="+33612345678", need=Need.choices[0][0]
    )
    staff = login(make_user("site_manager", at=site))
    inbox = staff.get(reverse("referrals:inbox")).content.decode()
    assert '>Иван</a> <small class="latin-spelling">(Ivan)</small>' in inbox
    detail = staff.get(reverse("referrals:callback_detail", args=[callback.pk])).content.decode()
    assert '<dd>Иван <small class="latin-spelling">(Ivan)</small></dd>' in detail
