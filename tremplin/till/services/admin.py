"""The national team's settings of the till: rights rules, network settings, registers of the sites.

Each change is written in the technical event journal (JET) with what changed — names of fields, rule
names, register codes — and never any personal data.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import EventKind, QuotaRule, RegisterSession
from . import chain


@transaction.atomic
def save_rule(actor, form):
    """Create or change a rights rule; the JET records the rule's name, the action and the changed fields."""
    creating = form.instance.pk is None
    rule = form.save()
    chain.record_event(
        EventKind.SETTINGS,
        actor,
        details={
            "object": "rule",
            "rule": rule.name,
            "action": "created" if creating else "changed",
            "fields": sorted(form.changed_data),
        },
    )
    return rule


@transaction.atomic
def set_rule_active(actor, rule, active):
    """Put a rule in force or take it out (a rule is never deleted: old tickets were checked against it)."""
    changed = QuotaRule.objects.filter(pk=rule.pk).exclude(is_active=active).update(is_active=active)
    if changed:
        chain.record_event(
            EventKind.SETTINGS,
            actor,
            details={"object": "rule", "rule": rule.name, "action": "activated" if active else "deactivated"},
        )
    rule.is_active = active
    return rule


@transaction.atomic
def save_settings(actor, form):
    """Save the network's till settings; the JET records which settings changed (not their values)."""
    settings = form.save()
    if form.changed_data:
        chain.record_event(
            EventKind.SETTINGS, actor, details={"object": "settings", "fields": sorted(form.changed_data)}
        )
    return settings


@transaction.atomic
def save_register(actor, form):
    """Create, rename, (de)activate a register or switch its training mode.

    Neither the mode nor the service can change while a session is open (its tickets would mix or be
    stranded); switching the mode is journaled.
    """
    creating = form.instance.pk is None
    register = form.instance
    if not creating and RegisterSession.objects.filter(register=register, status=RegisterSession.Status.OPEN).exists():
        if "training_mode" in form.changed_data:
            raise ValidationError(_("Clôturez la caisse avant de changer de mode (formation ou réel)."))
        if "is_active" in form.changed_data and not register.is_active:
            raise ValidationError(_("Clôturez la caisse avant de la mettre hors service."))
    register = form.save()
    details = {
        "object": "register",
        "register": register.full_code,
        "action": "created" if creating else "changed",
        "fields": sorted(form.changed_data),
    }
    chain.record_event(EventKind.SETTINGS, actor, register, details)
    if "training_mode" in form.changed_data and not (creating and not register.training_mode):
        kind = EventKind.TRAINING_ON if register.training_mode else EventKind.TRAINING_OFF
        chain.record_event(kind, actor, register, {"register": register.full_code})
    return register
