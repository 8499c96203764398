"""Register sessions and closures: open with a counted float, close with a counted cash amount (Z).

Closures are immutable and chained per register; each one's hash is also written outside the database
(the anchor file, and an e-mail to the national team) so that deleting the tail of the journal together
with its closures is detected (services/verify.py). Day boundaries use the site's time zone.
"""

from collections import defaultdict
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.money import euros_from_cents
from tremplin.inventory.services.devices import add_months
from tremplin.network.timezones import site_localtime, site_timezone  # noqa: F401 - re-exported for the till

from ..models import Closure, ClosureKind, EventKind, Payment, PaymentMethod, RegisterSession, Sale, SaleLine
from . import chain, sealing


def local_date(site, moment):
    """The calendar day of `moment` at the site (its own time zone: overseas sites are not in Paris)."""
    return site_localtime(moment, site).date()


def open_session(register, actor, opening_float_cents, now=None):
    """Open the register (in its current mode) with the counted float. Refuses a second open session."""
    now = now or timezone.now()
    if opening_float_cents is None or opening_float_cents < 0:
        raise ValidationError(_("Le fond de caisse est un montant positif ou nul."))
    training = register.training_mode
    with transaction.atomic():
        chain.locked_head(chain.closure_scope(register, training))
        if RegisterSession.objects.filter(register=register, training=training, status="open").exists():
            raise ValidationError(_("Cette caisse est déjà ouverte."))
        session = RegisterSession.objects.create(
            register=register,
            training=training,
            opened_at=now,
            opened_by=actor,
            opening_float_cents=opening_float_cents,
        )
        chain.record_event(
            EventKind.REGISTER_OPENED,
            actor,
            register,
            {
                "training": training,
                "opening_float_cents": opening_float_cents,
                "day": local_date(register.site, now).isoformat(),
            },
            at=now,
        )
    return session


def open_session_of(register, training=None):
    training = register.training_mode if training is None else training
    return RegisterSession.objects.filter(register=register, training=training, status="open").first()


def session_for_sale(register, training, now):
    """The open session a ticket goes into; refuses when the register is closed or a past day is not closed.

    Locks the session row (call inside cash_in's transaction): a closure (Z), which locks it first, waits for
    the ticket or sees it, never a ticket written into a session closed meanwhile.
    """
    session = (
        RegisterSession.objects.select_for_update().filter(register=register, training=training, status="open").first()
    )
    if session is None:
        raise ValidationError(_("La caisse est fermée : ouvrez-la avec le fond de caisse avant de vendre."))
    opened_on = local_date(register.site, session.opened_at)
    if opened_on < local_date(register.site, now):
        raise ValidationError(
            _("La journée du %(date)s n'est pas clôturée : faites la clôture (Z) avant de vendre.")
            % {"date": opened_on.strftime("%d/%m/%Y")}
        )
    return session


def expected_cash(session):
    """Opening float + cash received − cash given back (refunds), in cents."""
    cash = Payment.objects.filter(sale__session=session, method=PaymentMethod.CASH)
    return session.opening_float_cents + sum(cash.values_list("amount_cents", flat=True))


def totals_of(sales):
    """Totals of a queryset of tickets: per payment method, per VAT rate (TTC and VAT), per category."""
    by_method, by_category = defaultdict(int), defaultdict(int)
    by_vat = defaultdict(lambda: {"ttc": 0, "vat": 0})
    for method, amount in Payment.objects.filter(sale__in=sales).values_list("method", "amount_cents"):
        by_method[method] += amount
    for category, rate, quantity, unit in SaleLine.objects.filter(sale__in=sales).values_list(
        "revenue_category", "vat_rate_bp", "quantity", "unit_price_cents"
    ):
        amount = quantity * unit
        by_category[category] += amount
        by_vat[str(rate)]["ttc"] += amount
    for rate, row in by_vat.items():
        row["vat"] = vat_included(row["ttc"], int(rate))
    return {
        "by_method": dict(sorted(by_method.items())),
        "by_vat": dict(sorted(by_vat.items())),
        "by_category": dict(sorted(by_category.items())),
        "tickets": sales.count(),
    }


