"""Device workflow: reception, asset tags, the status machine, erasure, reservation and sale."""

import calendar
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access

from ..models import CATEGORY_TAG_CODES, AssetTagCounter, Device, DeviceEvent, ErasureRecord, Grade, Status, StockCount

# The status machine: from each status, where a device may go. Reserved and sold are reached only
# through reserve_device() and mark_sold(), which need a person.
ALLOWED_TRANSITIONS = {
    Status.RECEIVED: {Status.DIAGNOSIS, Status.PARTS, Status.RECYCLED},
    Status.DIAGNOSIS: {Status.ERASED, Status.PARTS, Status.RECYCLED},
    Status.ERASED: {Status.REFURBISHED, Status.PARTS, Status.RECYCLED},
    Status.REFURBISHED: {Status.GRADED, Status.PARTS, Status.RECYCLED},
    Status.GRADED: {Status.AVAILABLE, Status.REFURBISHED, Status.PARTS, Status.RECYCLED},
    Status.AVAILABLE: {Status.RESERVED, Status.SOLD, Status.GRADED, Status.PARTS, Status.RECYCLED},
    Status.RESERVED: {Status.AVAILABLE, Status.SOLD},
    Status.SOLD: set(),  # only take_back_sold_device() moves a sold device (a return at the till)
    Status.RETURNED: {Status.DIAGNOSIS, Status.PARTS, Status.RECYCLED},
    Status.PARTS: {Status.RECYCLED},
    Status.RECYCLED: set(),
}
# Transitions that need their own service (and a person).
PERSON_STATUSES = {Status.RESERVED, Status.SOLD}


def next_statuses(device):
    """Statuses the workflow form may offer for `device` (the person-bound ones excluded)."""
    allowed = ALLOWED_TRANSITIONS[Status(device.status)] - PERSON_STATUSES
    return [status for status in Status if status in allowed]


def allocate_asset_tag(site, category, year=None):
    """The next tag for (site, category, year), e.g. LY-PC-2026-00042. Call inside a transaction.

    The counter row is locked, so two receptions at once never get the same number.
    """
    year = year or timezone.localdate().year
    code = CATEGORY_TAG_CODES[category]
    AssetTagCounter.objects.get_or_create(site=site, code=code, year=year)
    counter = AssetTagCounter.objects.select_for_update().get(site=site, code=code, year=year)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return f"{site.code}-{code}-{year}-{counter.last_value:05d}"


def _build_device(actor, site, batch, fields):
    device = Device(site=site, batch=batch, received_by=actor, **fields)
    device.asset_tag = allocate_asset_tag(site, device.category)
    device.save()
    DeviceEvent.objects.create(device=device, from_status="", to_status=Status.RECEIVED, actor=actor)
    return device


@transaction.atomic
def receive_device(actor, site, fields, batch=None):
    """Record one received device: allocate its asset tag and open its history."""
    return _build_device(actor, site, batch, fields)


@transaction.atomic
def receive_devices(actor, site, rows, batch=None):
    """Record several devices at once (CSV import): all of them or none."""
    return [_build_device(actor, site, batch, fields) for fields in rows]


def _claim(device, from_statuses, to_status, actor, note="", condition=None, **fields):
    """Move `device` with a conditional update: of two concurrent moves, exactly one wins."""
    now = timezone.now()
    query = Q(pk=device.pk, status__in=list(from_statuses))
    if condition is not None:
        query &= condition
    with StockCount.objects.tracking([device.pk]):  # the dashboard's counters (models/stock.py)
        changed = Device.objects.filter(query).update(status=to_status, status_changed_at=now, **fields)
        if changed != 1:
            raise ValidationError(_("L'appareil a changé entre-temps : rechargez la page et réessayez."))
    DeviceEvent.objects.create(
        device=device, from_status=device.status, to_status=to_status, actor=actor, at=now, note=note[:300]
    )
    device.refresh_from_db()
    return device


def _check_transition(device, to_status, details):
    from_status = Status(device.status)
    to_status = Status(to_status)
    if to_status not in ALLOWED_TRANSITIONS[from_status]:
        raise ValidationError(
            _("Impossible de passer de « %(from)s » à « %(to)s ».") % {"from": from_status.label, "to": to_status.label}
        )
    if to_status in PERSON_STATUSES and not details.get("_person_service"):
        raise ValidationError(_("Une réservation ou une vente se fait depuis son propre formulaire."))
    erasure = ErasureRecord.objects.filter(device=device, verified=True).first()
    if to_status in (Status.ERASED, Status.AVAILABLE) and erasure is None:
        raise ValidationError(_("Enregistrez d'abord un effacement des données vérifié."))
    if to_status == Status.GRADED and not device.grade:
        raise ValidationError(_("Classez d'abord l'appareil (formulaire de classement)."))
    if to_status == Status.AVAILABLE:
        if device.grade == Grade.UNSELLABLE:
            raise ValidationError(_("Un appareil non vendable ne peut pas être mis en vente."))
        if device.solidarity_price is None:
            raise ValidationError(_("Aucun prix n'est défini pour ce grade : complétez la grille tarifaire."))
    if to_status == Status.RECYCLED and (not details.get("recycler") or not details.get("recycled_on")):
        raise ValidationError(_("Indiquez le recycleur et la date de remise pour un recyclage."))


