"""The API's request and response shapes (they make the OpenAPI document)."""

import re
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator

from tremplin.core.dates import as_utc
from tremplin.core.formfields import printed_length
from tremplin.people.models import ContactChannel
from tremplin.referrals.choices import DeclineReason, Need, Status

ISO_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def _iso_only(value):
    """Dates as ISO 8601 text only (pydantic would also read a number as a Unix time)."""
    if not isinstance(value, str) or not ISO_DATE_TIME.match(value):
        raise ValueError(_("Une date et heure ISO 8601 est attendue (par exemple 2026-12-01T09:00:00+01:00)."))
    return value


# In UTC once read: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows (core.dates.as_utc).
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(as_utc)]
# Database ids are 64-bit signed integers: a larger number cannot be one, and SQLite refuses it in a query.
MAX_ID = 2**63 - 1
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
NeedValue = Literal[tuple(Need.values)]
ChannelValue = Literal[tuple(ContactChannel.values)]
StatusValue = Literal[tuple(Status.values)]


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict] | None = Field(None, description="Champ par champ : {field, message}.")


class Lieu(Schema):
    """Un espace, avec les champs du schéma « Lieux de médiation numérique » (mêmes noms, même ordre)."""

    id: str
    pivot: str
    nom: str
    commune: str
    code_postal: str
    code_insee: str
    adresse: str
    complement_adresse: str
    latitude: float | None
    longitude: float | None
    typologie: str
    telephone: str
    courriels: str
    site_web: str
    horaires: str
    presentation_resume: str
    presentation_detail: str
    source: str
    itinerance: str
    structure_parente: str
    date_maj: str
    services: str
    publics_specifiquement_adresses: str
    prise_en_charge_specifique: str
    frais_a_charge: str
    dispositif_programmes_nationaux: str
    formations_labels: str
    autres_formations_labels: str
    modalites_acces: str
    modalites_accompagnement: str
    fiche_acces_libre: str
    prise_rdv: str


class LieuPage(Schema):
    items: list[Lieu]
    next_cursor: str | None = Field(None, description="À passer dans `cursor` pour la page suivante.")


class PublicSession(Schema):
    id: int
    site_id: int = Field(description="Identifiant numérique de l'espace (le `id` du lieu est « source-site_id »).")
    site_name: str
    workshop: str
    description: str
    thematiques: list[str]
    level: str
    starts_at: datetime
    ends_at: datetime
    seats: int
    seats_left: int


class SessionPage(Schema):
    items: list[PublicSession]
    next_cursor: str | None = None


class CoopActiviteAttributes(Schema):
    """Les attributs du schéma `Activite` de l'API v1 de la Coop de la médiation numérique (valeurs nationales).
    Aucune donnée personnelle : identifiants opaques (UUID), jamais de personne accompagnée."""

    type: str
    mediateur_id: str
    accompagnements: int
    date: str
    duree: int
    type_lieu: str
    structure_id: str | None
    lieu_code_postal: str | None
    lieu_commune: str | None
    lieu_code_insee: str | None
    creation: str | None
    modification: str | None
    suppression: str | None
    autonomie: str | None
    oriente_vers_structure: bool | None
    structure_de_redirection: str | None
    materiel: list[str]
    thematiques: list[str]
    tags: list[str]
    precisions_demarche: str | None
    titre_atelier: str | None
    niveau_atelier: str | None


class CoopActivite(Schema):
    type: Literal["activite"]
    id: str
    attributes: CoopActiviteAttributes


class CoopActivitePage(Schema):
    items: list[CoopActivite]
    next_cursor: str | None = None


class ProofType(Schema):
    id: int
    name: str


class ReferralIn(Schema):
    """Les champs du formulaire d'orientation ; mêmes règles, mêmes messages."""

    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    birth_year: int = Field(ge=1900, le=2100)
    preferred_channel: ChannelValue = "sms"
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    postal_code: str = Field(
        max_length=printed_length(5),
        description="5 chiffres (69007) ; espaces, points et tirets tolérés (« 69 007 »), comme dans le formulaire.",
    )
    commune: str = Field(max_length=100)
    needs: list[NeedValue] = Field(min_length=1)
    languages: str = Field("", max_length=200)
    accommodations: str = Field("", max_length=500)
    context: str = Field("", max_length=2000)
    target_site_id: DbId | None = Field(
        None, description="Espace choisi ; sans valeur, l'espace le plus proche qui propose ces besoins."
    )
    consent_attested: bool
    eligibility_attested: bool
    proof_type_id: DbId = Field(description="Voir /api/v1/reference/justificatifs.")


class StatusChangeOut(Schema):
    status: StatusValue
    at: datetime
    site_id: int


class ReferralOut(Schema):
    id: UUID
    voucher_code: str = Field(description="Code du bon d'orientation, tel qu'imprimé.")
    status: StatusValue
    status_label: str
    status_changed_at: datetime
    created_at: datetime
    site_id: int
    site_name: str
    decline_reason: Literal[tuple(DeclineReason.values)] | None = None
    history: list[StatusChangeOut]


class ReferralPage(Schema):
    items: list[ReferralOut]
    next_cursor: str | None = None


StatsValue = int | float | str | None


class StatsFigure(Schema):
    key: str
    label: str
    unit: str
    value: StatsValue = Field(
        description=(
            "« < 5 » : petit effectif masqué ; « masqué » : effectif masqué pour qu'un petit effectif ne se "
            "retrouve pas par soustraction ; « — » : taux ou délai sur un petit effectif, ou calculé sur un "
            "effectif masqué."
        )
    )
    previous: StatsValue = None


class StatsRow(Schema):
    key: str
    label: str
    values: list[StatsValue]
    previous: list[StatsValue] | None = None


class StatsTable(Schema):
    key: str
    title: str
    definition: str
    columns: list[str]
    units: list[str]
    rows: list[StatsRow]


class StatsBlock(Schema):
    key: str
    title: str
    definition: str
    figures: list[StatsFigure]
    tables: list[StatsTable]


class StatsPeriod(Schema):
    start: str
    end: str


class StatsOut(Schema):
    scope: str = Field(description="Périmètre du compte financeur.")
    small_counts_masked: bool
    period: StatsPeriod
    previous_period: StatsPeriod
    blocks: list[StatsBlock]
