"""The API's documentation page (public) and the national team's token pages."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tremplin.core.confirm import ask_confirmation, is_confirmed
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.core.text import fill

from . import tokens
from .forms import TokenForm
from .models import ApiToken

PAGE_SIZE = 25


@login_not_required
@require_safe
def documentation(request):
    """Swagger UI (vendored from npm, no CDN) reading the served OpenAPI document, in the public layout.

    Swagger UI has no French translation: the page gives a French introduction and a key to its buttons.
    """
    return render(
        request,
        "api/documentation.html",
        {"openapi_url": reverse("api:api_v1:openapi-json"), "opendata_url": reverse("opendata:dataset_list")},
    )


@login_not_required
@require_safe
def to_documentation(request, **kwargs):
    """/api/, /api/v1/, /api/v1/docs, /api/swagger…: the addresses people guess lead to the documentation."""
    return redirect("api:docs")


@role_required(Role.NETWORK_ADMIN)
def token_list(request):
    tokens_qs = ApiToken.objects.visible_to(request.user).select_related("partner", "account")
    page = Paginator(tokens_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "api/token_list.html", {"page": page})


@role_required(Role.NETWORK_ADMIN)
def token_create(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = tokens.issue_token(
                request.user,
                name=data["name"],
                partner=data["partner"],
                account=data["account"],
                scopes=data["scopes"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error("expires_on" if field == "expires_at" else field, errors)
        else:
            # Shown once, on this answer only: never stored, never put in a URL or a message.
            response = render(request, "api/token_issued.html", {"token": token, "secret": secret})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_form.html", {"form": form})


@role_required(Role.NETWORK_ADMIN)
def token_detail(request, pk):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user).select_related("partner", "account"), pk=pk)
    uses = Paginator(token.uses.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "api/token_detail.html", {"token": token, "page": uses})


@role_required(Role.NETWORK_ADMIN)
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    if not token.is_revoked and not is_confirmed(request):
        return ask_confirmation(
            request,
            title=fill(_("Révoquer le jeton « %(name)s » ?"), name=token.name),
            consequences=[_("Le logiciel de la structure ne pourra plus utiliser ce jeton, immédiatement.")],
            confirm_label=_("Révoquer"),
            cancel_url=reverse("api:token_detail", args=[token.pk]),
        )
    if tokens.revoke_token(request.user, token):
        messages.success(request, _("Jeton révoqué."))
    return redirect("api:token_detail", token.pk)


def openapi_document():
    """The OpenAPI document as served (for the committed copy and its test)."""
    from .api import api

    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
