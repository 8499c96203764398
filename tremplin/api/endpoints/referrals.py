"""Partners' systems send referrals for the token's partner and follow their status (the referral form's rules)."""

from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from tremplin.referrals import services as referral_services
from tremplin.referrals.forms import ReferralForm
from tremplin.referrals.models import Referral

from .. import pagination, problems, schemas
from ..common import TokenAuth, errors, require_scope
from ..models import Scope

router = Router(tags=["Orientations (jeton de structure partenaire)"], auth=TokenAuth())


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


@router.post(
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


@router.get(
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


@router.get(
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
