"""Saving a site or a partner never ends in a server error when the database refuses the row."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tremplin.core.testing.factories import SiteFactory
from tremplin.network import services
from tremplin.network.forms import PartnerOrganisationForm, SiteForm
from tremplin.network.models import PartnerOrganisation, Site

from .test_partner_forms import partner_data
from .test_site_forms import site_data


def test_a_short_code_taken_between_the_check_and_the_save_gets_a_field_message(make_user):
    admin = make_user("network_admin")
    form = SiteForm(data=site_data(code="RC"))
    assert form.is_valid(), form.errors
    SiteFactory(code="RC")  # someone else saved the same code in the meantime

    with pytest.raises(ValidationError) as refused:
        services.save_site(admin, form)

    assert refused.value.message_dict == {"code": ["Ce code court est déjà utilisé par un autre espace."]}
    assert Site.objects.filter(code="RC").count() == 1


def test_the_view_shows_that_message_next_to_the_code(client_as, monkeypatch):
    client = client_as("network_admin")
    original = SiteForm.validate_unique
    monkeypatch.setattr(SiteForm, "validate_unique", lambda self: (original(self), SiteFactory(code="RC"))[0])

    response = client.post("/reseau/espaces/nouveau/", site_data(code="RC"))

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Ce code court est déjà utilisé par un autre espace."]


def test_a_partner_is_saved_through_its_service(make_user):
    form = PartnerOrganisationForm(data=partner_data())
    assert form.is_valid(), form.errors

    partner = services.save_partner(make_user("network_admin"), form)

    assert PartnerOrganisation.objects.get(pk=partner.pk).kind == "ML"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_admins_creating_sites_with_the_same_code_at_once_get_one_site_and_one_message(make_user):
    admins = [make_user("network_admin"), make_user("network_admin")]
    barrier = threading.Barrier(2)
    outcomes = []

    def worker(admin, name):
        try:
            form = SiteForm(data=site_data(code="DUO", name=name))
            assert form.is_valid(), form.errors
            barrier.wait(timeout=10)
            services.save_site(admin, form)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.message_dict["code"][0])
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(admin, f"Espace {i}")) for i, admin in enumerate(admins)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["Ce code court est déjà utilisé par un autre espace.", "saved"]
    assert Site.objects.filter(code="DUO").count() == 1
