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
    adding: int = 0  # what the ticket in progress adds (items or cents): with_ticket()

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
    def over_with_ticket(self):
        return self.adding > 0 and self.used + self.adding > self.limit

    @property
    def ticket_sentence(self):
        """What the ticket in progress does to this right, for the rights panel: « avec ce ticket : 40,00 € sur
        30,00 €, soit 10,00 € au-delà du droit » or « …, il restera 10,00 € ». None when it adds nothing."""
        if not self.adding:
            return None
        after = self.used + self.adding
        show = euros if self.rule.measure == QuotaRule.Measure.AMOUNT else str
        values = {"after": show(after), "limit": show(self.limit)}
        if after > self.limit:
            return _("avec ce ticket : %(after)s sur %(limit)s, soit %(over)s au-delà du droit") % {
                **values,
                "over": show(after - self.limit),
            }
        if self.rule.measure == QuotaRule.Measure.AMOUNT:
            return _("avec ce ticket : %(after)s sur %(limit)s, il restera %(left)s") % {
                **values,
                "left": show(self.limit - after),
            }
        return _("avec ce ticket : %(after)s sur %(limit)s, il en restera %(left)s") % {
            **values,
            "left": self.limit - after,
        }

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


def _amount(rule, quantity, value):
    return quantity * value if rule.measure == QuotaRule.Measure.AMOUNT else quantity


@dataclass
class Overrun:
    """A rule the ticket goes over: what was used, what the ticket asks, and which of its lines go over."""

    rule: QuotaRule
    status: RightStatus
    asked: int  # items or cents the ticket's (non-overridden) lines add to the rule
    over: list  # indexes, in `wanted`, of the lines that do not fit in what is left

    @property
    def sentence(self):
        return self.status.refusal(self.asked)


def exceeded_rules(beneficiary, wanted, today=None):
    """[Overrun] for every active rule that `wanted` would take over its limit.

    `wanted`: [(rights_key, quantity, rights_value_cents, overridden[, label])] — a whole ticket, in its order,
    as check_rights. The lines that go over are found in the ticket's order: each line counted by the rule fits
    while what was used plus the lines that fit before it stays within the limit; a line that does not fit is
    over (and not added), so that the lines not over fit together, and overriding or removing the lines over
    brings the ticket back within the right. Four 10 € recharges against 30 € a month, none used: the fourth
    is over; the ticket asks 40 €.
    """
    today = today or timezone.localdate()
    ids = person_ids(beneficiary)
    exceeded = []
    for rule in QuotaRule.objects.filter(is_active=True):
        counted = [index for index, line in enumerate(wanted) if line[0] in rule.keys and not line[3]]
        if not counted:
            continue
        status = rule_status(rule, ids, today)
        running, over = status.used, []
        for index in counted:
            amount = _amount(rule, wanted[index][1], wanted[index][2])
            if running + amount > status.limit:
                over.append(index)
            else:
                running += amount
        if over:
            asked = sum(_amount(rule, wanted[index][1], wanted[index][2]) for index in counted)
            exceeded.append(Overrun(rule, status, asked, over))
    return exceeded


def rights_overruns(beneficiary, lines, today=None):
    """[(line keys over, sentence)] — one per rule the ticket goes over (exceeded_rules), in the rules' order.

    `lines`: [(key, rights_key, quantity, rights_value_cents, overridden)]. Only the lines that go over are
    named (the ones a site manager overrides, or the cashier removes); the sentence (RightStatus.refusal) says
    what was used, what is left and what the whole ticket asks.
    """
    wanted = [(rights_key, quantity, value, overridden) for _key, rights_key, quantity, value, overridden in lines]
    return [
        ([lines[index][0] for index in overrun.over], overrun.sentence)
        for overrun in exceeded_rules(beneficiary, wanted, today)
    ]


def lines_over_rights(beneficiary, lines, today=None):
    """{line key: [sentence]} for the ticket's lines that go over a rule (rights_overruns)."""
    flagged = {}
    for keys, sentence in rights_overruns(beneficiary, lines, today):
        for key in keys:
            flagged.setdefault(key, []).append(sentence)
    return flagged


def with_ticket(statuses, wanted):
    """Set on each RightStatus what the ticket adds to it (`adding`, overridden lines included: they count once
    cashed in), for the rights panel of the sale screen. `wanted` as exceeded_rules."""
    for status in statuses:
        status.adding = sum(_amount(status.rule, line[1], line[2]) for line in wanted if line[0] in status.rule.keys)
    return statuses


def check_rights(beneficiary, wanted, today=None):
    """Refuse what would go over a rule. `wanted`: [(rights_key, quantity, rights_value_cents, overridden, label)].

    Raises ValidationError naming, for each rule exceeded, the products that go over, the right, what was used,
    what is left and what the ticket asks (RightStatus.refusal). Overridden lines (a site manager's reasoned
    exception) are not checked but still count afterwards.
    """
    errors = []
    for overrun in exceeded_rules(beneficiary, wanted, today):
        labels = [wanted[index][4] for index in overrun.over if len(wanted[index]) > 4]
        if labels:
            errors.append(
                _("%(products)s : hors des droits de la personne — %(sentence)s.")
                % {
                    "products": ", ".join(f"« {label} »" for label in dict.fromkeys(labels)),
                    "sentence": overrun.sentence,
                }
            )
        else:
            errors.append(_("Hors des droits de la personne — %(sentence)s.") % {"sentence": overrun.sentence})
    if errors:
        raise ValidationError(errors)
