"""Tremplin API v1 (django-ninja): the API object, its throttle and error answers, and its routers.

The endpoints live in endpoints/, one module per domain: public reads, partners' referrals, funders'
statistics, the national team's Coop export.
"""

import logging

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.throttling import SimpleRateThrottle

from . import problems
from .endpoints import activities, public, referrals, stats

logger = logging.getLogger(__name__)

PROBLEM_STATUSES = (401, 403, 404, 422, 429)


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

    def get_openapi_operation_id(self, operation):
        """Operation ids are part of the published document (client generators name their methods after them):
        kept as they were when every endpoint lived in this module, whatever module now holds it."""
        return f"tremplin_api_api_{operation.view_func.__name__}"


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


api.add_router("/", public.router)
api.add_router("/", referrals.router)
api.add_router("/", stats.router)
api.add_router("/", activities.router)
