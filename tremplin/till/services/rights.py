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

    def refusal(self, asked):
        """Why a ticket goes over this right, as the device message says it: the product(s), the right, what was
        used, what is left and what the ticket asks, e.g. droit « Recharges » : 20,00 € utilisés sur 30,00 € ce
        mois-ci, il reste 10,00 € ; ce ticket en demande 20,00 € (the caller names the product in front).

        `asked`: items (or cents) the ticket's lines counted by the rule add.
        A count right already used up keeps its plain sentence (« déjà obtenu le …, de nouveau possible le … »).
        """
        rule = self.rule
        if rule.measure == QuotaRule.Measure.AMOUNT:
            detail = _(
                "droit « %(name)s » : %(used)s utilisés sur %(limit)s %(period)s, il reste %(left)s ; "
                "ce ticket en demande %(asked)s"
            ) % {
                "name": rule.name,
                "used": euros(self.used),
                "limit": euros(self.limit),
                "period": self.period_label,
                "left": euros(self.remaining),
                "asked": euros(asked),
            }
        elif self.exhausted and self.last_on:
            detail = self.sentence
        else:
            detail = _(
                "droit « %(name)s » : %(used)s sur %(limit)s %(period)s, il en reste %(left)s ; "
                "ce ticket en demande %(asked)s"
            ) % {
                "name": rule.name,
                "used": self.used,
                "limit": self.limit,
                "period": self.period_label,
                "left": self.remaining,
                "asked": asked,
            }
        if self.exhausted and self.next_on and not (rule.measure == QuotaRule.Measure.COUNT and self.last_on):
            detail = _("%(detail)s ; de nouveau possible le %(next)s") % {
                "detail": detail,
                "next": short_date(self.next_on),
            }
        return detail

    @property
    def period_label(self):
        rule = self.rule
        if rule.period == QuotaRule.Period.CALENDAR_MONTH:
            return _("ce mois-ci")
        if rule.period == QuotaRule.Period.CALENDAR_YEAR:
            return _("cette année")
        return ngettext("sur le dernier mois", "sur les %(months)s derniers mois", rule.period_months or 0) % {
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
    """[(rule, RightStatus, asked, labels)] for every active rule that `wanted` would take over its limit.

    `wanted`: [(rights_key, quantity, rights_value_cents, overridden[, label])] — a whole ticket, as
    check_rights; `asked` is what its lines add to the rule (items or cents), `labels` their names.
    """
    today = today or timezone.localdate()
    ids = person_ids(beneficiary)
    exceeded = []
    for rule in QuotaRule.objects.filter(is_active=True):
        counted = [line for line in wanted if line[0] in rule.keys and not line[3]]
        adding = [(line[1], line[2]) for line in counted]
        if not adding:
            continue
        status = rule_status(rule, ids, today)
        if rule.measure == QuotaRule.Measure.AMOUNT:
            extra = sum(quantity * value for quantity, value in adding)
        else:
            extra = sum(quantity for quantity, _value in adding)
        if status.used + extra > status.limit:
            exceeded.append((rule, status, extra, [line[4] for line in counted if len(line) > 4]))
    return exceeded


def lines_over_rights(beneficiary, lines, today=None):
    """{line key: [sentence]} for the ticket's lines counted by a rule the whole ticket would exceed.

    `lines`: [(key, rights_key, quantity, rights_value_cents, overridden)]. Every line a rule counts is
    flagged (not only the one that crosses the limit), so that a site manager may override any of them.
    The sentence (RightStatus.refusal) says what was used, what is left and what the ticket asks; the
    caller puts the line's own name in front.
    """
    wanted = [(rights_key, quantity, value, overridden) for _key, rights_key, quantity, value, overridden in lines]
    flagged = {}
    for rule, status, asked, _labels in exceeded_rules(beneficiary, wanted, today):
        for key, rights_key, _quantity, _value, overridden in lines:
            if rights_key in rule.keys and not overridden:
                flagged.setdefault(key, []).append(status.refusal(asked))
    return flagged


def check_rights(beneficiary, wanted, today=None):
    """Refuse what would go over a rule. `wanted`: [(rights_key, quantity, rights_value_cents, overridden, label)].

    Raises ValidationError naming, for each rule exceeded, the products, the right, what was used, what is
    left and what the ticket asks (RightStatus.refusal). Overridden lines (a site manager's reasoned
    exception) are not checked but still count afterwards.
    """
    errors = []
    for _rule, status, asked, labels in exceeded_rules(beneficiary, wanted, today):
        if labels:
            errors.append(
                _("%(products)s : hors des droits de la personne — %(sentence)s.")
                % {
                    "products": ", ".join(f"« {label} »" for label in dict.fromkeys(labels)),
                    "sentence": status.refusal(asked),
                }
            )
        else:
            errors.append(_("Hors des droits de la personne — %(sentence)s.") % {"sentence": status.refusal(asked)})
    if errors:
        raise ValidationError(errors)
