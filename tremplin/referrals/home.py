"""Referral figures and the open referrals for the staff home pages."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.dates import display
from tremplin.core.home_counts import HomeCount, HomeList, HomeListItem
from tremplin.core.roles import Role

from .models import CallbackRequest, Referral


def referral_counts(user, role):
    """Referrals to handle (and those waiting too long), and the public call-back requests not called yet.

    Both are handled in the inbox (the call-back requests in its first section)."""
    if role not in (Role.SITE_MANAGER, Role.MEDIATOR):
        return []
    received = Referral.objects.received_by(user)
    waiting_long = received.waiting_too_long().count()
    to_handle = received.open().count()
    label = ngettext("orientation à traiter", "orientations à traiter", to_handle)
    counts = [HomeCount(label, to_handle, reverse("referrals:inbox"))]
    if waiting_long:
        counts.append(
            HomeCount(
                ngettext(
                    "orientation en attente depuis trop longtemps",
                    "orientations en attente depuis trop longtemps",
                    waiting_long,
                ),
                waiting_long,
                reverse("referrals:inbox"),
                warning=True,
            )
        )
    callbacks = CallbackRequest.objects.received_by(user).waiting().count()
    if callbacks:
        counts.append(
            HomeCount(
                ngettext("demande de rappel à traiter", "demandes de rappel à traiter", callbacks),
                callbacks,
                reverse("referrals:inbox") + "#callbacks-title",
            )
        )
    return counts


MAX_HOME_REFERRALS = 10


def my_open_referrals(user, role):
    """The open referrals of the user's sites, oldest first (as in the inbox), for staff who handle them."""
    if role not in (Role.SITE_MANAGER, Role.MEDIATOR):
        return []
    referrals = list(
        Referral.objects.received_by(user)
        .open()
        .select_related("partner", "target_site")
        .order_by("received_at", "pk")[: MAX_HOME_REFERRALS + 1]
    )
    several_sites = len({r.target_site_id for r in referrals}) > 1
    items = []
    for referral in referrals[:MAX_HOME_REFERRALS]:
        detail = _("%(code)s, orientée par %(partner)s") % {
            "code": referral.display_code,
            "partner": referral.partner.name,
        }
        if several_sites:
            detail = f"{detail} — {referral.target_site.name}"
        badges = [referral.get_status_display()]
        if referral.is_waiting_too_long:
            badges.append(
                ngettext("en attente depuis %(count)s jour", "en attente depuis %(count)s jours", referral.waiting_days)
                % {"count": referral.waiting_days}
            )
        items.append(
            HomeListItem(
                label=referral.person_name,
                url=reverse("referrals:staff_detail", args=[referral.pk]),
                when=display(referral.received_at, "date_short"),
                detail=detail,
                badges=tuple(badges),
                warning=referral.is_waiting_too_long,
            )
        )
    return [
        HomeList(
            key="referrals",
            order=20,
            title=_("Mes orientations ouvertes"),
            items=items,
            empty=_("Aucune orientation ouverte dans vos espaces."),
            url=reverse("referrals:inbox"),
            link_label=_("Toutes les orientations reçues"),
            more=max(Referral.objects.received_by(user).open().count() - MAX_HOME_REFERRALS, 0)
            if len(referrals) > MAX_HOME_REFERRALS
            else 0,
        )
    ]
