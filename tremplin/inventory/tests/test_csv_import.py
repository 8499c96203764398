from tremplin.inventory.models import Device
from tremplin.inventory.services.imports import COLUMNS, template_csv, validate_csv

from .factories import DeviceFactory, valid_imei

HEADER = ";".join(COLUMNS)


def csv_of(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


def errors_by_line(result):
    return {line: " ".join(messages) for line, messages in result.errors}


def test_a_valid_file_gives_one_row_per_device(db):
    result = validate_csv(
        csv_of(
            "ordinateur portable;Dell;Latitude 5490;ABC123;;i5;8;256;14;Windows 11;80;bon état;",
            f"smartphone;Samsung;Galaxy A40;;{valid_imei()};;4;64;5,9;Android;88;comme neuf;rayure",
            "PC;HP;EliteBook 840;HP840X;;;;;;;;;",
        )
    )
    assert result.ok, result.errors
    assert [row["category"] for row in result.rows] == ["laptop", "smartphone", "laptop"]
    assert result.rows[1]["cosmetic_condition"] == "excellent"
    assert str(result.rows[1]["screen_inches"]) == "5.9"


def test_bad_rows_are_all_reported_and_nothing_is_valid(db):
    DeviceFactory(serial_number="ALREADY1")
    bad_imei = valid_imei()[:-1] + str((int(valid_imei()[-1]) + 1) % 10)
    result = validate_csv(
        csv_of(
            f"smartphone;Apple;iPhone 8;;{bad_imei};;;;;;;;",  # line 2: invalid IMEI (Luhn)
            "ordinateur portable;Dell;E7450;ALREADY1;;;;;;;;;",  # line 3: serial already in the database
            "grille-pain;Moulinex;X;TOAST1;;;;;;;;;",  # line 4: unknown category
            "tablette;;Tab A;TAB1;;;;;;;;;",  # line 5: missing brand
            "ordinateur fixe;Dell;Optiplex;DUP1;;;;;;;;;",  # line 6: fine…
            "ordinateur fixe;Dell;Optiplex;dup1;;;;;;;;;",  # line 7: …but duplicated here (case-insensitive)
            "écran;Dell;P2219;;;;;;;;;;",  # line 8: neither serial nor IMEI
        )
    )
    assert not result.ok
    errors = errors_by_line(result)
    assert set(errors) == {2, 3, 4, 5, 7, 8}
    assert "Luhn" in errors[2]
    assert "numéro de série" in errors[3]
    assert "Catégorie inconnue" in errors[4] and "grille-pain" in errors[4]
    assert "Marque" in errors[5]
    assert "ligne 6" in errors[7]
    assert "numéro de série ou l'IMEI" in errors[8]


def test_missing_columns_are_reported(db):
    result = validate_csv("marque;modele\nDell;X\n")
    assert not result.ok
    assert "categorie" in result.errors[0][1][0]


def test_an_empty_file_is_refused(db):
    assert not validate_csv(HEADER + "\n").ok


def test_the_template_validates(db):
    assert validate_csv(template_csv()).ok


def test_the_import_view_saves_nothing_when_one_row_is_bad(client_as, site):
    client = client_as("site_manager")
    content = csv_of("ordinateur portable;Dell;A;S1;;;;;;;;;", "ordinateur portable;;B;S2;;;;;;;;;")
    response = client.post("/materiel/appareils/import/", {"site": site.pk, "content": content, "confirm": "1"})
    assert response.status_code == 200
    assert "rien n'a été enregistré" in response.content.decode()
    assert Device.objects.count() == 0


def test_the_import_view_previews_then_saves_all_rows(client_as, site):
    client = client_as("mediator")
    content = csv_of("ordinateur portable;Dell;A;S1;;;;;;;;;", "tablette;Lenovo;Tab;S2;;;;;;;;;")
    preview = client.post("/materiel/appareils/import/", {"site": site.pk, "content": content})
    assert preview.status_code == 200 and "prêts à enregistrer" in preview.content.decode()
    assert Device.objects.count() == 0
    response = client.post("/materiel/appareils/import/", {"site": site.pk, "content": content, "confirm": "1"})
    assert response.status_code == 302
    assert sorted(Device.objects.values_list("serial_number", flat=True)) == ["S1", "S2"]


def test_the_csv_template_downloads(client_as):
    response = client_as("mediator").get("/materiel/appareils/import/modele.csv")
    assert response.status_code == 200 and response.content.decode().startswith("categorie;")
