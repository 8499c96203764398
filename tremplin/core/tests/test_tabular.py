"""The one reader behind every import: files as Excel and LibreOffice really write them."""

import io
import zipfile
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tremplin.core.tabular import UnreadableTable, decimal_comma, read_table, read_upload, sniff_delimiter, to_csv_text

# What French Excel writes for "CSV (séparateur : point-virgule)": Windows-1252, CRLF, semicolons.
# é = 0xE9, € = 0x80, œ = 0x9C, è = 0xE8.
EXCEL_FR_CP1252 = (
    b"marque;remarques\r\nDell;\xe9cran ray\xe9, c\x9cur d'\xe9tat 120 \x80\r\nHP;mod\xe8le \xab pro \xbb\r\n"
)


def xlsx_bytes(rows, title=None):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_windows_1252_file_from_french_excel_is_read_with_its_accents_euro_and_oe():
    assert read_table(EXCEL_FR_CP1252) == [
        ["marque", "remarques"],
        ["Dell", "écran rayé, cœur d'état 120 €"],
        ["HP", "modèle « pro »"],
    ]


def test_a_utf8_file_with_a_byte_order_mark_loses_the_mark():
    data = "\ufeffmarque;modèle\nDell;Précision\n".encode()
    assert read_table(data) == [["marque", "modèle"], ["Dell", "Précision"]]


def test_a_utf8_file_without_a_byte_order_mark_is_read_as_utf8():
    assert read_table("marque,modèle\nDell,Œuvre\n".encode()) == [["marque", "modèle"], ["Dell", "Œuvre"]]


def test_excel_unicode_text_in_utf16_with_tabs_is_read():
    data = "marque\tmodèle\r\nDell\tŒuvre €\r\n".encode("utf-16")  # with its byte-order mark
    assert read_table(data) == [["marque", "modèle"], ["Dell", "Œuvre €"]]


@pytest.mark.parametrize(
    "first_line,expected",
    [
        ("categorie;marque;modele", ";"),
        ("categorie,marque,modele", ","),
        ("categorie\tmarque\tmodele", "\t"),
        ('"Dell, Inc.";"Latitude, 14 pouces";X', ";"),  # commas inside quotes do not count
        ("code", ","),  # one column: any separator reads it
    ],
)
def test_the_separator_is_the_one_the_first_line_uses(first_line, expected):
    assert sniff_delimiter(first_line + "\nvaleur\n") == expected


def test_amounts_in_cents_are_written_with_the_french_decimal_comma():
    assert decimal_comma(1250) == "12,50"
    assert decimal_comma(-5) == "-0,05"
    assert decimal_comma(123456) == "1234,56"  # no thousands separator


def test_a_decimal_comma_in_a_semicolon_file_stays_in_its_cell():
    assert read_table(b"ecran;ram\r\n5,9;4\r\n") == [["ecran", "ram"], ["5,9", "4"]]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused_with_a_message():
    with pytest.raises(UnreadableTable, match="encodage"):
        read_table(b"marque\n\x81\x8d\x90\n")


def test_an_xlsx_workbook_built_by_openpyxl_is_read_as_text_cells():
    data = xlsx_bytes(
        [
            ["categorie", "marque", "imei", "ecran_pouces", "recu_le", "remarques"],
            ["smartphone", "Samsung", 356938035643809, 5.9, datetime(2026, 3, 2), "cœur €"],
            ["tablette", None, 356938035643809.0, 10, date(2026, 3, 2), None],
            [None, None, None],  # formatted but empty rows that Excel keeps at the end
        ]
    )
    assert read_table(data) == [
        ["categorie", "marque", "imei", "ecran_pouces", "recu_le", "remarques"],
        ["smartphone", "Samsung", "356938035643809", "5.9", "2026-03-02", "cœur €"],
        ["tablette", "", "356938035643809", "10", "2026-03-02"],
    ]


def test_the_sheet_open_when_the_workbook_was_saved_is_the_one_read():
    workbook = Workbook()
    workbook.active.append(["autre"])
    codes = workbook.create_sheet("Codes")
    codes.append(["code"])
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(buffer.getvalue()) == [["code"]]


def test_an_old_xls_a_zip_that_is_not_a_workbook_and_a_broken_workbook_are_refused_with_messages():
    with pytest.raises(UnreadableTable, match=r"\.xls\)"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("photo.txt", "x")
    with pytest.raises(UnreadableTable, match="pas un classeur Excel"):
        read_table(archive.getvalue())
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as handle:
        handle.writestr("xl/workbook.xml", "<pas du xml")
    with pytest.raises(UnreadableTable, match="ne peut pas être lu"):
        read_table(broken.getvalue())


def test_a_binary_file_is_refused_and_a_huge_field_names_its_line():
    with pytest.raises(UnreadableTable, match="pas un fichier texte"):
        read_table(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(UnreadableTable) as refused:
        read_table(("code\n" + "x" * 200_000 + "\n").encode())
    assert (refused.value.line, refused.value.reason) == (2, "Ligne illisible : ce fichier n'est pas un CSV valide.")
    assert refused.value.messages == ["Ligne illisible : ce fichier n'est pas un CSV valide. (ligne 2)"]


def test_an_upload_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(UnreadableTable, match="Le fichier dépasse 500 Ko"):
        read_upload(SimpleUploadedFile("codes.csv", b"x" * 500_001), max_bytes=500_000)
    assert read_upload(SimpleUploadedFile("codes.xlsx", xlsx_bytes([["code"]])), max_bytes=500_000) == [["code"]]


def test_rows_written_back_as_csv_text_read_the_same():
    rows = [["marque", "remarques"], ["Dell", 'écran "mat"; 14,1 pouces']]
    assert read_table(to_csv_text(rows)) == rows
