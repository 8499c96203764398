"""The network's active sites in the national "Lieux de médiation numérique" schema (standard-mediation-num).

Every column of the schema, in its order (read from the bundled schema.json), multi-values joined with `|`,
opening hours in OSM syntax (already validated when the site is saved). What a site does not record is left
empty, never invented; the choices made for the other columns are written next to each one below and in
docs/opendata.md.
"""

import csv
import hashlib
import io
import json
import re
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tremplin.network.models import Site
from tremplin.network.reference import SITE_SERVICE_VALUES
from tremplin.workshops.models import Session, SessionStatus

from .models import PublishedRecord

SCHEMA_FILE = Path(__file__).parent / "standards" / "lieux-mediation-numerique" / "schema.json"
SEPARATOR = "|"
# No SIRET nor RNA: the national cartography's convention for an unknown pivot (14 zeros).
UNKNOWN_PIVOT = "00000000000000"
PHONE_PATTERN = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
EQUIPMENT_SALE = "Acquisition de matériel informatique à prix solidaire"
FREE_ACCESS = "Accès internet et matériel informatique"
# A site that held a workshop in the last year (or has one planned) offers collective workshops.
WORKSHOP_LOOKBACK = timedelta(days=365)


@lru_cache(maxsize=1)
def schema():
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def columns():
    return [field["name"] for field in schema()["fields"]]


def schema_version():
    return schema()["version"]


def source_name():
    return getattr(settings, "TREMPLIN_OPENDATA_SOURCE", "tremplin")


def lieu_id(site):
    return f"{source_name()}-{site.pk}"


def published_sites():
    return Site.objects.active().order_by("pk")


def _join(values):
    return SEPARATOR.join(values)


def _phone(site):
    value = site.phone.as_e164 if site.phone else ""
    # The schema accepts French numbers (metropolitan and overseas) only; another country's number is left out.
    return value if PHONE_PATTERN.match(value) else ""


def _services(site):
    # In the schema's order, known values only (the site form offers only these).
    return [value for value in SITE_SERVICE_VALUES if value in site.services]


def _fees(site):
    # Accompaniment is free in every site; devices sold at solidarity prices are paid for.
    fees = ["Gratuit"]
    if EQUIPMENT_SALE in site.services:
        fees.append("Payant")
    return fees


def _access(site):
    access = []
    if site.accepts_walk_ins:
        access.append("Se présenter")
    if _phone(site):
        access.append("Téléphoner")
    if site.email:
        access.append("Contacter par mail")
    return access


def _sites_with_workshops(now):
    return set(
        Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gte=now - WORKSHOP_LOOKBACK)
        .values_list("site_id", flat=True)
        .distinct()
    )


def _accompaniment(site, with_workshops):
    modes = ["Accompagnement individuel"]
    if site.pk in with_workshops:
        modes.append("Dans un atelier collectif")
    if FREE_ACCESS in site.services:
        modes.append("En autonomie")
    return modes


def _coordinate(value):
    return float(value) if value is not None else None


def _content(site, with_workshops):
    """The row without its date: what a change of the published data is measured on."""
    return {
        "id": lieu_id(site),
        "pivot": site.siret or site.rna or UNKNOWN_PIVOT,
        "nom": site.name,
        "commune": site.commune,
        "code_postal": site.postal_code,
        "code_insee": site.insee_code,
        "adresse": site.address,
        "complement_adresse": "",
        "latitude": _coordinate(site.latitude),
        "longitude": _coordinate(site.longitude),
        "typologie": "",
        "telephone": _phone(site),
        "courriels": site.email,
        "site_web": "",
        "horaires": site.opening_hours,
        "presentation_resume": "",
        "presentation_detail": "",
        "source": source_name(),
        "itinerance": "Fixe",
        "structure_parente": "",
        "services": _join(_services(site)),
        "publics_specifiquement_adresses": "",
        "prise_en_charge_specifique": "",
        "frais_a_charge": _join(_fees(site)),
        "dispositif_programmes_nationaux": "",
        "formations_labels": "",
        "autres_formations_labels": "",
        "modalites_acces": _join(_access(site)),
        "modalites_accompagnement": _join(_accompaniment(site, with_workshops)),
        "fiche_acces_libre": "",
        "prise_rdv": "",
    }


def _fingerprint(content):
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def lieux(sites=None, *, now=None, record_changes=False):
    """One dict per active site, keys in the schema's column order.

    `date_maj` is the day the published content of the site last changed: sites carry no modification date,
    so each export compares a fingerprint of the row with the one recorded by the daily job
    `refresh_open_data` (PublishedRecord; `record_changes=True` records, only that job passes it).
    """
    now = now or timezone.now()
    sites = list(published_sites() if sites is None else sites)
    with_workshops = _sites_with_workshops(now)
    contents = {site.pk: _content(site, with_workshops) for site in sites}
    dates = PublishedRecord.dates_for(
        "lieu", {pk: _fingerprint(c) for pk, c in contents.items()}, now.date(), record_changes=record_changes
    )
    rows = []
    for site in sites:
        content = contents[site.pk]
        content["date_maj"] = dates[site.pk].isoformat()
        rows.append({name: content[name] for name in columns()})
    return rows


def _csv_value(value):
    if value is None:
        return ""
    return str(value)


def to_csv(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns())
    for row in rows:
        writer.writerow([_csv_value(row[name]) for name in columns()])
    return out.getvalue()
