"""Junk ids in addresses and forms get a 404 or a message next to the field, never a server error."""

import pytest
from django.urls import reverse

from tremplin.inventory.models import Transfer

from .factories import DeviceFactory

JUNK_IDS = ["99999999999999999999", "²"]


def url(name, *args):
    return reverse(f"inventory:{name}", args=args)


@pytest.mark.parametrize("junk", JUNK_IDS)
def test_the_device_list_ignores_a_site_filter_that_is_not_an_id(client_as, site, junk):
    DeviceFactory(site=site, model_name="Portable visible")
    response = client_as("volunteer").get(url("device_list"), {"site": junk})
    assert response.status_code == 200
    assert "Portable visible" in response.content.decode()


@pytest.mark.parametrize("junk", JUNK_IDS)
def test_labels_for_a_device_id_that_is_not_one_are_not_found(client_as, junk):
    assert client_as("volunteer").get(url("labels"), {"device": junk}).status_code == 404


@pytest.mark.parametrize("junk", JUNK_IDS)
def test_a_transfer_from_a_site_id_that_is_not_one_is_not_found(client_as, junk):
    assert client_as("site_manager").get(url("transfer_create"), {"from": junk}).status_code == 404


@pytest.mark.parametrize("junk", JUNK_IDS)
def test_a_junk_device_id_in_a_transfer_is_refused_next_to_the_field(client_as, site, other_site, junk):
    device = DeviceFactory(site=site)
    response = client_as("site_manager").post(
        url("transfer_create"), {"from": site.pk, "to_site": other_site.pk, "devices": [device.pk, junk]}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Transfer.objects.exists()


def test_a_nul_character_in_the_device_search_is_dropped(client_as, site):
    DeviceFactory(site=site, model_name="Portable visible")
    response = client_as("volunteer").get(url("device_list"), {"q": "Portable\x00", "status": "\x00"})
    assert response.status_code == 200
    assert "Portable visible" in response.content.decode()
