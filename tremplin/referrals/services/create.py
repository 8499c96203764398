"""Creating a referral: once per form (idempotency key), with a unique voucher code."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access
from tremplin.core.roles import Role

from .. import voucher
from ..choices import Status
from ..models import Referral, ReferralStatusChange
from ..nearest import nearest_site

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "birth_year",
    "phone",
    "email",
    "preferred_channel",
    "postal_code",
    "commune",
    "languages",
    "needs",
    "context",
    "accommodations",
    "consent_attested",
    "eligibility_attested",
    "proof_type",
)
VOUCHER_ATTEMPTS = 8


def _existing(actor, partner, idempotency_key):
    """The referral this key already created, for this account and this partner (an account referring for two
    partners, each with its API token, must not get one partner's referral back through the other's token)."""
    referral = Referral.objects.filter(idempotency_key=idempotency_key).first()
    if referral is not None and (referral.referrer_id != actor.pk or referral.partner_id != partner.pk):
        raise ValidationError(_("Ce formulaire a déjà servi. Rechargez la page pour en ouvrir un nouveau."))
    return referral


def create_referral(actor, *, partner, idempotency_key, target_site=None, **fields):
    """Create a referral, or return the one this form already created. Returns (referral, created).

    A double click or a resubmitted form carries the same idempotency key: the unique constraint makes
    the second attempt find the first referral instead of writing a duplicate. Without a target site,
    the nearest site offering the needs is chosen (see nearest.py).
    """
    if partner.pk not in actor.partner_ids(Role.REFERRER):
        raise ValidationError(_("Vous n'orientez pas de personnes pour cette structure."))
    existing = _existing(actor, partner, idempotency_key)
    if existing is not None:
        return existing, False
    if not fields.get("consent_attested"):
        raise ValidationError({"consent_attested": _("L'accord de la personne est obligatoire pour l'orienter.")})
    if not fields.get("eligibility_attested") or not fields.get("proof_type"):
        raise ValidationError(
            {"eligibility_attested": _("Attestez l'éligibilité et choisissez le type de justificatif.")}
        )
    if target_site is None:
        target_site = nearest_site(fields.get("postal_code", ""), fields.get("needs", []))
        if target_site is None:
            raise ValidationError({"target_site": _("Aucun espace ne propose ces besoins : choisissez un espace.")})
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unexpected referral fields: {sorted(unknown)}")
    for _attempt in range(VOUCHER_ATTEMPTS):
        try:
            with transaction.atomic():
                now = timezone.now()
                referral = Referral.objects.create(
                    partner=partner,
                    referrer=actor,
                    target_site=target_site,
                    idempotency_key=idempotency_key,
                    voucher_code=voucher.new_code(),
                    created_at=now,
                    received_at=now,
                    status_changed_at=now,
                    **fields,
                )
                ReferralStatusChange.objects.create(
                    referral=referral, status=Status.SUBMITTED, at=now, by=actor, site=target_site
                )
                log_access(actor, referral, AccessLog.Action.CREATE)
                return referral, True
        except IntegrityError:
            # Either the same form won a race (return its referral) or the voucher code collided (retry).
            existing = _existing(actor, partner, idempotency_key)
            if existing is not None:
                return existing, False
    raise RuntimeError("could not draw a free voucher code")
