"""Activities in the national Coop's layout (Coop de la médiation numérique, API v1 `Activite`).

So that a network can load its activity records into the national tool, every activity becomes one row whose
columns are the attribute names of the Coop's public API v1 (`api-v1.openapi.json`, schema `Activite`),
with the national enumeration values (the activities room already stores them). The same rows feed:

- `coop_rows(activities)`: a generator of dicts (COLUMNS order), Python values (lists, booleans, None);
- `coop_record(row)`: the JSON:API object of the Coop API (`{"type": "activite", "id", "attributes"}`),
  for the API room;
- `csv_bytes(rows)` / `xlsx_bytes(rows)`: files (CSV in the house convention: UTF-8 with BOM, ";").

No personal data: the Coop's activity carries no person (its beneficiaries are a separate resource, which we
do not export). Identifiers are opaque: the activity's own random UUID; the mediator as a UUID derived from
their account's random UUID (`mediateur_id`, stable from one export to the next, not the account's id);
the site as a UUID derived from its id (`structure_id`, see `structure_uuid`). The workshop title is the
activity's free text as typed by staff (the Coop carries it too).
"""

import csv
import io
import uuid
from datetime import UTC

from tremplin.activities import choices
from tremplin.network.communes import match_commune

# Namespace of Tremplin's derived identifiers in Coop exports (fixed forever: ids must stay stable).
NAMESPACE = uuid.UUID("6f1c2f0e-5b1d-4c47-9a57-0c3f2f8a4e11")

# The attributes of the Coop API v1 `Activite` schema, in its order, with `id` first.
COLUMNS = (
    "id",
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
)
LIST_COLUMNS = ("materiel", "thematiques", "tags")
# How lists are written in one CSV/XLSX cell: national values never contain a comma.
LIST_SEPARATOR = ","


def structure_uuid(site_id):
    """The Coop `structure_id` of a site: a UUID derived from its id (the same in every export)."""
    return str(uuid.uuid5(NAMESPACE, f"structure:{site_id}"))


def mediator_uuid(user_uuid):
    """The Coop `mediateur_id` of a staff account: derived from the account's random UUID, not its id."""
    return str(uuid.uuid5(NAMESPACE, f"mediateur:{user_uuid}"))


def _iso_utc(moment):
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _insee(postal_code, commune):
    if not postal_code or not commune:
        return None
    found = match_commune(postal_code, commune)
    return found[0] if found else None


FIELDS = (
    "uuid",
    "kind",
    "recorded_by__uuid",
    "participant_count",
    "date",
    "duration",
    "place",
    "site_id",
    "place_postal_code",
    "place_commune",
    "created_at",
    "updated_at",
    "autonomy",
    "redirected_to",
    "equipment",
    "thematiques",
    "title",
    "level",
)


def coop_row(values):
    """One activity (a dict of FIELDS, as `.values(*FIELDS)` gives it) in the Coop layout."""
    individual = values["kind"] == choices.INDIVIDUAL
    collective = values["kind"] == choices.COLLECTIVE
    at_site = values["place"] == choices.AT_SITE
    postal_code = None if at_site else (values["place_postal_code"] or None)
    commune = None if at_site else (values["place_commune"] or None)
    return {
        "id": str(values["uuid"]),
        "type": values["kind"],
        "mediateur_id": mediator_uuid(values["recorded_by__uuid"]),
        "accompagnements": values["participant_count"],
        "date": values["date"].isoformat(),
        "duree": values["duration"],
        "type_lieu": values["place"],
        "structure_id": structure_uuid(values["site_id"]) if at_site else None,
        "lieu_code_postal": postal_code,
        "lieu_commune": commune,
        "lieu_code_insee": _insee(postal_code, commune),
        "creation": _iso_utc(values["created_at"]),
        "modification": _iso_utc(values["updated_at"]),
        "suppression": None,  # deleted records are gone from Tremplin, never exported
        "autonomie": (values["autonomy"] or None) if individual else None,
        "oriente_vers_structure": bool(values["redirected_to"]) if individual else None,
        "structure_de_redirection": (values["redirected_to"] or None) if individual else None,
        "materiel": list(values["equipment"] or []),
        "thematiques": list(values["thematiques"] or []),
        "tags": [],
        "precisions_demarche": None,
        "titre_atelier": (values["title"] or None) if collective else None,
        "niveau_atelier": (values["level"] or None) if collective else None,
    }


def coop_rows(activities):
    """Rows (dicts in COLUMNS order) for an Activity queryset, read in chunks (large exports stay flat)."""
    for values in activities.order_by("date", "pk").values(*FIELDS).iterator(chunk_size=2000):
        yield coop_row(values)


def coop_record(row):
    """A row as the Coop API v1 JSON:API object."""
    attributes = {name: value for name, value in row.items() if name != "id"}
    return {"type": "activite", "id": row["id"], "attributes": attributes}


def cell_text(value):
    """A Coop value as one CSV/XLSX cell: lists joined by commas, booleans true/false, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value


def csv_bytes(rows):
    """The rows as a CSV file French Excel opens as is (UTF-8 with BOM, ";", CRLF), header = COLUMNS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([cell_text(row[name]) for name in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows, *, sheet_title="activites"):
    """The rows as an .xlsx workbook (one sheet, header = COLUMNS); numbers stay numbers."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([cell_text(row[name]) for name in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