@transaction.atomic
def transition(actor, device, to_status, note="", **details):
    """Move a device along the workflow; refuses impossible moves with a clear message.

    `details`: recycler and recycled_on when recycling. A device becomes available only with a
    verified erasure record, a sellable grade and a price.
    """
    _check_transition(device, to_status, details)
    fields = {}
    if to_status == Status.RECYCLED:
        fields = {"recycler": details["recycler"], "recycled_on": details["recycled_on"]}
    if device.status == Status.RESERVED and to_status == Status.AVAILABLE:
        fields = {"reserved_for": None, "reserved_until": None}
    return _claim(device, [device.status], to_status, actor, note=note, **fields)


@transaction.atomic
def record_erasure(actor, device, *, method, tool, operator, performed_on, verified, verification_notes=""):
    """Record (or correct) the data-erasure of a device; a verified erasure moves it out of diagnosis."""
    if device.status in (Status.SOLD, Status.RECYCLED):
        raise ValidationError(_("Cet appareil a quitté le stock : son effacement ne peut plus être modifié."))
    ErasureRecord.objects.update_or_create(
        device=device,
        defaults={
            "method": method,
            "tool": tool,
            "operator": operator,
            "performed_on": performed_on,
            "verified": verified,
            "verification_notes": verification_notes,
        },
    )
    if verified and device.status == Status.DIAGNOSIS:
        return _claim(device, [Status.DIAGNOSIS], Status.ERASED, actor, note=_("Effacement vérifié"))
    return device


def _refuse_if_in_transit(device):
    from ..models import Transfer, TransferLine

    if TransferLine.objects.filter(device=device, transfer__status=Transfer.Status.SENT).exists():
        raise ValidationError(_("Cet appareil est en cours de transfert vers un autre espace."))


@transaction.atomic
def reserve_device(actor, device, beneficiary, until):
    """Reserve an available device for a person until a date; of two people at once, exactly one wins."""
    if until <= timezone.now():
        raise ValidationError(_("L'échéance de la réservation doit être dans le futur."))
    if device.status != Status.AVAILABLE:
        raise ValidationError(_("Seul un appareil disponible peut être réservé."))
    _refuse_if_in_transit(device)
    try:
        _claim(
            device,
            [Status.AVAILABLE],
            Status.RESERVED,
            actor,
            note=_("Réservé jusqu'au %(date)s") % {"date": timezone.localtime(until).strftime("%d/%m/%Y")},
            reserved_for=beneficiary,
            reserved_until=until,
        )
    except ValidationError:
        raise ValidationError(_("Cet appareil vient d'être réservé ou vendu : il n'est plus disponible.")) from None
    log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason="réservation de matériel")
    return device


@transaction.atomic
def release_reservation(actor, device, note=""):
    return transition(actor, device, Status.AVAILABLE, note=note or _("Réservation levée"))


def release_expired_reservations(now=None):
    """Put back on sale every device whose reservation has expired. Returns how many were released."""
    now = now or timezone.now()
    released = 0
    for device in Device.objects.filter(status=Status.RESERVED, reserved_until__lt=now):
        with transaction.atomic():
            try:
                _claim(
                    device,
                    [Status.RESERVED],
                    Status.AVAILABLE,
                    None,
                    note=_("Réservation expirée"),
                    condition=Q(reserved_until__lt=now),
                    reserved_for=None,
                    reserved_until=None,
                )
            except ValidationError:
                continue  # sold or released meanwhile
            released += 1
    return released


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def mark_sold(actor, device, sold_at, beneficiary):
    """Called by the till: an available device, or one reserved for this person, becomes sold once.

    The warranty runs TREMPLIN_WARRANTY_MONTHS (6 by default) from the sale date.
    """
    _refuse_if_in_transit(device)
    months = getattr(settings, "TREMPLIN_WARRANTY_MONTHS", 6)
    warranty_until = add_months(timezone.localtime(sold_at).date(), months)
    condition = Q(status=Status.AVAILABLE) | Q(status=Status.RESERVED, reserved_for=beneficiary)
    try:
        _claim(
            device,
            [Status.AVAILABLE, Status.RESERVED],
            Status.SOLD,
            actor,
            note=_("Vendu"),
            condition=condition,
            sold_at=sold_at,
            sold_to=beneficiary,
            warranty_until=warranty_until,
            reserved_for=None,
            reserved_until=None,
        )
    except ValidationError:
        raise ValidationError(_("Cet appareil n'est pas en vente pour cette personne.")) from None
    log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason="vente de matériel")
    return device


@transaction.atomic
def take_back_sold_device(actor, device, note=""):
    """Called by the till for a return: a sold device comes back as "returned", to be diagnosed again.

    The sale stays in the cash journal (the return is a new ticket); the device loses its buyer and warranty.
    """
    try:
        return _claim(
            device,
            [Status.SOLD],
            Status.RETURNED,
            actor,
            note=note or _("Retour en caisse"),
            sold_to=None,
            sold_at=None,
            warranty_until=None,
        )
    except ValidationError:
        raise ValidationError(_("Cet appareil n'est plus vendu : il ne peut pas être repris.")) from None
