"""Transfers between sites: devices leave one site's stock and join another's on receipt."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Device, DeviceEvent, StockCount, Transfer, TransferLine

TRANSFERABLE_STATUSES = {"received", "diagnosis", "erased", "refurbished", "graded", "available", "parts"}


@transaction.atomic
def send_transfer(actor, from_site, to_site, devices):
    """Send devices of `from_site` to `to_site`. Devices stay listed at the origin until received."""
    devices = list(Device.objects.select_for_update().filter(pk__in=[d.pk for d in devices]).order_by("pk"))
    if not devices:
        raise ValidationError(_("Choisissez au moins un appareil."))
    if from_site.pk == to_site.pk:
        raise ValidationError(_("Un transfert relie deux espaces différents."))
    for device in devices:
        if device.site_id != from_site.pk or device.status not in TRANSFERABLE_STATUSES:
            raise ValidationError(_("%(tag)s ne peut pas être transféré.") % {"tag": device.asset_tag})
        if TransferLine.objects.filter(device=device, transfer__status=Transfer.Status.SENT).exists():
            raise ValidationError(_("%(tag)s est déjà en cours de transfert.") % {"tag": device.asset_tag})
    transfer = Transfer.objects.create(from_site=from_site, to_site=to_site, sent_by=actor)
    TransferLine.objects.bulk_create(TransferLine(transfer=transfer, device=device) for device in devices)
    return transfer


@transaction.atomic
def receive_transfer(actor, transfer, received_devices, discrepancy_note=""):
    """Record the receipt: received devices move to the destination; missing ones need a note."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != Transfer.Status.SENT:
        raise ValidationError(_("Ce transfert a déjà été réceptionné."))
    received_ids = {device.pk for device in received_devices}
    lines = list(transfer.lines.select_related("device"))
    missing = [line for line in lines if line.device_id not in received_ids]
    if missing and not discrepancy_note.strip():
        raise ValidationError(_("Des appareils manquent : décrivez l'écart constaté."))
    now = timezone.now()
    with StockCount.objects.tracking(received_ids & {line.device_id for line in lines}):
        Device.objects.filter(pk__in=[line.device_id for line in lines if line.device_id in received_ids]).update(
            site=transfer.to_site
        )
    for line in lines:
        line.received = line.device_id in received_ids
        line.save(update_fields=["received"])
        if line.received:
            DeviceEvent.objects.create(
                device=line.device,
                from_status=line.device.status,
                to_status=line.device.status,
                actor=actor,
                at=now,
                note=_("Transféré de %(from)s à %(to)s")
                % {"from": transfer.from_site.code, "to": transfer.to_site.code},
            )
    transfer.status = Transfer.Status.RECEIVED
    transfer.received_at = now
    transfer.received_by = actor
    transfer.discrepancy_note = discrepancy_note.strip()
    transfer.save()
    return transfer