def vat_included(ttc_cents, rate_bp):
    """The VAT inside a price including VAT, rounded to the cent (half up): TTC × t / (1 + t)."""
    if not rate_bp:
        return 0
    numerator = ttc_cents * rate_bp
    denominator = 10000 + rate_bp
    sign = -1 if numerator < 0 else 1
    return sign * ((abs(numerator) * 2 + denominator) // (2 * denominator))


def _last_closure(register, training):
    return Closure.objects.filter(register=register, training=training).order_by("-number").first()


def _append_closure(register, training, actor, now, **fields):
    head = chain.locked_head(chain.closure_scope(register, training))
    key_id = sealing.current_key_id()
    closure = Closure(
        register=register,
        training=training,
        number=head.last_number + 1,
        created_at=now.replace(microsecond=0),
        created_by=actor,
        previous_hash=head.last_hash,
        key_id=key_id,
        **fields,
    )
    closure.hash = sealing.seal(closure.previous_hash, sealing.closure_content(closure), key_id)
    closure.save()
    chain.advance(head, closure.hash)
    chain.record_event(
        EventKind.PERIOD_CLOSED if closure.kind != ClosureKind.DAY else EventKind.REGISTER_CLOSED,
        actor,
        register,
        {"closure": closure.number, "kind": closure.kind, "hash": closure.hash, "training": training},
        at=now,
    )
    if not training:
        transaction.on_commit(lambda: anchor(closure))
    return closure


def close_session(session, actor, counted_cash_cents, explanation="", now=None):
    """The daily closure (Z) of a session: counted cash against expected, totals, perpetual grand total."""
    now = now or timezone.now()
    if counted_cash_cents is None or counted_cash_cents < 0:
        raise ValidationError(_("Le comptage des espèces est un montant positif ou nul."))
    explanation = (explanation or "").strip()
    with transaction.atomic():
        session = (
            RegisterSession.objects.select_for_update(of=("self",)).select_related("register__site").get(pk=session.pk)
        )
        if session.status != RegisterSession.Status.OPEN:
            raise ValidationError(_("Cette session est déjà clôturée."))
        register = session.register
        _refuse_paid_open_tickets(register, actor)
        expected = expected_cash(session)
        if counted_cash_cents != expected and len(explanation) < 5:
            raise ValidationError(
                _("Le comptage (%(counted)s) diffère du montant attendu (%(expected)s) : expliquez l'écart.")
                % {"counted": _euros(counted_cash_cents), "expected": _euros(expected)}
            )
        sales = Sale.objects.filter(session=session)
        totals = totals_of(sales)
        totals["cash"] = {
            "opening_float": session.opening_float_cents,
            "expected": expected,
            "counted": counted_cash_cents,
        }
        numbers = sales.aggregate(first=Min("number"), last=Max("number"))
        last_sale = sales.order_by("-number").first()
        previous = _last_closure(register, session.training)
        total = sum(totals["by_category"].values())
        day = local_date(register.site, session.opened_at)
        closure = _append_closure(
            register,
            session.training,
            actor,
            now,
            kind=ClosureKind.DAY,
            session=session,
            period_start=day,
            period_end=local_date(register.site, now),
            totals=totals,
            total_cents=total,
            grand_total_cents=(previous.grand_total_cents if previous else 0) + total,
            first_number=numbers["first"],
            last_number=numbers["last"] if last_sale else (previous.last_number if previous else None),
            last_sale_hash=last_sale.hash if last_sale else (previous.last_sale_hash if previous else ""),
        )
        session.status = RegisterSession.Status.CLOSED
        session.closed_at = now
        session.closed_by = actor
        session.expected_cash_cents = expected
        session.counted_cash_cents = counted_cash_cents
        session.difference_explanation = explanation[:300]
        session.save()
    return closure


PAID_OPEN_TICKET = "paid_open_ticket"  # ValidationError code: the register page shows it above the form


def paid_open_tickets(register):
    """Tickets in progress at `register` (not cashed in) that already hold payments: money in the drawer, or
    charged on the card terminal, that no ticket of the day records yet."""
    from ..models import Basket

    return (
        Basket.objects.filter(register=register, sale__isnull=True, payments__isnull=False)
        .distinct()
        .select_related("cashier")
        .order_by("created_at", "pk")
    )


def paid_open_ticket_reasons(register, actor):
    """[(sentence, basket)] for each paid_open_tickets(): « le ticket commencé à 14:05 par vous (10,00 € déjà
    payés) », naming who is building it, when it was started and what it holds (no person's data). The Z
    refusal and the register page (before the count) say the same."""
    reasons = []
    for basket in paid_open_tickets(register):
        paid = sum(basket.payments.values_list("amount_cents", flat=True))
        started = site_localtime(basket.created_at, register.site).strftime("%H:%M")
        if basket.cashier_id == actor.pk:
            cashier = _("vous")
        else:  # the name the tickets print (cash_in's cashier_name), never an e-mail address
            cashier = basket.cashier.get_short_name() if basket.cashier.full_name else _("un·e collègue")
        values = {"started": started, "paid": _euros(paid), "cashier": cashier}
        if basket.kind == "return":
            message = _("le retour commencé à %(started)s par %(cashier)s (%(paid)s déjà rendus)") % values
        else:
            message = _("le ticket commencé à %(started)s par %(cashier)s (%(paid)s déjà payés)") % values
        reasons.append((message, basket))
    return reasons


def _refuse_paid_open_tickets(register, actor):
    """The Z counts the day's tickets: a ticket already paid but not cashed in would put its money on no day.

    Called with the session row locked; add_payment locks it too, so no payment arrives during the closure.
    """
    reasons = [message for message, _basket in paid_open_ticket_reasons(register, actor)]
    if reasons:
        raise ValidationError(
            ngettext(
                "Clôture impossible : %(tickets)s n'est pas encaissé. Encaissez-le, ou abandonnez-le en rendant "
                "les paiements, puis clôturez la journée.",
                "Clôture impossible : %(tickets)s ne sont pas encaissés. Encaissez-les, ou abandonnez-les en "
                "rendant les paiements, puis clôturez la journée.",
                len(reasons),
            )
            % {"tickets": " ; ".join(reasons)},
            code=PAID_OPEN_TICKET,
        )


def _euros(value):
    return euros_from_cents(value)


def close_period(register, kind, start, actor, now=None, training=False):
    """Monthly or yearly closure of a register from its closures of the smaller period (day → month → year).

    Refuses a period not over yet, a period with a session still open, or one already closed.
    """
    now = now or timezone.now()
    if kind == ClosureKind.MONTH:
        start, end = start.replace(day=1), add_months(start.replace(day=1), 1)
        parts = Closure.objects.filter(kind=ClosureKind.DAY)
    elif kind == ClosureKind.YEAR:
        start, end = date(start.year, 1, 1), date(start.year + 1, 1, 1)
        parts = Closure.objects.filter(kind=ClosureKind.MONTH)
    else:
        raise ValidationError(_("Période inconnue."))
    today = local_date(register.site, now)
    if end > today:
        raise ValidationError(_("Cette période n'est pas terminée."))
    with transaction.atomic():
        chain.locked_head(chain.closure_scope(register, training))
        if Closure.objects.filter(register=register, training=training, kind=kind, period_start=start).exists():
            raise ValidationError(_("Cette période est déjà clôturée."))
        sessions = RegisterSession.objects.filter(register=register, training=training, status="open")
        if any(local_date(register.site, s.opened_at) < end for s in sessions):
            raise ValidationError(_("Une session de cette période est encore ouverte : clôturez-la d'abord."))
        parts = list(
            parts.filter(register=register, training=training, period_start__gte=start, period_start__lt=end).order_by(
                "number"
            )
        )
        if kind == ClosureKind.YEAR:
            _refuse_unclosed_months(register, training, start, end)
        totals = sum_totals([part.totals for part in parts])
        previous = _last_closure(register, training)
        firsts = [part.first_number for part in parts if part.first_number]
        return _append_closure(
            register,
            training,
            actor,
            now,
            kind=kind,
            period_start=start,
            period_end=end,
            totals=totals,
            total_cents=sum(part.total_cents for part in parts),
            grand_total_cents=previous.grand_total_cents if previous else 0,
            first_number=min(firsts) if firsts else None,
            last_number=parts[-1].last_number if parts else (previous.last_number if previous else None),
            last_sale_hash=parts[-1].last_sale_hash if parts else (previous.last_sale_hash if previous else ""),
        )


def _refuse_unclosed_months(register, training, start, end):
    days = Closure.objects.filter(register=register, training=training, kind=ClosureKind.DAY)
    months = set(
        Closure.objects.filter(register=register, training=training, kind=ClosureKind.MONTH).values_list(
            "period_start", flat=True
        )
    )
    for closure in days.filter(period_start__gte=start, period_start__lt=end):
        if closure.period_start.replace(day=1) not in months:
            raise ValidationError(
                _("Le mois de %(month)s n'est pas clôturé.") % {"month": closure.period_start.strftime("%m/%Y")}
            )


def sum_totals(parts):
    """Add closure totals together (the month from its days, the year from its months)."""
    by_method, by_category = defaultdict(int), defaultdict(int)
    by_vat = defaultdict(lambda: {"ttc": 0, "vat": 0})
    tickets = 0
    for totals in parts:
        for method, amount in totals.get("by_method", {}).items():
            by_method[method] += amount
        for category, amount in totals.get("by_category", {}).items():
            by_category[category] += amount
        for rate, row in totals.get("by_vat", {}).items():
            by_vat[rate]["ttc"] += row["ttc"]
            by_vat[rate]["vat"] += row["vat"]
        tickets += totals.get("tickets", 0)
    return {
        "by_method": dict(sorted(by_method.items())),
        "by_vat": dict(sorted(by_vat.items())),
        "by_category": dict(sorted(by_category.items())),
        "tickets": tickets,
    }


def anchor_line(closure):
    return (
        f"{sealing.utc_iso(closure.created_at)} {closure.register.full_code} "
        f"closure={closure.number} kind={closure.kind} hash={closure.hash}"
    )


def anchor(closure):
    """Write the closure's hash outside the database: the anchor file, and an e-mail to the national team."""
    line = anchor_line(closure)
    path = Path(settings.TREMPLIN_JOURNAL_ANCHOR_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    from tremplin.accounts.models import User
    from tremplin.core.roles import Role

    recipients = User.objects.filter(
        is_active=True, memberships__role=Role.NETWORK_ADMIN, memberships__is_active=True
    ).values_list("email", flat=True)
    if recipients:
        from tremplin.ops.jobs import send_email_later

        send_email_later(
            EmailMessage(
                _("Tremplin — empreinte de clôture de caisse"),
                _("Empreinte à conserver hors de l'application (vérification du journal de caisse) :\n\n%(line)s\n")
                % {"line": line},
                None,
                sorted(set(recipients)),
            )
        )
