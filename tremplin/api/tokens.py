"""Issuing, revoking and checking API tokens. The secret is returned once by `issue_token`, never stored."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.roles import Role

from .models import FUNDER_SCOPES, NETWORK_SCOPES, PARTNER_SCOPES, ApiToken, ApiTokenUse, Scope, hash_token

MAX_VALIDITY_DAYS = 2 * 365


def account_may_act_for(account, partner):
    """A partner's token: its account must be an active referrer of the partner (the referral form's rule)."""
    return (
        account.is_active
        and partner is not None
        and partner.is_active
        and partner.pk in account.partner_ids(Role.REFERRER)
    )


def account_may_read_stats(account):
    """A funder's token: its account must hold an active observer role (its scope is the statistics')."""
    return account.is_active and account.has_role(Role.OBSERVER)


def account_may_export_activities(account):
    """A national tool's token: its account must be an active network administrator (the whole network)."""
    return account.is_active and account.is_network_admin


def token_account_valid(account, partner, scopes):
    scopes = set(scopes)
    if scopes and scopes <= PARTNER_SCOPES:
        return account_may_act_for(account, partner)
    if scopes and scopes <= FUNDER_SCOPES:
        return partner is None and account_may_read_stats(account)
    if scopes and scopes <= NETWORK_SCOPES:
        return partner is None and account_may_export_activities(account)
    return False


def issue_token(admin, *, name, partner, account, scopes, expires_at):
    """Create a token; returns (token, secret). Only the national team issues tokens."""
    if not admin.is_network_admin:
        raise PermissionDenied
    now = timezone.now()
    errors = {}
    scopes = set(scopes or ())
    if not scopes or scopes - set(Scope.values):
        errors["scopes"] = _("Choisissez au moins un droit.")
    elif scopes <= PARTNER_SCOPES:
        if partner is None:
            errors["partner"] = _("Choisissez la structure partenaire pour laquelle le jeton envoie des orientations.")
        elif not account_may_act_for(account, partner):
            errors["account"] = _("Ce compte n'oriente pas de personnes pour cette structure.")
    elif scopes <= FUNDER_SCOPES:
        if partner is not None:
            errors["partner"] = _("Un jeton de statistiques n'est rattaché à aucune structure partenaire.")
        elif not account_may_read_stats(account):
            errors["account"] = _("Ce compte n'est pas un compte financeur (observateur).")
    elif scopes <= NETWORK_SCOPES:
        if partner is not None:
            errors["partner"] = _("Un jeton d'export des activités n'est rattaché à aucune structure partenaire.")
        elif not account_may_export_activities(account):
            errors["account"] = _("Ce compte n'est pas un compte de l'équipe nationale.")
    else:
        errors["scopes"] = _(
            "Un jeton sert soit aux orientations d'une structure partenaire, soit aux statistiques d'un "
            "financeur, soit à l'export des activités pour les outils de l'équipe nationale."
        )
    if expires_at <= now:
        errors["expires_at"] = _("La date d'expiration doit être dans le futur.")
    elif (expires_at - now).days > MAX_VALIDITY_DAYS:
        errors["expires_at"] = _("Un jeton vaut au plus deux ans : choisissez une date plus proche.")
    if errors:
        raise ValidationError(errors)
    secret, digest = ApiToken.new_secret()
    token = ApiToken.objects.create(
        name=name,
        partner=partner,
        account=account,
        scopes=[scope for scope in Scope.values if scope in scopes],
        prefix=secret[:10],
        token_hash=digest,
        created_by=admin,
        created_at=now,
        expires_at=expires_at,
    )
    return token, secret


def revoke_token(admin, token):
    if not admin.is_network_admin:
        raise PermissionDenied
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=admin
        )
    token.refresh_from_db()
    return bool(updated)


def authenticate(secret):
    """The usable token with this secret whose account may still act for its partner, or None."""
    if not secret or len(secret) > 200:
        return None
    token = ApiToken.objects.usable().select_related("partner", "account").filter(token_hash=hash_token(secret)).first()
    if token is None or not token_account_valid(token.account, token.partner, token.scopes):
        return None
    return token


def record_use(token, *, method, operation, status_code):
    now = timezone.now()
    ApiTokenUse.objects.create(token=token, at=now, method=method, operation=operation[:100], status_code=status_code)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
