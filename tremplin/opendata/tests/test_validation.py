"""CI validation of the open-data exports of the DEMO data with the official tools.

- lieux.csv: frictionless (Table Schema) against the bundled "Lieux de médiation numérique" schema, plus
  each multi-value checked on its own against the schema's list (the published patterns are not anchored
  at the start, so a JSON-Schema-style search would accept "junk|Fixe"; we hold ourselves to the list);
  opening hours parsed by opening-hours-py (the schema does not check them).
- data·inclusion structures.json and services.json: jsonschema's Draft 2020-12 validator with format checks,
  item by item (the published schemas describe one object).

frictionless takes about a second to import: it is imported here only, in this one module.
"""

import csv
import json
import re

import frictionless
import jsonschema
import opening_hours
import pytest

from tremplin.opendata import data_inclusion, lieux

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _csv_field_size_limit():
    """frictionless raises the csv module's field size limit for the whole process when it loads its CSV
    parser; the inventory imports rely on the default limit to refuse a huge field: put it back."""
    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)


def _enumeration(pattern):
    """The alternatives of a "(?:(?:^|\\|)(A|B|…))+$" pattern, unescaped."""
    inner = re.search(r"\\\|\)\((.*)\)\)\+\$$", pattern)
    return {re.sub(r"\\(.)", r"\1", value) for value in re.split(r"(?<!\\)\|", inner.group(1))}


def test_demo_exports_validate_against_the_national_schemas(demo_data, db, client, tmp_path, monkeypatch):
    problems = []

    # --- lieux.csv with frictionless ---
    response = client.get("/donnees/lieux.csv")
    assert response.status_code == 200
    monkeypatch.chdir(tmp_path)  # frictionless reads only files under the current directory
    (tmp_path / "lieux.csv").write_bytes(response.content)
    (tmp_path / "schema.json").write_text(lieux.SCHEMA_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    report = frictionless.validate("lieux.csv", schema="schema.json")
    if not report.valid:
        problems += [f"lieux.csv: {error}" for error in report.flatten(["rowNumber", "fieldName", "message"])]
    rows = list(json.loads(client.get("/donnees/lieux.json").content))
    assert len(rows) == 3, "the demo has three open sites"
    assert response.content.decode().splitlines()[0].split(",") == lieux.columns()

    # --- each multi-value on its own, and the opening hours ---
    fields = {f["name"]: f for f in lieux.schema()["fields"]}
    for row in rows:
        assert list(row) == lieux.columns()
        for name, field in fields.items():
            pattern = field.get("constraints", {}).get("pattern", "")
            if pattern.startswith("(?:(?:^|\\|)(") and row[name]:
                allowed = _enumeration(pattern)
                problems += [f"{row['id']}.{name}: {v!r}" for v in row[name].split("|") if v not in allowed]
        if row["horaires"]:
            try:
                opening_hours.OpeningHours(row["horaires"])
            except Exception as error:  # the library's ParserError
                problems.append(f"{row['id']}.horaires: {error}")

    # --- data·inclusion with a JSON Schema 2020-12 validator ---
    for url, schema_file in [
        ("/donnees/data-inclusion/structures.json", data_inclusion.STRUCTURE_SCHEMA_FILE),
        ("/donnees/data-inclusion/services.json", data_inclusion.SERVICE_SCHEMA_FILE),
    ]:
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        items = json.loads(client.get(url).content)
        assert len(items) == 3
        for item in items:
            problems += [f"{url} {item['id']}: {e.json_path}: {e.message}" for e in validator.iter_errors(item)]

    assert not problems, "\n".join(problems)


def test_the_validator_does_catch_a_bad_export(tmp_path, monkeypatch):
    """The check above is not vacuous: a wrong postal code and an unknown service fail frictionless."""
    monkeypatch.chdir(tmp_path)
    header = ",".join(lieux.columns())
    values = dict.fromkeys(lieux.columns(), "")
    values.update(
        id="x-1",
        pivot="00000000000000",
        nom="Lieu",
        commune="Lyon",
        code_postal="690",
        adresse="1 rue",
        date_maj="2026-11-30",
        services="Cuisine",
    )
    (tmp_path / "bad.csv").write_text(header + "\n" + ",".join(values[n] for n in lieux.columns()) + "\n")
    (tmp_path / "schema.json").write_text(lieux.SCHEMA_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    report = frictionless.validate("bad.csv", schema="schema.json")
    failing = {error[1] for error in report.flatten(["rowNumber", "fieldName"])}
    assert failing == {"code_postal", "services"}
