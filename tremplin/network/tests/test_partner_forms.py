"""The national team records partner organisations with their data·inclusion type and agreement dates."""

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils.html import escape

from tremplin.network.demo import fake_siret
from tremplin.network.models import PartnerOrganisation
from tremplin.network.reference import partner_typologies


def partner_data(**overrides):
    data = {
        "name": "Mission locale de Lyon",
        "kind": "ML",
        "siret": fake_siret(777),
        "address": "10 rue Sainte-Catherine",
        "postal_code": "69001",
        "commune": "Lyon",
        "contact_name": "Accueil",
        "contact_email": "accueil@ml.example.org",
        "contact_phone": "0478000000",
        "agreement_start": "2026-01-01",
        "agreement_end": "2026-12-31",
        "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(client_as):
    return client_as("network_admin")


def test_the_type_list_is_the_data_inclusion_structure_typology():
    values = dict(partner_typologies())
    assert {"CCAS", "ML", "FT", "ASSO", "CAF"} <= set(values)
    assert values["ML"] == "Mission Locale"


def test_a_network_admin_creates_a_partner_with_its_typology(admin_client):
    response = admin_client.post(reverse("network:partner_create"), partner_data())

    partner = PartnerOrganisation.objects.get(name="Mission locale de Lyon")
    assert response.status_code == 302
    assert response["Location"] == partner.get_absolute_url()
    assert partner.kind == "ML"
    assert partner.contact_phone.as_e164 == "+33478000000"
    assert str(partner.agreement_end) == "2026-12-31"


def test_a_network_admin_edits_a_partner(admin_client, partner):
    response = admin_client.post(reverse("network:partner_edit", args=[partner.pk]), partner_data(name="CCAS renommé"))

    partner.refresh_from_db()
    assert response.status_code == 302
    assert partner.name == "CCAS renommé"


def test_the_partner_page_shows_the_typology_label(client_as, partner):
    content = client_as("mediator").get(partner.get_absolute_url()).content.decode()

    assert escape(dict(partner_typologies())["CCAS"]) in content


@pytest.mark.parametrize(
    "field,overrides,message",
    [
        ("agreement_end", {"agreement_end": "2025-12-31"}, "La fin de la convention ne peut pas précéder son début."),
        ("kind", {"kind": "PAS-UN-TYPE"}, "Sélectionnez un choix valide"),
        ("siret", {"siret": "12345678901234"}, "Luhn"),
        ("postal_code", {"postal_code": "6900"}, "5 chiffres"),
        ("commune", {"commune": "Marseille"}, "Cette commune ne correspond pas au code postal 69001"),
        ("contact_phone", {"contact_phone": "12345"}, "n'est pas lisible"),
        ("contact_email", {"contact_email": "pas-une-adresse"}, "adresse de courriel valide"),
    ],
)
def test_bad_partner_input_is_refused_next_to_its_field(admin_client, field, overrides, message):
    response = admin_client.post(reverse("network:partner_create"), partner_data(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert any(message in error for error in errors[field]), errors
    assert escape(errors[field][0]) in response.content.decode()
    assert not PartnerOrganisation.objects.filter(name="Mission locale de Lyon").exists()


def test_the_database_also_refuses_an_agreement_ending_before_it_starts(partner):
    partner.agreement_start, partner.agreement_end = "2026-06-01", "2026-01-01"
    with pytest.raises(IntegrityError):
        partner.save()
