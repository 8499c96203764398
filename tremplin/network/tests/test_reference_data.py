"""Reference data matches what people write: communes with their article, Cedex addresses, RNA and SIRET as printed."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tremplin.network import communes
from tremplin.network.models import PartnerOrganisation, Site
from tremplin.network.validators import validate_rna
from tremplin.people.validation import check_address

from .test_partner_forms import partner_data
from .test_site_forms import site_data

# La Poste's SIRET: its SIREN 356 000 000 is the one exception to the Luhn key (INSEE rule: the sum of the
# fourteen digits is a multiple of 5): 3+5+6+9+7+5 = 35.
LA_POSTE_SIRET = "35600000009075"


@pytest.fixture
def admin_client(client_as):
    return client_as("network_admin")


# -- Communes: official INSEE names, article included (COG: TNCC + NCCENR = LIBELLE) --------------------------


@pytest.mark.parametrize(
    ("postal_code", "insee_code", "official"),
    [
        ("76600", "76351", "Le Havre"),  # TNCC 2
        ("01400", "01001", "L'Abergement-Clémenciat"),  # TNCC 5: no space after L'
        ("60000", "60703", "Aux Marais"),  # TNCC 6
        ("66500", "66104", "Los Masos"),  # TNCC 8
        ("13001", "13201", "Marseille 1er Arrondissement"),
    ],
)
def test_the_bundled_table_has_the_official_names_with_their_article(postal_code, insee_code, official):
    assert (insee_code, official) in communes.communes_for_postal_code(postal_code)


@pytest.mark.parametrize("typed", ["Le Havre", "LE HAVRE", "le havre", "Havre", "HAVRE"])
def test_a_commune_is_recognised_with_or_without_its_article(typed):
    assert communes.match_commune("76600", typed) == ("76351", "Le Havre")


def test_an_apostrophe_article_may_be_left_out_too():
    assert communes.match_commune("01400", "Abergement-Clémenciat") == ("01001", "L'Abergement-Clémenciat")
    assert communes.match_commune("01400", "l abergement clemenciat") == ("01001", "L'Abergement-Clémenciat")


def test_a_persons_address_stores_the_official_name():
    assert check_address("76600", "Le Havre") == ("76600", "Le Havre")
    assert check_address("76600", "Havre") == ("76600", "Le Havre")
    assert check_address("76 600", "havre") == ("76600", "Le Havre")


def test_a_site_in_le_havre_is_saved_under_the_official_name(admin_client):
    response = admin_client.post(
        reverse("network:site_create"), site_data(code="LH", postal_code="76600", commune="Havre")
    )

    assert response.status_code == 302, response.context["form"].errors
    site = Site.objects.get(code="LH")
    assert (site.postal_code, site.commune, site.insee_code) == ("76600", "Le Havre", "76351")


def test_a_partner_in_le_havre_is_saved_under_the_official_name(admin_client):
    response = admin_client.post(
        reverse("network:partner_create"), partner_data(postal_code="76600", commune="Le Havre")
    )

    assert response.status_code == 302, response.context["form"].errors
    assert PartnerOrganisation.objects.get(name="Mission locale de Lyon").commune == "Le Havre"


# -- Cedex: organisations only ------------------------------------------------------------------------------


def test_a_partner_organisation_may_have_a_cedex_address(admin_client):
    response = admin_client.post(
        reverse("network:partner_create"), partner_data(postal_code="69401", commune="Lyon Cedex 03")
    )

    assert response.status_code == 302, response.context["form"].errors
    partner = PartnerOrganisation.objects.get(name="Mission locale de Lyon")
    assert (partner.postal_code, partner.commune) == ("69401", "Lyon Cedex 03")


@pytest.mark.parametrize(
    ("postal_code", "typed", "stored"),
    [
        ("69401", "LYON CEDEX 03", "Lyon Cedex 03"),
        ("42007", "St Etienne Cedex 1", "Saint-Étienne Cedex 1"),
        ("76084", "Havre Cedex", "Le Havre Cedex"),
        ("75700", "Paris Cedex 07", "Paris Cedex 07"),
        ("97405", "Saint-Denis Cedex", "Saint-Denis Cedex"),  # La Réunion: département 974
    ],
)
def test_a_cedex_code_maps_to_a_commune_of_its_departement(postal_code, typed, stored):
    assert communes.match_cedex(postal_code, typed)[1] == stored


def test_a_cedex_commune_outside_the_codes_departement_is_refused(admin_client):
    response = admin_client.post(
        reverse("network:partner_create"), partner_data(postal_code="69401", commune="Marseille Cedex 03")
    )

    assert response.status_code == 200
    assert "n'est pas dans le département du code Cedex 69401" in response.context["form"].errors["commune"][0]


def test_an_unknown_code_without_cedex_suggests_the_cedex_mention_to_organisations(admin_client):
    response = admin_client.post(reverse("network:partner_create"), partner_data(postal_code="69401", commune="Lyon"))

    assert "ajoutez la mention Cedex" in response.context["form"].errors["postal_code"][0]


def test_a_persons_home_address_is_never_a_cedex():
    with pytest.raises(ValidationError) as refused:
        check_address("69401", "Lyon Cedex 03")

    assert refused.value.message_dict["postal_code"] == ["Ce code postal n'existe pas."]


def test_a_site_address_is_never_a_cedex(admin_client):
    response = admin_client.post(
        reverse("network:site_create"), site_data(postal_code="69401", commune="Lyon Cedex 03")
    )

    assert response.context["form"].errors["postal_code"] == ["Ce code postal n'existe pas."]


# -- RNA: W, the greffe code (3 characters, the second may be a letter), 6 digits ---------------------------


@pytest.mark.parametrize("valid", ["W691234567", "W2A1002345", "W2B2000123", "W9R4002154", "W9M1000001"])
def test_real_rna_formats_are_accepted(valid):
    validate_rna(valid)


@pytest.mark.parametrize(
    "invalid", ["W69123456", "W6912345678", "WA91234567", "W69A234567", "X691234567", "W69123456A"]
)
def test_malformed_rna_numbers_are_refused(invalid):
    with pytest.raises(ValidationError):
        validate_rna(invalid)


def test_an_rna_number_typed_with_spaces_and_lower_case_is_stored_upper_case_without_spaces(admin_client):
    response = admin_client.post(reverse("network:site_create"), site_data(rna="w 9m1 000 001"))

    assert response.status_code == 302, response.context["form"].errors
    assert Site.objects.get(code="CR").rna == "W9M1000001"


# -- SIRET as printed -----------------------------------------------------------------------------------------


def test_a_siret_pasted_as_printed_is_accepted_for_a_site(admin_client):
    response = admin_client.post(reverse("network:site_create"), site_data(siret="356 000 000 09075"))

    assert response.status_code == 302, response.context["form"].errors
    assert Site.objects.get(code="CR").siret == LA_POSTE_SIRET


def test_a_siret_pasted_as_printed_is_accepted_for_a_partner(admin_client):
    response = admin_client.post(reverse("network:partner_create"), partner_data(siret="356.000.000-09075"))

    assert response.status_code == 302, response.context["form"].errors
    assert PartnerOrganisation.objects.get(name="Mission locale de Lyon").siret == LA_POSTE_SIRET


@pytest.mark.parametrize("url_name", ["network:site_create", "network:partner_create"])
def test_the_browser_does_not_cut_a_printed_siret(admin_client, url_name):
    html = admin_client.get(reverse(url_name)).content.decode()

    siret_input = re.search(r'<input[^>]*name="siret"[^>]*>', html)[0]
    postal_input = re.search(r'<input[^>]*name="postal_code"[^>]*>', html)[0]
    assert int(re.search(r'maxlength="(\d+)"', siret_input)[1]) >= len("356 000 000 09075")
    assert int(re.search(r'maxlength="(\d+)"', postal_input)[1]) >= len("69 003")
