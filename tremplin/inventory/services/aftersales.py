"""After-sales: tickets on sold devices, with the warranty checked at opening."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AfterSalesTicket, Status


@transaction.atomic
def open_ticket(actor, device, problem):
    if device.status != Status.SOLD:
        raise ValidationError(_("Un ticket de SAV concerne un appareil vendu."))
    under_warranty = bool(device.warranty_until and device.warranty_until >= timezone.localdate())
    return AfterSalesTicket.objects.create(
        device=device, problem=problem, opened_by=actor, under_warranty=under_warranty
    )


@transaction.atomic
def start_ticket(actor, ticket):
    """Mark an open ticket as being handled."""
    changed = AfterSalesTicket.objects.filter(pk=ticket.pk, status=AfterSalesTicket.Status.OPEN).update(
        status=AfterSalesTicket.Status.IN_PROGRESS
    )
    if changed != 1:
        raise ValidationError(_("Ce ticket est déjà pris en charge ou clos."))
    ticket.refresh_from_db()
    return ticket


@transaction.atomic
def close_ticket(actor, ticket, outcome, resolution_notes=""):
    changed = (
        AfterSalesTicket.objects.filter(pk=ticket.pk)
        .exclude(status=AfterSalesTicket.Status.CLOSED)
        .update(
            status=AfterSalesTicket.Status.CLOSED,
            outcome=outcome,
            resolution_notes=resolution_notes,
            closed_at=timezone.now(),
        )
    )
    if changed != 1:
        raise ValidationError(_("Ce ticket est déjà clos."))
    ticket.refresh_from_db()
    return ticket
