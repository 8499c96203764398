"""Tremplin API v1 (django-ninja): public reads, and partner systems' referrals with a scoped token."""

import logging
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Header, NinjaAPI, Path, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from tremplin.activities.models import Activity
from tremplin.opendata import lieux
from tremplin.people.models import EligibilityProofType
from tremplin.public.queries import public_sessions
from tremplin.referrals import services as referral_services
from tremplin.referrals.forms import ReferralForm
from tremplin.referrals.models import Referral
from tremplin.stats import coop_export, masking
from tremplin.stats.figures import COUNT, dashboard
from tremplin.stats.filters import FilterError, filters_from_query
from tremplin.stats.periods import PeriodError, period_from_query
from tremplin.stats.scope import scope_for
from tremplin.stats.views import effective_scope

from . import pagination, problems, schemas, tokens
from .models import Scope

logger = logging.getLogger(__name__)

PROBLEM_STATUSES = (401, 403, 404, 422, 429)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <jeton>`; the token (ApiToken) becomes `request.auth`."""

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is not None:
            request.api_token = found
        return found


class RateThrottle(SimpleRateThrottle):
    """Per token when there is one (per address otherwise), limits read from the settings at each request."""

    scope = "tremplin"
    rate = "60/m"

    def __init__(self):
        super().__init__(rate=self.rate)

    def get_cache_key(self, request):
        token = getattr(request, "api_token", None)
        ident = f"token-{token.pk}" if token is not None else f"ip-{self.get_ident(request)}"
        return f"api-throttle-{ident}"

    def allow_request(self, request):
        token = getattr(request, "api_token", None)
        setting = "TREMPLIN_API_RATE_TOKEN" if token is not None else "TREMPLIN_API_RATE_ANONYMOUS"
        self.num_requests, self.duration = self.parse_rate(getattr(settings, setting, "60/m"))
        return super().allow_request(request)


class TremplinAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Error answers are problem documents: say so in the document (media type application/problem+json)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and "content" in response:
                        response["content"] = {problems.MEDIA_TYPE: response["content"]["application/json"]}
        return schema


api = TremplinAPI(
    title="Tremplin API",
    version="1",
    description=(
        "API du réseau Tremplin. Lecture publique des espaces (champs du schéma « Lieux de médiation "
        "numérique ») et des ateliers ouverts au public ; orientations des structures partenaires avec un "
        "jeton. Erreurs au format RFC 9457 (application/problem+json). Mode d'emploi (jetons, idempotence, "
        "erreurs, limites, pagination) : la page /api/v1/documentation/ de Tremplin."
    ),
    urls_namespace="api:api_v1",
    docs_url=None,
    openapi_url="/openapi.json",
    throttle=[RateThrottle()],
)


api.add_exception_handler(problems.ApiProblem, problems.from_problem)
api.add_exception_handler(ValidationError, problems.invalid_input)
api.add_exception_handler(AuthenticationError, problems.unauthorized)
api.add_exception_handler(Http404, problems.not_found)


def _throttled(request, exc):
    return problems.throttled(request, exc)


def _server_error(request, exc):
    logger.exception("API error %s", exc.__class__.__name__)
    return problems.server_error(request, exc)


api.add_exception_handler(Throttled, _throttled)


def _http_error(request, exc):
    if exc.status_code == 404:
        return problems.not_found(request)
    if exc.status_code == 400:
        return problems.problem_response(
            request,
            400,
            _("Requête illisible"),
            _("Le corps de la requête n'est pas un JSON valide (UTF-8)."),
            slug="requete-illisible",
        )
    return problems.problem_response(request, exc.status_code, str(exc))


api.add_exception_handler(HttpError, _http_error)
api.add_exception_handler(Exception, _server_error)


def errors(*statuses):
    return dict.fromkeys(statuses, schemas.Problem)


def require_scope(request, scope):
    if not request.auth.has_scope(scope):
        raise problems.forbidden_scope(scope)


# --- public -------------------------------------------------------------------------------------------------

public = Router(tags=["Public"])


@public.get(
    "/sites",
    response={200: schemas.LieuPage, **errors(422, 429)},
    summary="Espaces du réseau (schéma Lieux de médiation numérique)",
)
def list_sites(request, cursor: str | None = None, limit: int = Query(50, ge=1, le=pagination.MAX_LIMIT)):
    sites, next_cursor = pagination.paginate(lieux.published_sites(), ["pk"], cursor, limit)
    with translation.override("fr"):
        return {"items": lieux.lieux(sites), "next_cursor": next_cursor}


@public.get(
    "/sites/{site_id}",
    response={200: schemas.Lieu, **errors(404, 422, 429)},
    summary="Un espace",
)
def get_site(request, site_id: int = Path(..., ge=1, le=schemas.MAX_ID)):
    site = lieux.published_sites().filter(pk=site_id).first()
    if site is None:
        raise Http404
    with translation.override("fr"):
        return lieux.lieux([site])[0]


@public.get(
    "/sessions",
    response={200: schemas.SessionPage, **errors(422, 429)},
    summary="Ateliers à venir ouverts au public (ceux de l'agenda public), avec les places restantes",
)
def list_sessions(
    request,
    site_id: int | None = Query(None, ge=1, le=schemas.MAX_ID),
    starts_after: schemas.IsoDateTime | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=pagination.MAX_LIMIT),
):
    # The public agenda's rule (public room): the API lists exactly the sessions the public pages show.
    sessions = public_sessions()
    if site_id is not None:
        sessions = sessions.filter(site_id=site_id)
    if starts_after is not None:
        sessions = sessions.filter(starts_at__gte=starts_after)
    items, next_cursor = pagination.paginate(sessions, ["starts_at", "pk"], cursor, limit)
    return {
        "items": [
            {
                "id": s.pk,
                "site_id": s.site_id,
                "site_name": s.site.name,
                "workshop": s.workshop.title,
                "description": s.workshop.description,
                "thematiques": list(s.workshop.thematiques),
                "level": s.workshop.level,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "seats": s.seats,
                "seats_left": s.seats_left,
            }
            for s in items
        ],
        "next_cursor": next_cursor,
    }


@public.get(
    "/reference/justificatifs",
    response={200: list[schemas.ProofType], **errors(429)},
    summary="Types de justificatifs d'éligibilité (pour proof_type_id)",
)
def list_proof_types(request):
    return [{"id": p.pk, "name": p.name} for p in EligibilityProofType.objects.filter(is_active=True)]


# --- partners' referrals ------------------------------------------------------------------------------------

partner = Router(tags=["Orientations (jeton de structure partenaire)"], auth=TokenAuth())


def _referral_out(referral):
    return {
        "id": referral.pk,
        "voucher_code": referral.display_code,
        "status": referral.status,
        "status_label": str(referral.get_status_display()),
        "status_changed_at": referral.status_changed_at,
        "created_at": referral.created_at,
        "site_id": referral.target_site_id,
        "site_name": referral.target_site.name,
        "decline_reason": referral.decline_reason or None,
        "history": [
            {"status": change.status, "at": change.at, "site_id": change.site_id}
            for change in referral.status_changes.all()
        ],
    }


def partner_referrals(token):
    """The token's referrals: the scoping rule of its account, narrowed to the token's partner."""
    return (
        Referral.objects.visible_to(token.account)
        .filter(partner=token.partner)
        .select_related("target_site")
        .prefetch_related("status_changes")
    )


def _form_data(payload, token, idempotency_key):
    data = payload.dict()
    return {
        **data,
        "idempotency_key": str(idempotency_key),
        "partner": token.partner.pk,
        "target_site": data.pop("target_site_id") or "",
        "proof_type": data.pop("proof_type_id"),
    }


def _form_errors(errors):
    rename = {"target_site": "target_site_id", "proof_type": "proof_type_id", "__all__": ""}
    return [
        {"field": rename.get(field, field), "message": str(message)}
        for field, messages in errors.items()
        for message in messages
    ]


def _invalid(errors_list):
    return problems.ApiProblem(
        422,
        _("Orientation refusée"),
        _("L'orientation ne respecte pas les règles du formulaire : voir « errors »."),
        slug="orientation-invalide",
        errors=errors_list,
    )


@partner.post(
    "/referrals",
    response={200: schemas.ReferralOut, 201: schemas.ReferralOut, **errors(400, 401, 403, 422, 429)},
    summary="Envoyer une orientation pour la structure du jeton",
    description=(
        "Mêmes règles que le formulaire d'orientation. L'en-tête Idempotency-Key (un UUID) est obligatoire : "
        "renvoyer la même requête avec la même clé rend l'orientation déjà créée (200) au lieu d'en créer une "
        "seconde (201)."
    ),
)
def create_referral(
    request,
    payload: schemas.ReferralIn,
    idempotency_key: UUID = Header(..., alias="Idempotency-Key"),  # noqa: B008 (django-ninja declares parameters so)
):
    token = request.auth
    require_scope(request, Scope.REFERRALS_WRITE)
    form = ReferralForm(_form_data(payload, token, idempotency_key), user=token.account)
    if not form.is_valid():
        raise _invalid(_form_errors(form.errors))
    data = form.service_fields()
    try:
        referral, created = referral_services.create_referral(
            token.account,
            partner=token.partner,
            idempotency_key=data.pop("idempotency_key"),
            target_site=data.pop("target_site"),
            **{key: value for key, value in data.items() if key != "partner"},
        )
    except DjangoValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        raise _invalid(_form_errors(messages)) from None
    referral = partner_referrals(token).get(pk=referral.pk)
    return Status(201 if created else 200, _referral_out(referral))


@partner.get(
    "/referrals",
    response={200: schemas.ReferralPage, **errors(401, 403, 422, 429)},
    summary="État des orientations de la structure envoyées avec ce compte",
)
def list_referrals(
    request,
    status: schemas.StatusValue | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=pagination.MAX_LIMIT),
):
    require_scope(request, Scope.REFERRALS_READ)
    referrals = partner_referrals(request.auth)
    if status:
        referrals = referrals.filter(status=status)
    items, next_cursor = pagination.paginate(referrals, ["created_at", "pk"], cursor, limit)
    return {"items": [_referral_out(r) for r in items], "next_cursor": next_cursor}


@partner.get(
    "/referrals/{referral_id}",
    response={200: schemas.ReferralOut, **errors(401, 403, 404, 422, 429)},
    summary="État d'une orientation",
)
def get_referral(request, referral_id: UUID):
    require_scope(request, Scope.REFERRALS_READ)
    referral = partner_referrals(request.auth).filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    referral_services.view_referral(request.auth.account, referral, reason=f"API, jeton #{request.auth.pk}")
    return _referral_out(referral)


# --- funders' statistics ------------------------------------------------------------------------------------

funder = Router(tags=["Statistiques (jeton de financeur)"], auth=TokenAuth())


def _value(value, replacement=None):
    """A figure for the API: the text that replaces it under the small-count rule (stats/masking.py: "< 5",
    "masqué", "—"), or the number."""
    if replacement is not None:
        return replacement
    return float(value) if isinstance(value, Decimal) else value


def _period(period):
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _board_out(board):
    mask = board.scope.mask_small_counts
    blocks = []
    for block in board.blocks:
        figures = []
        for row in block.figures:
            unit = block.figure_units.get(row.key, COUNT)
            figures.append(
                {
                    "key": row.key,
                    "label": str(row.label),
                    "unit": unit,
                    "value": _value(row.values[0], masking.figure_replacement(block, row, mask)),
                    "previous": _value(
                        row.previous[0] if row.previous else None,
                        masking.figure_replacement(block, row, mask, previous=True),
                    ),
                }
            )
        tables = []
        for table in block.tables:
            rows = []
            for number, row in enumerate(table.rows):
                rows.append(
                    {
                        "key": str(row.key),
                        "label": str(row.label),
                        "values": [
                            _value(value, masking.cell_replacement(block, table, number, index, mask))
                            for index, value in enumerate(row.values)
                        ],
                        "previous": [
                            _value(value, masking.cell_replacement(block, table, number, index, mask, previous=True))
                            for index, value in enumerate(row.previous)
                        ]
                        if row.previous
                        else None,
                    }
                )
            tables.append(
                {
                    "key": table.key,
                    "title": str(table.title),
                    "definition": str(table.definition),
                    "columns": [str(c) for c in table.columns],
                    "units": list(table.units),
                    "rows": rows,
                }
            )
        blocks.append(
            {
                "key": block.key,
                "title": str(block.title),
                "definition": str(block.definition),
                "figures": figures,
                "tables": tables,
            }
        )
    return {
        "scope": str(board.scope.label),
        "small_counts_masked": mask,
        "period": _period(board.period),
        "previous_period": _period(board.previous_period),
        "blocks": blocks,
    }


@funder.get(
    "/stats",
    response={200: schemas.StatsOut, **errors(401, 403, 404, 422, 429)},
    summary="Statistiques agrégées du périmètre du compte financeur",
    description=(
        "Les chiffres du tableau de bord des statistiques, pour le périmètre du compte financeur rattaché au "
        "jeton, avec la règle des petits effectifs (« < 5 »). Période : periode=mois|trimestre|annee|12_mois… "
        "ou periode=personnalisee&du=AAAA-MM-JJ&au=AAAA-MM-JJ (défaut : l'année en cours). Filtres : espace, "
        "partenaire (identifiants), thematique, type."
    ),
)
def get_stats(
    request,
    periode: str | None = None,
    du: str | None = None,
    au: str | None = None,
    espace: str | None = None,
    partenaire: str | None = None,
    thematique: str | None = None,
    type: str | None = None,
):
    require_scope(request, Scope.STATS_READ)
    params = {
        key: value
        for key, value in {
            "periode": periode,
            "du": du,
            "au": au,
            "espace": espace,
            "partenaire": partenaire,
            "thematique": thematique,
            "type": type,
        }.items()
        if value is not None
    }
    try:
        period = period_from_query(params)
        filters = filters_from_query(params, mediator=False)  # no mediator filter in the API
    except (PeriodError, FilterError) as error:
        raise problems.ApiProblem(
            422,
            _("Paramètres invalides"),
            str(error),
            slug="parametres-invalides",
            errors=[{"field": "", "message": str(error)}],
        ) from None
    # The statistics pages' own rules: the account's scope (Http404 without one), narrowed by the site filter.
    scope = effective_scope(scope_for(request.auth.account), filters)
    with translation.override("fr"):
        return _board_out(dashboard(scope, period, filters.replace(site_id=None)))


# --- the national team's tools: activities in the Coop layout -------------------------------------------------

network = Router(tags=["Export des activités (jeton de l'équipe nationale)"], auth=TokenAuth())


@network.get(
    "/activities/coop",
    response={200: schemas.CoopActivitePage, **errors(401, 403, 422, 429)},
    summary="Activités du réseau au format de la Coop de la médiation numérique",
    description=(
        "Les comptes rendus d'activité de tout le réseau, un objet `activite` de l'API v1 de la Coop par "
        "activité (mêmes lignes que l'export « format Coop » des statistiques), triés par date puis ordre de "
        "saisie, par pages (next_cursor). Période : du=AAAA-MM-JJ et/ou au=AAAA-MM-JJ (dates des activités, "
        "bornes incluses). Aucune donnée personnelle. Jeton avec le droit activities:export, délivré pour un "
        "compte de l'équipe nationale."
    ),
)
def export_activities_coop(
    request,
    du: date | None = None,
    au: date | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=pagination.MAX_LIMIT),
):
    require_scope(request, Scope.ACTIVITIES_EXPORT)
    if du and au and du > au:
        message = _("La date de début doit précéder la date de fin.")
        raise problems.ApiProblem(
            422,
            _("Paramètres invalides"),
            message,
            slug="parametres-invalides",
            errors=[{"field": "du", "message": message}],
        )
    activities = Activity.objects.order_by()
    if du:
        activities = activities.filter(date__gte=du)
    if au:
        activities = activities.filter(date__lte=au)
    page, next_cursor = pagination.paginate(activities.only("pk", "date"), ["date", "pk"], cursor, limit)
    rows = coop_export.coop_rows(Activity.objects.filter(pk__in=[activity.pk for activity in page]))
    return {"items": [coop_export.coop_record(row) for row in rows], "next_cursor": next_cursor}


api.add_router("/", public)
api.add_router("/", partner)
api.add_router("/", funder)
api.add_router("/", network)
