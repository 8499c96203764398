"""Account operations: invitations, memberships, deactivation. Each is one transaction."""

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.core.links import absolute_url
from tremplin.core.models import AccessLog, log_access
from tremplin.core.roles import PARTNER_ROLES, SITE_ROLES, Role

from .models import Invitation, Membership

User = get_user_model()

# Roles a site manager may hand out at the sites they manage.
SITE_MANAGER_GRANTABLE = {Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER}


def can_grant(actor, role, site=None, partner=None):
    """Whether `actor` may give `role` at this site or partner (network admins: anything)."""
    if actor.is_network_admin:
        return True
    if role in SITE_MANAGER_GRANTABLE:
        return site is not None and site.pk in actor.site_ids(Role.SITE_MANAGER)
    if role in PARTNER_ROLES:
        # Site managers bring in the social workers of the partners who refer people to them.
        return partner is not None and bool(actor.site_ids(Role.SITE_MANAGER))
    return False


def grantable_roles(actor):
    if actor.is_network_admin:
        return list(Role)
    if actor.site_ids(Role.SITE_MANAGER):
        return [Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER, Role.REFERRER]
    return []


def check_scope(role, site, partner):
    """The scope rules of Membership's check constraint, with a message per field."""
    if role in SITE_ROLES and site is None:
        raise ValidationError({"site": _("Choisissez l'espace où ce rôle s'exerce.")})
    if role in SITE_ROLES and partner is not None:
        raise ValidationError({"partner": _("Ce rôle s'exerce dans un espace, pas dans une structure partenaire.")})
    if role in PARTNER_ROLES and partner is None:
        raise ValidationError({"partner": _("Choisissez la structure partenaire de cette personne.")})
    if role in PARTNER_ROLES and site is not None:
        raise ValidationError({"site": _("Ce rôle s'exerce dans une structure partenaire, pas dans un espace.")})
    if role == Role.NETWORK_ADMIN and (site or partner):
        raise ValidationError(
            {
                "site" if site else "partner": _(
                    "L'équipe nationale agit sur tout le réseau : ne choisissez ni espace ni partenaire."
                )
            }
        )
    if role == Role.OBSERVER and site and partner:
        raise ValidationError(
            {"partner": _("Un·e financeur voit soit un espace, soit un partenaire, soit tout le réseau.")}
        )


@transaction.atomic
def invite_user(actor, *, email, full_name, role, site=None, partner=None, request=None):
    """Create an invitation and e-mail its single-use link. Returns (invitation, token)."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Un compte existe déjà avec cette adresse e-mail.")})
    check_scope(role, site, partner)
    if not can_grant(actor, role, site, partner):
        raise ValidationError(_("Vous ne pouvez pas donner ce rôle à cet endroit."))
    # A new invitation replaces any pending one for the same address.
    Invitation.objects.pending().filter(email__iexact=email).update(revoked_at=timezone.now())
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name.strip(),
        role=role,
        site=site,
        partner=partner,
        token_hash=token_hash,
        invited_by=actor,
    )
    link = absolute_url(reverse("accounts:accept_invitation", args=[token]))
    # The invitee has no language preference yet: the e-mail is in the network's language, not the sender's.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Votre invitation à Tremplin")
        body = render_to_string(
            "accounts/email/invitation.txt",
            {"invitation": invitation, "link": link, "actor": actor},
        )
    from tremplin.ops.jobs import send_email_later

    send_email_later(EmailMessage(subject, body, None, [email]))  # sent by the background worker
    return invitation, token


@transaction.atomic
def revoke_invitation(actor, invitation):
    """Cancel a pending invitation: its link stops working at once. An accepted one is left alone."""
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    log_access(actor, invitation, AccessLog.Action.UPDATE, reason="invitation revoked")


def find_usable_invitation(token):
    """The invitation for this token, or a ValidationError saying why it cannot be used."""
    try:
        invitation = Invitation.objects.select_related("site", "partner").get_by_token(token)
    except Invitation.DoesNotExist:
        raise ValidationError(_("Ce lien d'invitation n'est pas valide.")) from None
    if invitation.accepted_at:
        raise ValidationError(_("Ce lien d'invitation a déjà été utilisé. Connectez-vous avec votre adresse e-mail."))
    if invitation.revoked_at:
        raise ValidationError(_("Cette invitation a été annulée. Demandez une nouvelle invitation."))
    if invitation.is_expired:
        raise ValidationError(_("Ce lien d'invitation a expiré. Demandez une nouvelle invitation."))
    return invitation


@transaction.atomic
def accept_invitation(token, *, full_name, password):
    """Create the account and its membership; the link then stops working (claimed atomically)."""
    invitation = find_usable_invitation(token)
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(accepted_at=timezone.now())
    if claimed != 1:
        raise ValidationError(_("Ce lien d'invitation a déjà été utilisé. Connectez-vous avec votre adresse e-mail."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("Un compte existe déjà avec cette adresse e-mail. Connectez-vous."))
    user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
    Membership.objects.create(
        user=user,
        role=invitation.role,
        site=invitation.site,
        partner=invitation.partner,
        created_by=invitation.invited_by,
    )
    Invitation.objects.filter(pk=invitation.pk).update(user=user)
    return user


@transaction.atomic
def add_membership(actor, user, *, role, site=None, partner=None):
    check_scope(role, site, partner)
    if not can_grant(actor, role, site, partner):
        raise ValidationError(_("Vous ne pouvez pas donner ce rôle à cet endroit."))
    membership, created = Membership.objects.get_or_create(
        user=user, role=role, site=site, partner=partner, defaults={"created_by": actor}
    )
    if not created:
        if membership.is_active:
            raise ValidationError(_("Cette personne a déjà ce rôle à cet endroit."))
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    log_access(actor, user, AccessLog.Action.UPDATE, reason="membership added")
    return membership


@transaction.atomic
def end_membership(actor, membership):
    if not can_grant(actor, membership.role, membership.site, membership.partner):
        raise ValidationError(_("Vous ne pouvez pas retirer ce rôle."))
    Membership.objects.filter(pk=membership.pk).update(is_active=False)
    log_access(actor, membership.user, AccessLog.Action.UPDATE, reason="membership ended")


def can_deactivate(actor, user):
    """Admins may deactivate anyone but themselves; a site manager only people who work solely at their sites."""
    if actor.pk == user.pk:
        return False
    if actor.is_network_admin:
        return True
    managed = actor.site_ids(Role.SITE_MANAGER)
    memberships = list(user.memberships.filter(is_active=True))
    return (
        bool(managed) and bool(memberships) and all(m.role in SITE_ROLES and m.site_id in managed for m in memberships)
    )


def end_all_sessions(user):
    """Log the user out everywhere, now.

    Every session is tracked by allauth.usersessions; on top of that the authentication backend
    refuses inactive users on their next request, so a deactivated account is out at once.
    """
    for user_session in UserSession.objects.filter(user=user):
        user_session.end()


@transaction.atomic
def deactivate_user(actor, user):
    if not can_deactivate(actor, user):
        raise ValidationError(_("Vous ne pouvez pas désactiver ce compte."))
    User.objects.filter(pk=user.pk).update(is_active=False)
    log_access(actor, user, AccessLog.Action.DEACTIVATE)
    transaction.on_commit(lambda: end_all_sessions(user))


@transaction.atomic
def reactivate_user(actor, user):
    if not can_deactivate(actor, user):
        raise ValidationError(_("Vous ne pouvez pas réactiver ce compte."))
    User.objects.filter(pk=user.pk).update(is_active=True)
    log_access(actor, user, AccessLog.Action.UPDATE, reason="account reactivated")
