"""Errors as RFC 9457 problem details (application/problem+json), in French like the rest of the product."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://tremplin.example/problemes/"


class ApiProblem(Exception):
    """Raised by an endpoint to answer with a problem document."""

    def __init__(self, status, title, detail="", *, slug="", errors=None, headers=None):
        super().__init__(title)
        self.status, self.title, self.detail = status, title, detail
        self.slug, self.errors, self.headers = slug, errors, headers or {}


def problem_response(request, status, title, detail="", *, slug="", errors=None, headers=None):
    body = {
        "type": TYPE_BASE + slug if slug else "about:blank",
        "title": str(title),
        "status": status,
        "detail": str(detail) if detail else str(title),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def from_problem(request, exc):
    return problem_response(
        request, exc.status, exc.title, exc.detail, slug=exc.slug, errors=exc.errors, headers=exc.headers
    )


def not_found(request, exc=None):
    return problem_response(
        request,
        404,
        _("Introuvable"),
        _("Cette ressource n'existe pas ou votre jeton ne permet pas de la voir."),
        slug="introuvable",
    )


def unauthorized(request, exc=None):
    return problem_response(
        request,
        401,
        _("Jeton manquant ou invalide"),
        _("Envoyez un jeton valide, non révoqué et non expiré dans l'en-tête « Authorization: Bearer … »."),
        slug="jeton-invalide",
        headers={"WWW-Authenticate": 'Bearer realm="tremplin"'},
    )


def method_not_allowed(request, allowed):
    return problem_response(
        request,
        405,
        _("Méthode non permise"),
        _("Cette adresse accepte seulement : %(methods)s.") % {"methods": ", ".join(allowed)},
        slug="methode-non-permise",
        headers={"Allow": ", ".join(allowed)},
    )


def forbidden_scope(scope):
    return ApiProblem(
        403,
        _("Droit manquant"),
        _("Ce jeton n'a pas le droit « %(scope)s ».") % {"scope": scope},
        slug="droit-manquant",
    )


def throttled(request, exc):
    wait = getattr(exc, "wait", None)
    seconds = max(1, int(wait)) if wait else 60
    return problem_response(
        request,
        429,
        _("Trop de requêtes"),
        _("Limite de requêtes atteinte pour ce jeton : réessayez dans %(seconds)s secondes.") % {"seconds": seconds},
        slug="trop-de-requetes",
        headers={"Retry-After": str(seconds)},
    )


def _location(loc):
    # ("body", "payload", "needs", 0) -> "needs.0"; the source part tells where the field was.
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "header", "path")]
    return ".".join(parts) or str(loc[0] if loc else "")


# pydantic's error types (https://docs.pydantic.dev/latest/errors/validation_errors/) in plain French: a
# partner's developer reads these messages, and so may the person at the desk whose software shows them.
_TYPE_MESSAGES = {
    "missing": _lazy("Ce champ est obligatoire."),
    "string_type": _lazy("Un texte est attendu."),
    "int_type": _lazy("Un nombre entier est attendu."),
    "int_parsing": _lazy("Un nombre entier est attendu."),
    "int_from_float": _lazy("Un nombre entier est attendu."),
    "int_parsing_size": _lazy("Un nombre entier est attendu."),
    "bool_type": _lazy("true ou false est attendu."),
    "bool_parsing": _lazy("true ou false est attendu."),
    "list_type": _lazy('Une liste est attendue, par exemple ["procedure"].'),
    "model_type": _lazy("Un objet JSON est attendu."),
    "model_attributes_type": _lazy("Un objet JSON est attendu."),
    "dict_type": _lazy("Un objet JSON est attendu."),
    "uuid_type": _lazy("Un UUID est attendu (par exemple 0b6c5f3e-2f4a-4b1e-9c1d-3a5e7f9b2c4d)."),
    "uuid_parsing": _lazy("Un UUID est attendu (par exemple 0b6c5f3e-2f4a-4b1e-9c1d-3a5e7f9b2c4d)."),
    "date_type": _lazy("Une date AAAA-MM-JJ est attendue (par exemple 2026-03-01)."),
    "date_parsing": _lazy("Une date AAAA-MM-JJ est attendue (par exemple 2026-03-01)."),
    "date_from_datetime_parsing": _lazy("Une date AAAA-MM-JJ est attendue (par exemple 2026-03-01)."),
    "date_from_datetime_inexact": _lazy("Une date AAAA-MM-JJ est attendue (par exemple 2026-03-01)."),
    "datetime_type": _lazy("Une date et heure ISO 8601 est attendue (par exemple 2026-12-01T09:00:00+01:00)."),
    "datetime_parsing": _lazy("Une date et heure ISO 8601 est attendue (par exemple 2026-12-01T09:00:00+01:00)."),
    "datetime_from_date_parsing": _lazy(
        "Une date et heure ISO 8601 est attendue (par exemple 2026-12-01T09:00:00+01:00)."
    ),
    "timezone_aware": _lazy("Précisez le fuseau horaire (par exemple +01:00 ou Z)."),
    "string_too_long": _lazy("Au plus %(max_length)s caractères."),
    "string_too_short": _lazy("Au moins %(min_length)s caractères."),
    "too_long": _lazy("Au plus %(max_length)s éléments."),
    "too_short": _lazy("Au moins %(min_length)s élément."),
    "greater_than_equal": _lazy("La valeur doit être au moins %(ge)s."),
    "greater_than": _lazy("La valeur doit être plus grande que %(gt)s."),
    "less_than_equal": _lazy("La valeur doit être au plus %(le)s."),
    "less_than": _lazy("La valeur doit être plus petite que %(lt)s."),
    "literal_error": _lazy("Valeur inconnue ; valeurs possibles : %(expected)s."),
    "enum": _lazy("Valeur inconnue ; valeurs possibles : %(expected)s."),
    "string_pattern_mismatch": _lazy("Format non reconnu (motif attendu : %(pattern)s)."),
    "string_unicode": _lazy("Un texte UTF-8 est attendu."),
}


def _message(error):
    """The French message of one pydantic error (its type and context), never pydantic's English one."""
    if error.get("type") == "value_error":  # raised by a validator of schemas.py, with its own French message
        return str((error.get("ctx") or {}).get("error", "")) or _("Valeur invalide.")
    message = _TYPE_MESSAGES.get(error.get("type"))
    if message is None:
        return _("Valeur invalide.")
    context = {key: str(value).replace(" or ", " ou ") for key, value in (error.get("ctx") or {}).items()}
    try:
        return str(message) % context if "%(" in str(message) else str(message)
    except (KeyError, ValueError):
        return _("Valeur invalide.")


def invalid_input(request, exc):
    errors = [{"field": _location(e.get("loc", ())), "message": _message(e)} for e in exc.errors]
    return problem_response(
        request,
        422,
        _("Données invalides"),
        _("La requête contient des valeurs invalides : voir « errors »."),
        slug="donnees-invalides",
        errors=errors,
    )


def server_error(request, exc):
    return problem_response(
        request,
        500,
        _("Erreur interne"),
        _("Une erreur inattendue s'est produite ; elle a été signalée."),
        slug="erreur-interne",
    )
