"""The national team creates and edits sites; every bad input is refused next to its field, in French."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tremplin.network.demo import fake_siret
from tremplin.network.models import Site

VALID_SIRET = fake_siret(4242)
BAD_LUHN_SIRET = VALID_SIRET[:-1] + str((int(VALID_SIRET[-1]) + 1) % 10)


def site_data(**overrides):
    data = {
        "name": "Espace Croix-Rousse",
        "code": "cr",
        "address": "3 place de la Croix-Rousse",
        "postal_code": "69004",
        "commune": "Lyon",
        "insee_code": "",
        "latitude": "45.774500",
        "longitude": "4.831800",
        "phone": "04 72 00 00 00",
        "email": "croix-rousse@example.org",
        "siret": VALID_SIRET,
        "rna": "",
        "opening_hours": "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00",
        "services": ["Aide aux démarches administratives", "Loisirs et créations numériques"],
        "accessibility_notes": "Rampe d'accès.",
        "accepts_walk_ins": "on",
        "is_active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def admin_client(client_as):
    return client_as("network_admin")


def test_a_network_admin_creates_a_site_and_the_insee_code_comes_from_postal_code_and_commune(admin_client):
    response = admin_client.post(reverse("network:site_create"), site_data())

    site = Site.objects.get(code="CR")
    assert response.status_code == 302
    assert response["Location"] == site.get_absolute_url()
    assert site.insee_code == "69384"  # Lyon 4e arrondissement
    assert site.phone.as_e164 == "+33472000000"
    assert site.services == ["Aide aux démarches administratives", "Loisirs et créations numériques"]
    assert site.accepts_walk_ins is True
    assert site.accepts_self_referrals is False


def test_a_network_admin_edits_a_site(admin_client, site):
    response = admin_client.post(
        reverse("network:site_edit", args=[site.pk]), site_data(name="Espace renommé", code=site.code)
    )

    site.refresh_from_db()
    assert response.status_code == 302
    assert site.name == "Espace renommé"
    assert site.postal_code == "69004"


def test_the_edit_form_shows_the_current_values_and_warns_before_changing_the_code(admin_client, site):
    response = admin_client.get(reverse("network:site_edit", args=[site.pk]))

    assert response.status_code == 200
    assert f'value="{site.name}"'.encode() in response.content
    assert "Déjà utilisé sur les étiquettes" in response.content.decode()


BAD_INPUTS = [
    ("postal_code", {"postal_code": "6900"}, "Le code postal doit compter exactement 5 chiffres"),
    ("commune", {"postal_code": "69001", "commune": "Marseille"}, "Cette commune ne correspond pas au code postal"),
    ("postal_code", {"postal_code": "00000"}, "Ce code postal n'existe pas."),
    ("siret", {"siret": BAD_LUHN_SIRET}, "sa clé de contrôle (Luhn) ne correspond pas"),
    ("siret", {"siret": "1234"}, "Le SIRET compte exactement 14 chiffres."),
    ("opening_hours", {"opening_hours": "lundi matin"}, "Ces horaires ne sont pas lisibles"),
    ("phone", {"phone": "12345"}, "n'est pas lisible"),
    ("latitude", {"latitude": "200"}, "La latitude est comprise entre -90 et 90 degrés"),
    ("longitude", {"longitude": "-181"}, "La longitude est comprise entre -180 et 180 degrés"),
    ("latitude", {"latitude": "quarante-cinq"}, "Saisissez un nombre."),
    ("code", {"code": "L1"}, "Le code court compte 2 à 4 lettres majuscules"),
    ("rna", {"rna": "X123"}, "Le numéro RNA compte 10 caractères"),
    ("insee_code", {"insee_code": "13055"}, "Ce code INSEE n'est pas celui de la commune (69384)."),
    ("name", {"name": ""}, "Ce champ est obligatoire."),
]


@pytest.mark.parametrize(
    "field,overrides,message", BAD_INPUTS, ids=[f"{f}-{list(o.values())[-1]}" for f, o, _m in BAD_INPUTS]
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(admin_client, field, overrides, message):
    response = admin_client.post(reverse("network:site_create"), site_data(**overrides))

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert list(form.errors) == [field]
    assert escape(message) in response.content.decode()
    assert not Site.objects.filter(name=site_data(**overrides)["name"] or "Espace Croix-Rousse").exists()


def test_a_short_code_already_used_is_refused(admin_client, site):
    response = admin_client.post(reverse("network:site_create"), site_data(code=site.code))

    assert response.context["form"].errors["code"] == ["Ce code court est déjà utilisé par un autre espace."]
    assert Site.objects.filter(code=site.code).count() == 1


def test_a_bad_edit_leaves_the_site_unchanged(admin_client, site):
    response = admin_client.post(
        reverse("network:site_edit", args=[site.pk]), site_data(code=site.code, opening_hours="lundi matin")
    )

    site.refresh_from_db()
    assert response.status_code == 200
    assert site.name == "Espace Lyon test"
    assert site.opening_hours == "Mo-Fr 09:00-17:00"


def test_the_site_page_shows_the_opening_hours_in_plain_french(client_as, site):
    client = client_as("mediator")
    site.opening_hours = "Mo-Fr 09:00-12:00; Sa 10:00-12:00"
    site.save()

    content = client.get(site.get_absolute_url()).content.decode()

    assert '<th scope="row">Lundi</th><td>09:00–12:00</td>' in content
    assert '<th scope="row">Samedi</th><td>10:00–12:00</td>' in content
    assert '<th scope="row">Dimanche</th><td>fermé</td>' in content
