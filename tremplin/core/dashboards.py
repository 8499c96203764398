"""What each role's home page shows. Counts only: no personal data on a dashboard."""

from django.apps import apps

from tremplin.core.roles import Role


def home_context(user, role):
    Site = apps.get_model("network", "Site")
    Partner = apps.get_model("network", "PartnerOrganisation")
    User = apps.get_model("accounts", "User")
    Invitation = apps.get_model("accounts", "Invitation")
    context = {"role": role}
    if role == Role.NETWORK_ADMIN:
        context.update(
            site_count=Site.objects.active().count(),
            partner_count=Partner.objects.active().count(),
            user_count=User.objects.filter(is_active=True).count(),
            pending_invitations=Invitation.objects.pending().count(),
        )
    elif role in (Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER):
        context["sites"] = Site.objects.filter(pk__in=user.site_ids()).order_by("name")
    elif role == Role.REFERRER:
        context["partners"] = Partner.objects.filter(pk__in=user.partner_ids()).order_by("name")
    elif role == Role.OBSERVER:
        context.update(
            site_count=Site.objects.active().count(),
            partner_count=Partner.objects.active().count(),
        )
    return context
