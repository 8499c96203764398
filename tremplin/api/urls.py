"""/api/: the versioned API (v1), its documentation page, and problem documents for unknown addresses."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from . import problems, tokens, views
from .api import api


def _logged(view, operation):
    """Every answer given to a token is logged (ApiTokenUse); API views need no session login; a method the
    address does not take is answered with a problem document (405, header Allow)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type") != problems.MEDIA_TYPE:
            # django-ninja answers a method the address does not take with a bare text: a problem document too.
            allowed = sorted(method.strip() for method in response.get("Allow", "").split(",") if method.strip())
            response = problems.method_not_allowed(request, allowed)
        token = getattr(request, "api_token", None)
        if token is not None:
            tokens.record_use(token, method=request.method, operation=operation, status_code=response.status_code)
        return response

    return login_not_required(csrf_exempt(wrapped))


@login_not_required
@csrf_exempt
def unknown(request, rest=""):
    """An unknown address: a problem document for a program, the app's 404 page for a person in a browser."""
    if "text/html" in request.headers.get("Accept", ""):
        return render(request, "api/not_found.html", status=404)
    return problems.not_found(request)


# What people type when they look for the documentation (the page itself is v1/documentation/).
DOCUMENTATION_GUESSES = r"^(?:v1/?)?(?:(?:docs?|documentation|swagger(?:-ui)?(?:\.html)?|redoc)/?)?$"


def _v1_patterns():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _logged(pattern.callback, str(pattern.pattern))
    return patterns, app_name, namespace


app_name = "api"
urlpatterns = [
    path("v1/documentation/", views.documentation, name="docs"),
    # Before v1/: django-ninja answers its own root (v1/) with a bare 404.
    re_path(DOCUMENTATION_GUESSES, views.to_documentation, name="docs_guess"),
    path("v1/", _v1_patterns()),
    path("jetons/", views.token_list, name="token_list"),
    path("jetons/nouveau/", views.token_create, name="token_create"),
    path("jetons/<int:pk>/", views.token_detail, name="token_detail"),
    path("jetons/<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
    re_path(r"^(?P<rest>.*)$", unknown, name="unknown"),
]
