"""Both imports (devices, recharge codes) take files as spreadsheets save them: French Excel's
Windows-1252 with semicolons, UTF-8 with a byte-order mark, tabs, and .xlsx workbooks."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tremplin.inventory.models import Device, RechargeCode
from tremplin.inventory.services import crypto
from tremplin.inventory.services.connectivity import parse_codes
from tremplin.inventory.services.imports import COLUMNS, validate_csv

from .factories import recharge_product, valid_imei

DEVICE_URL = "/materiel/appareils/import/"
CODE_URL = "/materiel/connectivite/codes/import/"
CODES = ["1234567890123456", "9876543210987654", "1111222233334444"]

# "CSV (séparateur : point-virgule)" from French Excel: Windows-1252 (é = 0xE9, è = 0xE8, € = 0x80,
# œ = 0x9C), CRLF line ends, accented headers as a person would type them.
EXCEL_FR_DEVICES = (
    b"Cat\xe9gorie;Marque;Mod\xe8le;Num\xe9ro s\xe9rie;IMEI;Processeur;RAM Go;Stockage Go;\xc9cran pouces;"
    b"Syst\xe8me;Batterie pct;\xc9tat;Remarques\r\n"
    b"ordinateur portable;Dell;Latitude 5490;ABC123;;i5;8;256;14;Windows 11;80;bon \xe9tat;"
    b"\x9cillet du clavier us\xe9, valeur 120 \x80\r\n"
    b"Smartphone;Samsung;Galaxy A40;;" + valid_imei().encode() + b";;4;64;5,9;Android;88;comme neuf;\r\n"
)


def xlsx_upload(rows, name="appareils.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_french_excel_semicolon_file_in_windows_1252_validates_with_its_letters(db):
    result = validate_csv(EXCEL_FR_DEVICES)
    assert result.ok, result.errors
    assert [row["category"] for row in result.rows] == ["laptop", "smartphone"]
    assert result.rows[0]["condition_notes"] == "œillet du clavier usé, valeur 120 €"
    assert str(result.rows[1]["screen_inches"]) == "5.9"


def test_the_device_import_page_previews_then_saves_a_windows_1252_file(client_as, site):
    client = client_as("site_manager")
    upload = SimpleUploadedFile("appareils.csv", EXCEL_FR_DEVICES, content_type="text/csv")
    preview = client.post(DEVICE_URL, {"site": site.pk, "file": upload})
    assert preview.status_code == 200 and "2 appareils prêts à enregistrer" in preview.text
    content = preview.context["form"].initial["content"]
    response = client.post(DEVICE_URL, {"site": site.pk, "content": content, "confirm": "1"})
    assert response.status_code == 302
    laptop = Device.objects.get(serial_number="ABC123")
    assert laptop.condition_notes == "œillet du clavier usé, valeur 120 €"
    assert Device.objects.filter(imei=valid_imei()).exists()


def test_the_device_import_page_reads_a_utf8_file_with_a_byte_order_mark_and_commas(client_as, site):
    text = "\ufeff" + ",".join(COLUMNS) + "\r\ntablette,Lenovo,Tab M10,TAB001,,,,,,,,bon état,écran rayé\r\n"
    upload = SimpleUploadedFile("appareils.csv", text.encode())
    response = client_as("mediator").post(DEVICE_URL, {"site": site.pk, "file": upload})
    assert response.status_code == 200 and "1 appareil prêt à enregistrer" in response.text


def test_the_device_import_page_reads_an_xlsx_workbook_with_numbers_as_excel_stores_them(client_as, site):
    imei = int(valid_imei())
    upload = xlsx_upload(
        [
            list(COLUMNS),
            ["smartphone", "Apple", "iPhone 8", None, imei, None, 2, 64, 4.7, "iOS", 85, "bon état", "cœur €"],
            ["ordinateur fixe", "HP", "EliteDesk", "CZC123", None, "i3", 8, 256, None, None, None, None, None],
        ]
    )
    client = client_as("site_manager")
    preview = client.post(DEVICE_URL, {"site": site.pk, "file": upload})
    assert preview.status_code == 200 and "2 appareils prêts à enregistrer" in preview.text
    content = preview.context["form"].initial["content"]
    assert client.post(DEVICE_URL, {"site": site.pk, "content": content, "confirm": "1"}).status_code == 302
    phone = Device.objects.get(imei=str(imei))
    assert (phone.storage_gb, str(phone.screen_inches), phone.condition_notes) == (64, "4.7", "cœur €")


def test_the_device_import_page_refuses_an_unreadable_file_with_a_message(client_as, site):
    upload = SimpleUploadedFile("appareils.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    response = client_as("site_manager").post(DEVICE_URL, {"site": site.pk, "file": upload})
    assert response.status_code == 200 and "ancien format Excel" in response.text
    assert not Device.objects.exists()


def test_recharge_codes_are_read_from_windows_1252_semicolon_files_with_a_header(db):
    data = b"Code;Op\xe9rateur;Montant\r\n" + b"".join(code.encode() + b";Orange;5 \x80\r\n" for code in CODES)
    codes, errors = parse_codes(data)
    assert errors == [] and codes == CODES


def test_recharge_codes_are_read_from_an_xlsx_workbook_even_when_excel_stores_them_as_numbers(client_as, site):
    product = recharge_product()
    upload = xlsx_upload([["code"], [int(CODES[0])], [float(CODES[1])], [CODES[2]]], name="codes.xlsx")
    response = client_as("site_manager").post(CODE_URL, {"product": product.pk, "site": site.pk, "file": upload})
    assert response.status_code == 302
    stored = {crypto.decrypt(code.encrypted_code) for code in RechargeCode.objects.all()}
    assert stored == set(CODES)


def test_recharge_codes_are_read_from_a_utf8_file_with_a_byte_order_mark(client_as, site):
    product = recharge_product()
    upload = SimpleUploadedFile("codes.csv", ("\ufeffcode\r\n" + "\r\n".join(CODES) + "\r\n").encode())
    response = client_as("site_manager").post(CODE_URL, {"product": product.pk, "site": site.pk, "file": upload})
    assert response.status_code == 302 and RechargeCode.objects.count() == 3


def test_the_excel_template_downloads_and_validates(client_as):
    response = client_as("mediator").get("/materiel/appareils/import/modele.xlsx")
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    assert validate_csv(response.content).ok
