"""A person's postal code and commune are read as people write them; the home address is never a Cedex."""

import re

from django.urls import reverse

from tremplin.people.forms import BeneficiaryForm


def person_data(**overrides):
    data = {
        "first_name": "Awa",
        "last_name": "Diallo",
        "birth_year": "1980",
        "phone": "",
        "email": "",
        "preferred_channel": "referrer",
        "postal_code": "76 600",
        "commune": "Havre",
        "languages": "",
        "accommodations": "",
    }
    data.update(overrides)
    return data


def test_a_postal_code_with_a_space_and_a_commune_without_its_article_are_read(db):
    form = BeneficiaryForm(data=person_data())

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["postal_code"], form.cleaned_data["commune"]) == ("76600", "Le Havre")


def test_a_cedex_is_not_a_home_address(db):
    form = BeneficiaryForm(data=person_data(postal_code="69401", commune="Lyon Cedex 03"))

    assert form.errors["postal_code"] == ["Ce code postal n'existe pas."]


def test_the_browser_does_not_cut_a_postal_code_typed_with_a_space(client_as):
    html = client_as("mediator").get(reverse("people:create")).content.decode()

    postal_input = re.search(r'<input[^>]*name="postal_code"[^>]*>', html)[0]
    assert int(re.search(r'maxlength="(\d+)"', postal_input)[1]) >= len("76 600")
