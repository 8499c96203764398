"""What each role's home page shows: counts, and for site staff the short lists their day starts from."""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from tremplin.core import home_counts
from tremplin.core.observer_scope import observer_scope
from tremplin.core.roles import Role


def _with_today_hours(sites):
    """Each site with `today_slots`: its open slots today, [] if closed, None if hours are unknown."""
    from tremplin.network.opening_hours_display import slots_on
    from tremplin.network.public_holidays import holiday_region

    today = timezone.localdate()
    sites = list(sites)
    for site in sites:
        site.today_slots = slots_on(site.opening_hours, today, holiday_region(site.postal_code))
    return sites


AGREEMENT_WARNING_DAYS = 60


def _ending_agreements(Partner):
    """Active partners whose agreement (convention) ends within AGREEMENT_WARNING_DAYS, soonest first."""
    today = timezone.localdate()
    return list(
        Partner.objects.active()
        .filter(agreement_end__gte=today, agreement_end__lte=today + timedelta(days=AGREEMENT_WARNING_DAYS))
        .order_by("agreement_end", "name")[:20]
    )


def home_context(user, role):
    Site = apps.get_model("network", "Site")
    Partner = apps.get_model("network", "PartnerOrganisation")
    User = apps.get_model("accounts", "User")
    Invitation = apps.get_model("accounts", "Invitation")
    context = {
        "role": role,
        "home_counts": home_counts.counts_for(user, role),
        "home_lists": home_counts.lists_for(user, role),
    }
    if role == Role.NETWORK_ADMIN:
        context.update(
            site_count=Site.objects.active().count(),
            partner_count=Partner.objects.active().count(),
            user_count=User.objects.filter(is_active=True).count(),
            pending_invitations=Invitation.objects.pending().count(),
            ending_agreements=_ending_agreements(Partner),
        )
    elif role in (Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER):
        context["sites"] = _with_today_hours(Site.objects.filter(pk__in=user.site_ids()).order_by("name"))
    elif role == Role.REFERRER:
        context["partners"] = Partner.objects.filter(pk__in=user.partner_ids()).order_by("name")
    elif role == Role.OBSERVER:
        context.update(_observer_home(user, Site, Partner))
    return context


def _observer_home(user, Site, Partner):
    """Network-wide observers: the network's counts. Narrowed ones (a site, a partner, a programme — see
    core/observer_scope.py): what their scope is made of, never a count of the rest of the network."""
    observed = observer_scope(user)
    if observed is None or observed.is_network:
        return {
            "network_wide": True,
            "site_count": Site.objects.active().count(),
            "partner_count": Partner.objects.active().count(),
        }
    sites = observed.site_ids_for_figures or frozenset()
    partners = observed.partner_ids or frozenset()
    return {
        "network_wide": False,
        "scope_sites": list(Site.objects.filter(pk__in=sites).order_by("name")),
        "scope_partners": list(Partner.objects.filter(pk__in=partners).order_by("name").values_list("name", flat=True)),
        "scope_programmes": [grant.label for grant in observed.grants if grant.kind == "programme"],
    }
