"""Accounts: users sign in with their e-mail; what they may do comes from their memberships."""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tremplin.core.roles import PARTNER_ROLES, SITE_ROLES, Role


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Accounts a user may list: all for network admins, their sites' staff for site managers."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        managed = user.site_ids(Role.SITE_MANAGER)
        if not managed:
            return self.filter(pk=user.pk)
        return self.filter(
            Q(memberships__site_id__in=managed) | Q(pk__in=Invitation.objects.filter(invited_by=user).values("user"))
        ).distinct()


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    # Opaque id used in URLs, so that addresses never show an e-mail or a sequential number.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("adresse e-mail"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message=_("Un compte existe déjà avec cette adresse e-mail."),
            )
        ]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    # --- roles and scope (cached for the life of the request's user object) ---

    @cached_property
    def active_memberships(self):
        return list(self.memberships.filter(is_active=True).select_related("site", "partner"))

    @cached_property
    def roles(self):
        return frozenset(m.role for m in self.active_memberships)

    def has_role(self, *roles):
        return bool(self.roles & set(roles))

    @property
    def is_network_admin(self):
        return Role.NETWORK_ADMIN in self.roles

    def site_ids(self, *roles):
        """Ids of the sites where this user holds one of `roles` (any site role when omitted)."""
        wanted = set(roles) or SITE_ROLES
        return {m.site_id for m in self.active_memberships if m.role in wanted and m.site_id}

    def partner_ids(self, *roles):
        wanted = set(roles) or PARTNER_ROLES
        return {m.partner_id for m in self.active_memberships if m.role in wanted and m.partner_id}

    @property
    def requires_two_factor(self):
        return bool(self.roles & set(settings.TREMPLIN_MFA_REQUIRED_ROLES))


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        """Network admins see every membership; site managers those of their sites."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        managed = user.site_ids(Role.SITE_MANAGER)
        if managed:
            return self.filter(site_id__in=managed)
        return self.filter(user=user)


class Membership(models.Model):
    """A role held by a user at a site, at a partner organisation, or network-wide."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    site = models.ForeignKey(
        "network.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("espace"),
    )
    partner = models.ForeignKey(
        "network.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("structure partenaire"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("rattachement")
        verbose_name_plural = _("rattachements")
        ordering = ["role", "pk"]
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(role__in=sorted(r.value for r in SITE_ROLES), site__isnull=False, partner__isnull=True)
                    | Q(role__in=sorted(r.value for r in PARTNER_ROLES), site__isnull=True, partner__isnull=False)
                    | Q(role=Role.NETWORK_ADMIN, site__isnull=True, partner__isnull=True)
                    | (Q(role=Role.OBSERVER) & ~Q(site__isnull=False, partner__isnull=False))
                ),
                violation_error_message=_("Ce rôle ne correspond pas au lieu de rattachement choisi."),
            ),
            # Three partial constraints rather than NULLS NOT DISTINCT, which SQLite lacks.
            models.UniqueConstraint(
                fields=["user", "role", "site"],
                condition=Q(site__isnull=False),
                name="membership_unique_at_site",
                violation_error_message=_("Cette personne a déjà ce rôle à cet endroit."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "partner"],
                condition=Q(partner__isnull=False),
                name="membership_unique_at_partner",
                violation_error_message=_("Cette personne a déjà ce rôle à cet endroit."),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(site__isnull=True, partner__isnull=True),
                name="membership_unique_network_wide",
                violation_error_message=_("Cette personne a déjà ce rôle à cet endroit."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.scope_label}"

    @property
    def scope_label(self):
        if self.site_id:
            return str(self.site)
        if self.partner_id:
            return str(self.partner)
        return str(_("tout le réseau"))


def _hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        return self.filter(invited_by=user)

    def get_by_token(self, token):
        return self.get(token_hash=_hash_token(token))


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """A single-use, expiring link to create an account with one membership.

    Only a hash of the token is stored: a database leak does not give working links.
    """

    email = models.EmailField(_("adresse e-mail"))
    full_name = models.CharField(_("nom complet"), max_length=150)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    site = models.ForeignKey("network.Site", on_delete=models.CASCADE, null=True, blank=True)
    partner = models.ForeignKey("network.PartnerOrganisation", on_delete=models.CASCADE, null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations_sent")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @staticmethod
    def new_token():
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def status_label(self):
        if self.accepted_at:
            return _("acceptée")
        if self.revoked_at:
            return _("annulée")
        if self.is_expired:
            return _("expirée")
        return _("en attente")
