"""Training mode (mode formation) of a register: its own tickets and chain, never in totals or stock."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import EventKind, Register, RegisterSession
from . import chain
from .baskets import may_override


@transaction.atomic
def set_training_mode(register, actor, on, now=None):
    """Switch the register into or out of training mode (site managers), journaled as TRAINING_ON/OFF.

    Only while no session is open (in either mode): a day is sold entirely in one mode, so its closure
    never mixes training tickets with real ones. Baskets in progress are dropped: they were priced for
    the other mode.
    """
    if not may_override(actor, register):
        raise ValidationError(_("Seul·e un·e responsable d'espace peut changer le mode formation."))
    register = Register.objects.select_for_update().get(pk=register.pk)
    if bool(on) == register.training_mode:
        return register
    if RegisterSession.objects.filter(register=register, status=RegisterSession.Status.OPEN).exists():
        raise ValidationError(_("Clôturez la journée de la caisse avant de changer de mode."))
    register.training_mode = bool(on)
    register.save(update_fields=["training_mode"])
    register.baskets.filter(sale__isnull=True).delete()
    chain.record_event(
        EventKind.TRAINING_ON if on else EventKind.TRAINING_OFF,
        actor,
        register,
        {"register": register.full_code},
        at=now,
    )
    return register
