"""Junk ids in addresses and forms get a 404 or a message next to the field, never a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tremplin.inventory.models import ConnectivityProduct, Device, RechargeCode, Transfer
from tremplin.inventory.services.connectivity import parse_codes
from tremplin.inventory.services.imports import validate_csv

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


# One field longer than the csv module accepts (131 072 characters): csv.Error, which used to be a 500.
HUGE_FIELD = "x" * 200_000


def test_a_code_file_with_a_huge_field_is_refused_with_a_message(db):
    codes, errors = parse_codes(f"code\n{HUGE_FIELD}\n")
    assert codes == []
    assert [message for _line, _masked, message in errors] == ["Ligne illisible : ce fichier n'est pas un CSV valide."]


def test_a_device_file_with_a_huge_field_is_refused_with_a_message(db):
    result = validate_csv(f"categorie;marque;modele\nportable;{HUGE_FIELD};X1\n")
    assert not result.ok
    assert result.errors[0][1] == ["Ligne illisible : ce fichier n'est pas un CSV valide."]


def test_the_import_pages_answer_a_huge_field_with_a_message_and_save_nothing(client_as, site):
    product = ConnectivityProduct.objects.create(
        kind="recharge", operator="Opérateur", name="Recharge 5 €", face_value=5, solidarity_price=1
    )
    manager = client_as("site_manager")
    upload = SimpleUploadedFile("codes.csv", HUGE_FIELD.encode())
    response = manager.post(url("code_import"), {"product": product.pk, "site": site.pk, "file": upload})
    assert response.status_code == 200
    assert "Ligne illisible" in response.content.decode()
    upload = SimpleUploadedFile("appareils.csv", HUGE_FIELD.encode())
    response = manager.post(url("device_import"), {"site": site.pk, "file": upload})
    assert response.status_code == 200
    assert not RechargeCode.objects.exists() and not Device.objects.exists()
