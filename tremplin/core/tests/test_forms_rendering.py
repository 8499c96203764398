"""Optional fields say « (facultatif) » in every form that has required ones (RGAA 11.10, DSFR's convention:
« Sauf mention contraire, tous les champs sont obligatoires. »); core/forms_rendering.py."""

import html
import re

from django import forms
from django.urls import reverse

from tremplin.core.forms_rendering import has_required_fields


def labels(page):
    """The labels' text, the French suffix « : » (a no-break space before the colon) written as a plain space."""
    found = re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", label)).replace("\u00a0", " ").strip() for label in found]


class Visit(forms.Form):
    last_name = forms.CharField(label="Nom")
    commune = forms.CharField(label="Commune", required=False)
    email = forms.EmailField(label="E-mail (obligatoire pour un contact par e-mail)", required=False)
    note = forms.CharField(label="Remarque (facultatif)", required=False)
    consent = forms.BooleanField(label="J'accepte", required=False)


class Filters(forms.Form):
    q = forms.CharField(label="Recherche", required=False)


def test_an_optional_field_is_marked_and_a_required_one_is_not():
    rendered = labels(str(Visit()))
    assert rendered == [
        "Nom :",
        "Commune (facultatif) :",
        "E-mail (obligatoire pour un contact par e-mail) :",  # required in some cases: the label says when
        "Remarque (facultatif) :",  # already said once
        "J'accepte :",  # a checkbox left unticked is an answer
    ]


def test_a_form_where_nothing_is_required_is_not_marked():
    assert not has_required_fields(Filters())
    assert labels(str(Filters())) == ["Recherche :"]


def test_the_walk_in_form_says_the_rule_and_marks_its_optional_fields(client_as):
    page = client_as("mediator").get(reverse("people:create")).content.decode()
    assert "Sauf mention contraire, tous les champs sont obligatoires." in page
    found = labels(page)
    assert "Nom :" in found and "Prénom :" in found
    assert "Code postal (facultatif) :" in found and "Commune (facultatif) :" in found
