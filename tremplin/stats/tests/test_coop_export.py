"""Activities in the Coop API v1 layout: columns, national values, opaque ids, no personal data."""

import csv
import io
import uuid
from datetime import date

import pytest
from openpyxl import load_workbook

from tremplin.activities.models import Activity
from tremplin.people.models import Beneficiary
from tremplin.stats import coop_export

pytestmark = pytest.mark.django_db

# The required attributes of `Activite` in the Coop's API v1 (api-v1.openapi.json of the shared standards).
COOP_ACTIVITE_ATTRIBUTES = [
    "type",
    "mediateur_id",
    "accompagnements",
    "date",
    "duree",
    "type_lieu",
    "structure_id",
    "lieu_code_postal",
    "lieu_commune",
    "lieu_code_insee",
    "creation",
    "modification",
    "suppression",
    "autonomie",
    "oriente_vers_structure",
    "structure_de_redirection",
    "materiel",
    "thematiques",
    "tags",
    "precisions_demarche",
    "titre_atelier",
    "niveau_atelier",
]


@pytest.fixture
def activities(site, make_user):
    mediator = make_user("mediator", full_name="Camille Martin", email="camille@example.org")
    person = Beneficiary.objects.create(first_name="Awa", last_name="Diallo", birth_year=1950)
    person.sites.add(site)
    individual = Activity.objects.create(
        site=site,
        recorded_by=mediator,
        date=date(2026, 3, 2),
        kind="individuel",
        duration=45,
        thematiques=["email", "aide_aux_demarches_administratives", "logement"],
        equipment=["telephone"],
        autonomy="partiellement_autonome",
        redirected_to="administration",
        place="domicile",
        place_postal_code="69007",
        place_commune="Lyon",
        beneficiary=person,
    )
    workshop = Activity.objects.create(
        site=site,
        recorded_by=mediator,
        date=date(2026, 3, 5),
        kind="collectif",
        duration=120,
        thematiques=["navigation_sur_internet"],
        equipment=["ordinateur", "tablette"],
        title="Découvrir Internet",
        level="debutant",
        place="lieu_activite",
        participant_count=7,
    )
    workshop.participants.set([person])
    return mediator, person, individual, workshop


def test_columns_are_the_coop_activite_attributes():
    assert list(coop_export.COLUMNS) == ["id", *COOP_ACTIVITE_ATTRIBUTES]


def test_rows_carry_the_national_values(activities, site):
    mediator, _person, individual, workshop = activities
    rows = list(coop_export.coop_rows(Activity.objects.all()))
    assert [row["id"] for row in rows] == [str(individual.uuid), str(workshop.uuid)]
    first, second = rows
    assert first["type"] == "individuel" and first["accompagnements"] == 1 and first["duree"] == 45
    assert first["date"] == "2026-03-02"
    assert (first["type_lieu"], first["structure_id"]) == ("domicile", None)
    # Lyon 7e: the INSEE code of Lyon 7e Arrondissement.
    assert (first["lieu_code_postal"], first["lieu_commune"], first["lieu_code_insee"]) == ("69007", "Lyon", "69387")
    assert first["autonomie"] == "partiellement_autonome"
    assert (first["oriente_vers_structure"], first["structure_de_redirection"]) == (True, "administration")
    assert first["thematiques"] == ["email", "aide_aux_demarches_administratives", "logement"]
    assert first["titre_atelier"] is None and first["niveau_atelier"] is None
    assert first["creation"].endswith("Z")
    assert second["type"] == "collectif" and second["accompagnements"] == 7 and second["duree"] == 120
    assert second["structure_id"] == str(uuid.uuid5(coop_export.NAMESPACE, f"structure:{site.pk}"))
    assert second["lieu_code_postal"] is None and second["lieu_code_insee"] is None
    assert (second["titre_atelier"], second["niveau_atelier"]) == ("Découvrir Internet", "debutant")
    assert second["autonomie"] is None and second["oriente_vers_structure"] is None
    assert second["materiel"] == ["ordinateur", "tablette"]
    # The mediator is an opaque UUID, stable, and neither the account's id nor its own uuid.
    assert first["mediateur_id"] == second["mediateur_id"]
    assert first["mediateur_id"] not in (str(mediator.pk), str(mediator.uuid))
    uuid.UUID(first["mediateur_id"])


def test_the_json_record_is_the_coop_api_object(activities):
    row = next(coop_export.coop_rows(Activity.objects.all()))
    record = coop_export.coop_record(row)
    assert record["type"] == "activite" and record["id"] == row["id"]
    assert "id" not in record["attributes"] and record["attributes"]["duree"] == 45


def test_csv_and_xlsx_hold_the_rows_without_personal_data(activities):
    mediator, person, _individual, _workshop = activities
    rows = list(coop_export.coop_rows(Activity.objects.all()))
    data = coop_export.csv_bytes(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == list(coop_export.COLUMNS)
    assert len(lines) == 3
    header = lines[0]
    assert lines[1][header.index("materiel")] == "telephone"
    assert lines[2][header.index("materiel")] == "ordinateur,tablette"
    assert lines[1][header.index("oriente_vers_structure")] == "true"
    workbook = load_workbook(io.BytesIO(coop_export.xlsx_bytes(rows)))
    sheet = workbook.active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == list(coop_export.COLUMNS)
    assert values[2][header.index("accompagnements")] == 7
    text = data.decode("utf-8-sig") + repr(values)
    for personal in ("Awa", "Diallo", "Camille", "Martin", "camille@example.org", str(person.pk), str(mediator.uuid)):
        assert personal not in text
