"""What the referral room plugs into other rooms: menu entries, the person's timeline, code search,
the notifications relay. Called once from ReferralsConfig.ready()."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.navigation import NavEntry
from tremplin.core.navigation import register as register_nav
from tremplin.core.roles import Role

from . import voucher
from .choices import Status


def referral_timeline(beneficiary, user):
    """A person's referrals on their timeline; a link only for those `user` may open."""
    from tremplin.people.timeline import TimelineEvent

    from .models import Referral

    # Which ones the user may open, in the same query (the scoping rule as a subquery on each row).
    visible = Referral.objects.visible_to(user).filter(pk=OuterRef("pk"))
    referrals = (
        Referral.objects.filter(beneficiary=beneficiary)
        .annotate(may_open=Exists(visible))
        .select_related("partner")
        # Only what an event shows: a referral is 29 columns wide, its partner 13.
        .only("created_at", "voucher_code", "status", "partner__name")
        .order_by("created_at")
    )
    for referral in referrals:
        url = reverse("referrals:staff_detail", args=[referral.pk]) if referral.may_open else ""
        yield TimelineEvent(
            at=referral.created_at,
            kind="referral",
            title=_("Orientée par %(partner)s") % {"partner": referral.partner.name},
            detail=_("Bon %(code)s — %(status)s")
            % {"code": referral.display_code, "status": referral.get_status_display()},
            url=url,
        )


def callback_timeline(beneficiary, user):
    """The call-back request a record was made from, on the person's timeline; a link only for staff who
    receive that site's requests (the inbox's rule). Gone with the request at the end of its retention."""
    from tremplin.people.timeline import TimelineEvent

    from .models import CallbackRequest

    visible = CallbackRequest.objects.received_by(user).filter(pk=OuterRef("pk"))
    for callback in (
        CallbackRequest.objects.filter(beneficiary=beneficiary)
        .annotate(may_open=Exists(visible))
        .select_related("site")
        .order_by("created_at")
    ):
        yield TimelineEvent(
            at=callback.created_at,
            kind="callback",
            title=_("Demande de rappel depuis les pages publiques"),
            detail=callback.site.name,
            url=reverse("referrals:callback_detail", args=[callback.pk]) if callback.may_open else "",
        )


def voucher_code_lookup(code, user):
    """People's search box: a voucher code finds the person of an accepted referral the user may see."""
    from tremplin.people.models import Beneficiary

    from .models import Referral

    if not voucher.is_well_formed(code):
        return None
    referral = Referral.objects.visible_to(user).with_voucher_code(code).filter(status=Status.ACCEPTED).first()
    if referral is None:
        return None
    return Beneficiary.objects.visible_to(user).filter(pk=referral.beneficiary_id).first()


ERASED_ON_ANONYMISATION = {
    "first_name": "",
    "last_name": "",
    "birth_year": None,
    "phone": "",
    "email": "",
    "languages": "",
    "accommodations": "",
    "context": "",
}


def erase_referrals(sender, beneficiary, actor, **kwargs):
    """When a person's record is anonymised, erase the copies of their data typed on their referrals.

    Ids, dates, statuses, needs and the postal code stay (statistics); runs in people's transaction.
    """
    from tremplin.core.models import AccessLog, log_access

    from .models import Referral

    now = timezone.now()
    for referral in Referral.objects.filter(beneficiary=beneficiary, anonymised_at__isnull=True):
        Referral.objects.filter(pk=referral.pk).update(anonymised_at=now, **ERASED_ON_ANONYMISATION)
        log_access(actor, referral, AccessLog.Action.ANONYMISE, reason=f"with:{beneficiary.pk}")


def relay_email(beneficiary):
    from .services import referrer_email_for

    return referrer_email_for(beneficiary)


def connect():
    register_nav(NavEntry(gettext_lazy("Mes orientations"), "referrals:list", (Role.REFERRER,)))
    register_nav(NavEntry(gettext_lazy("Orientations reçues"), "referrals:inbox", (Role.SITE_MANAGER, Role.MEDIATOR)))
    try:
        from tremplin.people import search, timeline
    except ImportError:  # the people room's search or timeline is not there yet
        pass
    else:
        timeline.register(referral_timeline)
        timeline.register(callback_timeline)
        search.register_code_lookup(voucher_code_lookup)
    try:
        from tremplin.people.signals import beneficiary_anonymised, beneficiary_created_from
    except ImportError:
        pass
    else:
        from .services.callbacks import link_record

        beneficiary_anonymised.connect(erase_referrals, dispatch_uid="referrals.erase_referrals")
        beneficiary_created_from.connect(link_record, dispatch_uid="referrals.callback_link_record")
    try:
        from tremplin.notifications.relays import register_relay
    except ImportError:
        pass
    else:
        register_relay(relay_email)
