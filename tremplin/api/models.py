"""API tokens: issued by the national team to a partner's system, shown once, stored hashed, scoped, revocable,
expiring; every use is logged (ApiTokenUse)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.models import AppendOnlyError

TOKEN_PREFIX = "trp_"  # noqa: S105 (a visible prefix, not a secret)


class Scope(models.TextChoices):
    # Only scopes whose endpoints exist are offered.
    REFERRALS_WRITE = "referrals:write", _("Envoyer des orientations pour la structure")
    REFERRALS_READ = "referrals:read", _("Suivre l'état des orientations de la structure (portail et API)")
    STATS_READ = "stats:read", _("Lire les statistiques agrégées du périmètre du compte (financeur)")
    ACTIVITIES_EXPORT = (
        "activities:export",
        _("Exporter les activités du réseau au format de la Coop (outils de l'équipe nationale)"),
    )


# A token serves either a partner organisation (referrals) or a funder (statistics), never both.
PARTNER_SCOPES = frozenset({Scope.REFERRALS_WRITE, Scope.REFERRALS_READ})
FUNDER_SCOPES = frozenset({Scope.STATS_READ})
# The national team's own tools: a token issued for a network administrator's account (the whole network).
NETWORK_SCOPES = frozenset({Scope.ACTIVITIES_EXPORT})


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the national team issues, lists and revokes tokens."""
        if not user.is_authenticated or not user.is_network_admin:
            return self.none()
        return self

    def usable(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    name = models.CharField(
        _("nom du jeton"), max_length=100, help_text=_("Par exemple « Logiciel de suivi du CCAS ».")
    )
    # Empty for a funder's token (statistics).
    partner = models.ForeignKey(
        "network.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("structure partenaire"),
    )
    # The token acts for this account: a referrer of the partner (its referrals appear in that person's
    # portal), or a funder's observer account (the statistics of that account's scope). If the account
    # loses that role, the token stops working.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("compte de rattachement"),
    )
    scopes = models.JSONField(_("droits"), default=list)
    prefix = models.CharField(_("début du jeton"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="api_token_expires_after_creation",
                condition=Q(expires_at__gt=models.F("created_at")),
                violation_error_message=_("La date d'expiration doit suivre la création."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_secret():
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        return token, hash_token(token)

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        return not self.is_revoked and not self.is_expired

    @property
    def status_label(self):
        if self.is_revoked:
            return _("Révoqué")
        if self.is_expired:
            return _("Expiré")
        return _("Actif")

    @property
    def scope_labels(self):
        labels = dict(Scope.choices)
        return [labels.get(scope, scope) for scope in self.scopes]

    def has_scope(self, scope):
        return scope in self.scopes


class ApiTokenUseQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The API token log is append-only.")

    def delete(self):
        raise AppendOnlyError("The API token log is append-only.")


class ApiTokenUse(models.Model):
    """One line per request made with a token: when, which operation, the answer's status. No request body."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="uses")
    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    method = models.CharField(_("méthode"), max_length=10)
    operation = models.CharField(_("opération"), max_length=100)
    status_code = models.PositiveSmallIntegerField(_("réponse"))

    objects = ApiTokenUseQuerySet.as_manager()

    class Meta:
        verbose_name = _("utilisation d'un jeton")
        verbose_name_plural = _("utilisations des jetons")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.method} {self.operation} {self.status_code}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The API token log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The API token log is append-only.")
