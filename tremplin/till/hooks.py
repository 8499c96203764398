"""What the till adds to lower rooms' pages (registered from TillConfig.ready()).

- the person's page: the rights summary (as at the till) and a "Passer en caisse" link, for site managers
  and mediators of the person's sites;
- the referrer's progress: "A obtenu un équipement ou une connectivité" from a real sale (yes only: the
  inventory room answers the same question, and answers merge by label);
- the person's timeline: purchases and returns (ticket number, what); amounts for site staff only;
- an after-sales ticket of the inventory room: the ticket that sold its device.

Nothing here writes the access log: the person's page logs its own read, and these read no more.
"""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.roles import Role

from .models import TILL_ROLES, QuotaRule, Register, RevenueCategory, Sale, SaleKind, SaleLine

EQUIPPING_CATEGORIES = (RevenueCategory.DEVICE, RevenueCategory.CONNECTIVITY)


def _shared_till_sites(beneficiary, user):
    from tremplin.people.actions import site_ids_of

    return user.site_ids(*TILL_ROLES) & site_ids_of(beneficiary)


def _person_ids(beneficiary):
    """`person_ids()` read once per request for the person's page (its purchases and its rights)."""
    from .services.rights import person_ids

    if not hasattr(beneficiary, "_till_person_ids"):
        beneficiary._till_person_ids = person_ids(beneficiary)
    return beneficiary._till_person_ids


def rights_items(beneficiary, user):
    """The person's rights, one line per rule, as the till shows them (site managers and mediators)."""
    from tremplin.people.actions import CurrentItem

    from .services.rights import rights_summary

    if not beneficiary.is_active or not _shared_till_sites(beneficiary, user):
        return
    rules = list(QuotaRule.objects.filter(is_active=True))
    if not rules:
        return
    for status in rights_summary(beneficiary, rules=rules, ids=_person_ids(beneficiary)):
        detail = _("Plus possible pour l'instant") if status.exhausted else ""
        yield CurrentItem("rights", _("Droits — %(sentence)s") % {"sentence": status.sentence}, detail)


def till_action(beneficiary, user):
    """« Passer en caisse »: the register of the person's site the user sells at (the till's entry when
    there are several); no link at all where the user has no register to sell at."""
    from tremplin.people.actions import PersonAction

    shared = _shared_till_sites(beneficiary, user)
    if not shared:
        return
    registers = list(Register.objects.usable_by(user).filter(site_id__in=shared).order_by("site__name", "code")[:2])
    if not registers:
        return
    url = registers[0].get_absolute_url() if len(registers) == 1 else reverse("till:index")
    yield PersonAction(_("Passer en caisse"), url + "?" + urlencode({"personne": beneficiary.pk}), 25)


def got_equipment_at_till(beneficiary):
    """Yes when the person (or a record merged into theirs) bought a device or connectivity at a real till."""
    from tremplin.inventory.progress import EQUIPPED

    from .services.rights import person_ids

    bought = SaleLine.objects.filter(
        sale__beneficiary_id__in=list(person_ids(beneficiary)),
        sale__training=False,
        sale__kind=SaleKind.SALE,
        quantity__gt=0,
        revenue_category__in=EQUIPPING_CATEGORIES,
    ).exists()
    # Only ever "yes": a "no" here would overwrite the inventory room's answer to the same question.
    return {EQUIPPED: True} if bought else {}


def _line_text(line):
    return line.label if line.quantity == 1 else f"{line.quantity} × {line.label}"


def purchase_events(beneficiary, user, until=None, limit=50):
    """Purchases and returns in the person's timeline, latest first; amounts only for site managers and
    mediators. With `until`, only tickets finalised by then (the person's page, see people.timeline)."""
    from tremplin.core.money import euros_from_cents as euros
    from tremplin.people.timeline import TimelineEvent

    show_amounts = user.has_role(Role.SITE_MANAGER, Role.MEDIATOR)
    sales = Sale.objects.real().for_person_ids(_person_ids(beneficiary))
    if until is not None:
        sales = sales.filter(finalised_at__lte=until)
    sales = (
        sales.select_related("register__site")
        # Only what an event shows (the ticket number is the site's and register's codes and the number).
        .only("kind", "training", "number", "finalised_at", "total_cents", "register__code", "register__site__code")
        .prefetch_related(Prefetch("lines", queryset=SaleLine.objects.only("sale", "label", "quantity")))
        .order_by("-finalised_at")[:limit]
    )
    visible = set(Sale.objects.visible_to(user).filter(pk__in=[sale.pk for sale in sales]).values_list("pk", flat=True))
    for sale in sales:
        what = ", ".join(
            line.label if line.quantity == 1 else f"{line.quantity} × {line.label}" for line in sale.lines.all()
        )
        if sale.kind == SaleKind.RETURN:
            title = _("Retour en caisse : ticket %(number)s") % {"number": sale.ticket_number}
        else:
            title = _("Achat en caisse : ticket %(number)s") % {"number": sale.ticket_number}
        detail = what
        if show_amounts:
            detail = _("%(what)s — %(amount)s") % {"what": what, "amount": euros(sale.total_cents)}
        yield TimelineEvent(
            sale.finalised_at, "purchase", title, detail, sale.get_absolute_url() if sale.pk in visible else ""
        )


def sale_of_device(ticket, user):
    """On an after-sales ticket: the till ticket that sold its device (the last real sale of it)."""
    line = (
        SaleLine.objects.filter(device_id=ticket.device_id, sale__training=False, quantity__gt=0)
        .select_related("sale__register__site")
        .order_by("-sale__finalised_at")
        .first()
    )
    if line is None or not Sale.objects.visible_to(user).filter(pk=line.sale_id).exists():
        return
    from .services.sessions import local_date

    sale = line.sale
    yield (
        _("ticket %(number)s du %(date)s")
        % {
            "number": sale.ticket_number,
            "date": local_date(sale.register.site, sale.finalised_at).strftime("%d/%m/%Y"),
        },
        sale.get_absolute_url(),
    )


def connect():
    from tremplin.core.navigation import NavEntry
    from tremplin.core.navigation import register as register_nav
    from tremplin.inventory import sale_links
    from tremplin.people import actions, timeline
    from tremplin.referrals import progress

    register_nav(NavEntry(gettext_lazy("Réglages caisse"), "till:admin_index", (Role.NETWORK_ADMIN, Role.SITE_MANAGER)))
    actions.register_current(rights_items)
    actions.register_action(till_action)
    timeline.register(purchase_events)
    progress.register(got_equipment_at_till)
    sale_links.register(sale_of_device)
