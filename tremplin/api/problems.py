"""Errors as RFC 9457 problem details (application/problem+json), in French like the rest of the product."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

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


def invalid_input(request, exc):
    errors = [{"field": _location(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors]
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
