"""Read-only share links: the figures of a scope and period for a funder who has no account.

The link carries a random token (32 bytes, URL-safe); only its SHA-256 is stored, so a copy of the database
does not give working links. A link expires (at most MAX_DAYS), can be revoked at once, shows aggregates only
and always applies the small-count rule. Opening it needs no login; the page is the statistics room's
figures for the saved scope (saved_scope.py), never a person.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .saved_scope import SavedScope

DEFAULT_DAYS = 90
MAX_DAYS = 365
TOKEN_BYTES = 32


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ShareLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def managed_by(self, user):
        """The links `user` may list and revoke: theirs; the national team's view covers every link."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        return self.filter(created_by=user)


class ShareLink(SavedScope):
    label = models.CharField(
        _("destinataire"), max_length=150, help_text=_("Pour qui est ce lien, par exemple « Département du Rhône ».")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("créé par")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    open_count = models.PositiveIntegerField(default=0)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien de partage")
        verbose_name_plural = _("liens de partage")
        ordering = ["-created_at"]

    def __str__(self):
        return self.label

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


def allowed_sites(user):
    """Site ids whose figures `user` may share (None: every site — the national team)."""
    from tremplin.core.roles import Role

    if user.is_network_admin:
        return None
    return set(user.site_ids(Role.SITE_MANAGER))


def can_share(user):
    return user.is_authenticated and (user.is_network_admin or bool(allowed_sites(user)))


def check_scope_allowed(user, *, programme=None, sites=(), whole_network=False):
    """The sites to save with a share link or report on that scope; PermissionDenied unless `user` may.

    The national team may share anything (a programme: all its sites, nothing saved). A site manager shares
    their own sites, or a programme covering at least one of them — limited to those sites, which are saved
    with the programme so the figures stay limited whoever opens it.
    """
    allowed = allowed_sites(user)
    if allowed is None:
        return [] if programme or whole_network else list(sites)
    if whole_network:
        raise PermissionDenied
    if programme:
        site_ids = set(programme.sites.values_list("pk", flat=True)) & allowed
        if not site_ids:
            raise PermissionDenied
        return sorted(site_ids)
    site_ids = {site.pk for site in sites}
    if not site_ids or not site_ids <= allowed:
        raise PermissionDenied
    return list(sites)


@transaction.atomic
def create_share_link(
    actor, *, label, period_start, period_end, days=DEFAULT_DAYS, programme=None, sites=(), whole_network=False
):
    """A new link; returns (link, token). The token is shown once to its creator, never stored."""
    saved_sites = check_scope_allowed(actor, programme=programme, sites=sites, whole_network=whole_network)
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("La durée de validité va de 1 à %(max)s jours.") % {"max": MAX_DAYS}})
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink(
        label=label,
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(days=days),
        created_by=actor,
        programme=programme,
        whole_network=whole_network and not programme,
        period_start=period_start,
        period_end=period_end,
    )
    link.full_clean(exclude=["sites"])
    link.save()
    if saved_sites:
        link.sites.set(saved_sites)
    return link, token


def find_active(token):
    """The active link for this token, or None (unknown, revoked and expired links look the same)."""
    if not token or len(token) > 100:
        return None
    link = ShareLink.objects.active().select_related("programme").filter(token_hash=hash_token(token)).first()
    if link:
        ShareLink.objects.filter(pk=link.pk).update(open_count=F("open_count") + 1, last_opened_at=timezone.now())
    return link


@transaction.atomic
def revoke(actor, link):
    if not ShareLink.objects.managed_by(actor).filter(pk=link.pk).exists():
        raise PermissionDenied
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link
