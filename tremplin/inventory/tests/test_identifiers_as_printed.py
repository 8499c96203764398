"""IMEI, asset tags and recharge codes are accepted as phones, labels and operators print them."""

import re

import pytest
from django.urls import reverse

from tremplin.inventory.forms import DeviceForm
from tremplin.inventory.services.connectivity import parse_codes
from tremplin.inventory.services.imports import COLUMNS, validate_csv

from .factories import DeviceFactory

# The usual example IMEI (TAC 35209900, serial number 176148); its check digit by the Luhn rule of
# 3GPP TS 23.003 (annex B) is 1.
IMEI = "352099001761481"


def device_data(**overrides):
    data = {
        "category": "smartphone",
        "brand": "Samsung",
        "model_name": "Galaxy A40",
        "serial_number": "",
        "imei": IMEI,
        "cosmetic_condition": "good",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "printed", ["35 209900 176148 1", "352099-00-176148-1", "35-209900-176148-1", "352099 00 176148 1"]
)
def test_an_imei_as_phones_display_it_is_accepted_and_stored_as_fifteen_digits(db, printed):
    form = DeviceForm(data=device_data(imei=printed))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["imei"] == IMEI


def test_a_csv_import_takes_the_imei_as_printed(db):
    row = dict.fromkeys(COLUMNS, "") | {
        "categorie": "smartphone",
        "marque": "Samsung",
        "modele": "Galaxy A40",
        "imei": "35 209900 176148 1",
    }
    text = ";".join(COLUMNS) + "\n" + ";".join(row[column] for column in COLUMNS) + "\n"

    result = validate_csv(text)

    assert result.ok, result.errors
    assert result.rows[0]["imei"] == IMEI


def test_the_reception_form_does_not_cut_a_printed_imei(client_as):
    html = client_as("mediator").get(reverse("inventory:device_receive")).content.decode()

    imei_input = re.search(r'<input[^>]*name="imei"[^>]*>', html)[0]
    assert int(re.search(r'maxlength="(\d+)"', imei_input)[1]) >= len("352099-00-176148-1")


@pytest.mark.parametrize("typed", ["LYT-PC-2026-00042", "lyt pc 2026 00042", "LYTPC202600042", "LYT-PC-2026-42"])
def test_an_asset_tag_is_found_however_its_separators_are_typed(site, typed):
    device = DeviceFactory(site=site, asset_tag="LYT-PC-2026-00042")

    assert list(type(device).objects.find_by_label(typed)) == [device]


def test_an_imei_typed_with_dashes_finds_the_device(site):
    device = DeviceFactory(site=site, category="smartphone", imei=IMEI)

    assert list(type(device).objects.find_by_label("352099-00-176148-1")) == [device]


def test_recharge_codes_keep_no_separator_of_the_printed_list(db):
    codes, errors = parse_codes("code\n1234.5678.9012.3456\n9876\u00a05432\u00a01098\u00a07654\n")

    assert errors == []
    assert codes == ["1234567890123456", "9876543210987654"]


@pytest.mark.parametrize("typed", ["c02xk1abjg5h", "C02X-K1AB-JG5H", " C02X K1AB JG5H "])
def test_a_serial_number_is_found_in_any_case_and_with_or_without_its_separators(site, typed):
    device = DeviceFactory(site=site, serial_number="C02X-K1AB-JG5H")

    assert list(type(device).objects.find_by_label(typed)) == [device]


def test_the_lookup_keys_follow_every_save_of_the_tag_and_the_serial(site):
    device = DeviceFactory(site=site, asset_tag="LYT-PC-2026-00007", serial_number="sn-001")
    assert (device.asset_tag_key, device.serial_key) == ("LYTPC202600007", "SN001")

    device.serial_number = "SN 002"
    device.save(update_fields=["serial_number"])
    device.refresh_from_db()

    assert device.serial_key == "SN002"
    assert list(type(device).objects.find_by_label("sn-002")) == [device]
    assert list(type(device).objects.find_by_label("sn-001")) == []


def test_an_empty_or_blank_label_finds_nothing_not_every_device_without_a_serial(site):
    DeviceFactory(site=site, serial_number="")

    assert list(DeviceFactory._meta.model.objects.find_by_label(" - ")) == []
