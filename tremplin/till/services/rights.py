"""Rights: what a person may still buy at solidarity prices, across every site of the network.

Rules are the national team's `QuotaRule`s ("at most 1 computer per 24 months", "recharges at most €30 per
calendar month"). What counts is every real (non-training) ticket line of the person — and of the records
merged into theirs — at any site; a returned line no longer counts. Periods use the network's time zone.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.money import euros_from_cents as euros
from tremplin.inventory.services.devices import add_months

from ..models import QuotaRule, SaleLine


def person_ids(beneficiary):
    """The person's id and the ids of every record merged into theirs (merges may chain)."""
    from tremplin.people.models import Beneficiary

    ids, frontier = {beneficiary.pk}, [beneficiary.pk]
    while frontier:
        # No ORDER BY (the model's name order): SQLite would walk the name index over every person to avoid
        # sorting, as its statistics count the NULLs of merged_into_id as one value (docs/performance.md).
        merged = Beneficiary.objects.filter(merged_into__in=frontier).order_by()
        frontier = list(merged.values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.update(frontier)
    return ids


def window_start(rule, today):
    if rule.period == QuotaRule.Period.CALENDAR_MONTH:
        return today.replace(day=1)
    if rule.period == QuotaRule.Period.CALENDAR_YEAR:
        return date(today.year, 1, 1)
    return add_months(today, -rule.period_months)


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def short_date(day):
    return day.strftime("%d/%m/%Y")


@dataclass
class RightStatus:
    rule: QuotaRule
    used: int  # items, or cents for an amount rule
    limit: int  # items, or cents
    last_on: date | None
    next_on: date | None

    @property
    def remaining(self):
        return max(0, self.limit - self.used)

    @property
    def exhausted(self):
        return self.used >= self.limit

    @property
    def sentence(self):
        """The sentence the cashier and the person page show, e.g. « recharges : 20 € utilisés sur 30 € ce mois-ci »."""
        rule = self.rule
        if rule.measure == QuotaRule.Measure.AMOUNT:
            period = {
                QuotaRule.Period.CALENDAR_MONTH: _("ce mois-ci"),
                QuotaRule.Period.CALENDAR_YEAR: _("cette année"),
            }.get(rule.period) or ngettext(
                "sur le dernier mois", "sur les %(months)s derniers mois", rule.period_months or 0
            ) % {"months": rule.period_months}
            return _("%(name)s : %(used)s utilisés sur %(limit)s %(period)s") % {
                "name": rule.name,
                "used": euros(self.used),
                "limit": euros(self.limit),
                "period": period,
            }
        if self.exhausted and self.last_on:
            return _("%(name)s : déjà obtenu le %(last)s, de nouveau possible le %(next)s") % {
                "name": rule.name,
                "last": short_date(self.last_on),
                "next": short_date(self.next_on),
            }
        return _("%(name)s : %(used)s sur %(limit)s %(period)s") % {
            "name": rule.name,
            "used": self.used,
            "limit": self.limit,
            "period": self.period_label,
        }

    @property
    def period_label(self):
        rule = self.rule
        if rule.period == QuotaRule.Period.CALENDAR_MONTH:
            return _("ce mois-ci")
        if rule.period == QuotaRule.Period.CALENDAR_YEAR:
            return _("cette année")
        return ngettext("sur le dernier mois", "sur les %(months)s derniers mois", rule.period_months) % {
            "months": rule.period_months
        }


def _lines_in_window(ids, rule, today):
    start = window_start(rule, today)
    return SaleLine.objects.filter(
        sale__beneficiary_id__in=list(ids),
        sale__training=False,
        rights_key__in=list(rule.keys),
        sale__finalised_at__gte=_start_of(start),
    )


def rule_status(rule, ids, today):
    lines = _lines_in_window(ids, rule, today)
    if rule.measure == QuotaRule.Measure.AMOUNT:
        rows = lines.values_list("quantity", "rights_value_cents")
        used = sum(quantity * value for quantity, value in rows)
        next_on = None
        if used >= rule.limit_cents and rule.period == QuotaRule.Period.CALENDAR_MONTH:
            next_on = add_months(today.replace(day=1), 1)
        return RightStatus(rule, max(0, used), rule.limit_cents, None, next_on)
    # Count rule: purchases still held (a returned line no longer counts), oldest first.
    purchases = list(
        lines.filter(quantity__gt=0)
        .annotate(returned=Sum("returns__quantity"))
        .values_list("quantity", "returned", "sale__finalised_at")
        .order_by("sale__finalised_at", "pk")
    )
    held = []
    for quantity, returned, at in purchases:
        kept = quantity + (returned or 0)
        held.extend([timezone.localdate(at)] * max(0, kept))
    used = len(held)
    last_on = held[-1] if held else None
    next_on = None
    if used >= rule.limit:
        # The right comes back when enough purchases leave the window: the (used - limit + 1)-th oldest.
        freed_by = held[used - rule.limit]
        if rule.period == QuotaRule.Period.ROLLING:
            next_on = add_months(freed_by, rule.period_months)
        elif rule.period == QuotaRule.Period.CALENDAR_MONTH:
            next_on = add_months(today.replace(day=1), 1)
        else:
            next_on = date(today.year + 1, 1, 1)
    return RightStatus(rule, used, rule.limit, last_on, next_on)


def rights_summary(beneficiary, today=None, *, rules=None, ids=None):
    """[RightStatus] for every active rule, for this person (and records merged into theirs).

    `rules` (the active rules) and `ids` (`person_ids()`), when the caller already read them."""
    today = today or timezone.localdate()
    ids = person_ids(beneficiary) if ids is None else ids
    rules = QuotaRule.objects.filter(is_active=True) if rules is None else rules
    return [rule_status(rule, ids, today) for rule in rules]


def exceeded_rules(beneficiary, wanted, today=None):
    """[(rule, RightStatus)] for every active rule that `wanted` would take over its limit.

    `wanted`: [(rights_key, quantity, rights_value_cents, overridden)] — a whole ticket, as check_rights.
    """
    today = today or timezone.localdate()
    ids = person_ids(beneficiary)
    exceeded = []
    for rule in QuotaRule.objects.filter(is_active=True):
        adding = [
            (quantity, value) for key, quantity, value, overridden in wanted if key in rule.keys and not overridden
        ]
        if not adding:
            continue
        status = rule_status(rule, ids, today)
        if rule.measure == QuotaRule.Measure.AMOUNT:
            extra = sum(quantity * value for quantity, value in adding)
        else:
            extra = sum(quantity for quantity, _value in adding)
        if status.used + extra > status.limit:
            exceeded.append((rule, status))
    return exceeded


def lines_over_rights(beneficiary, lines, today=None):
    """{line key: [sentence]} for the ticket's lines counted by a rule the whole ticket would exceed.

    `lines`: [(key, rights_key, quantity, rights_value_cents, overridden)]. Every line a rule counts is
    flagged (not only the one that crosses the limit), so that a site manager may override any of them.
    """
    wanted = [(rights_key, quantity, value, overridden) for _key, rights_key, quantity, value, overridden in lines]
    flagged = {}
    for rule, status in exceeded_rules(beneficiary, wanted, today):
        for key, rights_key, _quantity, _value, overridden in lines:
            if rights_key in rule.keys and not overridden:
                flagged.setdefault(key, []).append(status.sentence)
    return flagged


def check_rights(beneficiary, wanted, today=None):
    """Refuse what would go over a rule. `wanted`: [(rights_key, quantity, rights_value_cents, overridden)].

    Raises ValidationError with the rule's sentence for the first rule exceeded. Overridden lines (a site
    manager's reasoned exception) are not checked but still count afterwards.
    """
    errors = [
        _("Hors des droits de la personne — %(sentence)s.") % {"sentence": status.sentence}
        for _rule, status in exceeded_rules(beneficiary, wanted, today)
    ]
    if errors:
        raise ValidationError(errors)
