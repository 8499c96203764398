"""Grading from the network's thresholds, manual override with a reason, and pricing from the grid."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    BATTERY_CATEGORIES,
    CONDITION_RANK,
    GRADE_ORDER,
    DeviceEvent,
    Grade,
    GradingRule,
    PriceGridEntry,
    Status,
)
from .devices import _claim


def meets(device, rule):
    """Whether `device` reaches every threshold `rule` sets (blank thresholds are not checked)."""

    def at_least(value, minimum):
        return minimum is None or (value is not None and value >= minimum)

    if not at_least(device.ram_gb, rule.min_ram_gb) or not at_least(device.storage_gb, rule.min_storage_gb):
        return False
    if device.category in BATTERY_CATEGORIES and not at_least(device.battery_health, rule.min_battery_health):
        return False
    return not rule.min_condition or CONDITION_RANK[device.cosmetic_condition] >= CONDITION_RANK[rule.min_condition]


def compute_grade(device, rules=None):
    """The best grade whose thresholds the device meets; unsellable if none; "" when no rule exists."""
    if rules is None:
        rules = GradingRule.objects.filter(category=device.category)
    by_grade = {rule.grade: rule for rule in rules if rule.category == device.category}
    if not by_grade:
        return ""
    for grade in GRADE_ORDER:
        rule = by_grade.get(grade)
        if rule is not None and meets(device, rule):
            return grade
    return Grade.UNSELLABLE


GRADABLE_STATUSES = {Status.REFURBISHED, Status.GRADED}


@transaction.atomic
def grade_device(actor, device, override_grade="", reason=""):
    """Grade a refurbished device from the thresholds, or override with a reason; price it from the grid."""
    if device.status not in GRADABLE_STATUSES:
        raise ValidationError(_("Seul un appareil reconditionné ou déjà classé peut être classé."))
    computed = compute_grade(device)
    grade = override_grade or computed
    if not grade:
        raise ValidationError(_("Aucun seuil n'est défini pour cette catégorie : choisissez le grade et motivez-le."))
    reason = (reason or "").strip()
    if grade != computed and not reason:
        raise ValidationError(_("Indiquez le motif de la correction du grade."))
    price = PriceGridEntry.objects.filter(category=device.category, grade=grade).first()
    device.computed_grade = computed
    device.grade = grade
    device.grade_override_reason = reason if grade != computed else ""
    device.solidarity_price = price.solidarity_price if price else None
    device.market_price = price.market_price if price else None
    device.save(update_fields=["computed_grade", "grade", "grade_override_reason", "solidarity_price", "market_price"])
    note = _("Grade %(grade)s") % {"grade": Grade(grade).label}
    if grade != computed:
        note += " " + _("(calculé : %(computed)s ; motif : %(reason)s)") % {
            "computed": Grade(computed).label if computed else "—",
            "reason": reason,
        }
    if device.status == Status.REFURBISHED:
        return _claim(device, [Status.REFURBISHED], Status.GRADED, actor, note=note)
    DeviceEvent.objects.create(
        device=device, from_status=device.status, to_status=device.status, actor=actor, note=note[:300]
    )
    return device
