"""Reports of the till: what each partner owes, the accountant's export, the statistics of overrides.

Only real tickets count (never training ones). Periods are whole days in the network's time zone. Nothing
here names a person: tickets are identified by their number, overrides by rule key, site and month.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.money import euros_from_cents as euros
from tremplin.core.tabular import decimal_comma
from tremplin.inventory.services.devices import add_months

from ..models import Payment, PaymentMethod, RevenueCategory, RightsKey, Sale, SaleLine, TillSettings
from .sessions import local_date, totals_of


def start_of(day):
    """The first instant of `day` in the network's time zone (periods are whole local days)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def month_bounds(month):
    """(first day, first day of the next month) of the month holding `month`."""
    first = month.replace(day=1)
    return first, add_months(first, 1)


def sales_in(sales, start, end):
    """Real tickets finalised from `start` (included) to `end` (excluded), both local dates."""
    return sales.real().filter(finalised_at__gte=start_of(start), finalised_at__lt=start_of(end))


def scoped_sales(site_ids=None):
    """Every ticket, or those of the registers of `site_ids` (a site manager's sites)."""
    sales = Sale.objects.all()
    if site_ids is not None:
        sales = sales.filter(register__site_id__in=list(site_ids))
    return sales


# --- Money in the accountant's format -------------------------------------------------------------


def percent(rate_bp):
    """2000 → "20", 550 → "5,5" (a VAT rate in basis points, French decimals)."""
    whole, rest = divmod(int(rate_bp), 100)
    return f"{whole}" if not rest else f"{whole},{rest:02d}".rstrip("0")


def csv_response(filename, header, rows):
    """A CSV French Excel opens as is: UTF-8 with BOM, ";" between fields, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Monthly statement per partner ----------------------------------------------------------------


@dataclass
class StatementRow:
    ticket_number: str
    day: date
    site_name: str
    amount_cents: int

    @property
    def amount(self):
        return euros(self.amount_cents)


@dataclass
class PartnerStatement:
    partner: object
    start: date
    end: date  # excluded
    rows: list = field(default_factory=list)

    @property
    def total_cents(self):
        return sum(row.amount_cents for row in self.rows)

    @property
    def total(self):
        return euros(self.total_cents)


def partner_statement(partner, month, site_ids=None):
    """What `partner` owes for the month holding `month`: every partner payment of a real ticket.

    A refund made to the partner on a return comes as a negative row, so the total is what is really owed.
    """
    start, end = month_bounds(month)
    sales = sales_in(scoped_sales(site_ids), start, end)
    payments = (
        Payment.objects.filter(method=PaymentMethod.PARTNER, partner=partner, sale__in=sales)
        .select_related("sale__register__site")
        .order_by("sale__finalised_at", "sale__register__site__code", "sale__register__code", "sale__number", "pk")
    )
    rows = [
        StatementRow(
            payment.sale.ticket_number,
            local_date(payment.sale.register.site, payment.sale.finalised_at),
            payment.sale.register.site.name,
            payment.amount_cents,
        )
        for payment in payments
    ]
    return PartnerStatement(partner, start, end, rows)


def partner_statement_csv(statement):
    rows = [
        [row.ticket_number, row.day.strftime("%d/%m/%Y"), row.site_name, decimal_comma(row.amount_cents)]
        for row in statement.rows
    ]
    rows.append([_("Total"), "", "", decimal_comma(statement.total_cents)])
    return rows


# --- Accounting export ----------------------------------------------------------------------------


@dataclass
class AccountingTotals:
    start: date
    end: date  # excluded
    tickets: int
    by_method: list  # [(method label, account, cents)]
    by_vat: list  # [(rate_bp, ttc, vat, ht)]
    by_category: list  # [(category label, account, cents)]

    @property
    def total_cents(self):
        return sum(row[2] for row in self.by_category)

    @property
    def total(self):
        return euros(self.total_cents)

    def display(self):
        """The three tables with amounts in French format, for the page."""
        return {
            "by_method": [(label, account, euros(cents)) for label, account, cents in self.by_method],
            "by_vat": [(f"{percent(rate)} %", euros(ttc), euros(vat), euros(ht)) for rate, ttc, vat, ht in self.by_vat],
            "by_category": [(label, account, euros(cents)) for label, account, cents in self.by_category],
        }


def accounting_totals(start, end, site_ids=None):
    """Totals of the real tickets of [start, end): per payment method (treasury account), per VAT rate,
    per revenue category (revenue account) — the network's mapping from the till settings."""
    settings = TillSettings.objects.filter(pk=1).first() or TillSettings()  # a report never writes
    totals = totals_of(sales_in(scoped_sales(site_ids), start, end))
    methods = dict(PaymentMethod.choices)
    categories = dict(RevenueCategory.choices)
    by_method = [
        (methods.get(method, method), settings.payment_accounts.get(method, ""), cents)
        for method, cents in totals["by_method"].items()
    ]
    by_vat = [
        (int(rate), row["ttc"], row["vat"], row["ttc"] - row["vat"])
        for rate, row in sorted(totals["by_vat"].items(), key=lambda item: int(item[0]))
    ]
    by_category = [
        (categories.get(category, category), settings.revenue_accounts.get(category, ""), cents)
        for category, cents in totals["by_category"].items()
    ]
    return AccountingTotals(start, end, totals["tickets"], by_method, by_vat, by_category)


def accounting_csv(totals):
    """One table the accountant can sort: section; label; account; amounts (TTC, VAT, HT)."""
    period = f"{totals.start:%d/%m/%Y} – {totals.end - timedelta(days=1):%d/%m/%Y}"
    rows = []
    for label, account, cents in totals.by_method:
        rows.append([_("Moyen de paiement"), period, label, account, decimal_comma(cents), "", ""])
    for rate, ttc, vat, ht in totals.by_vat:
        rows.append(
            [_("TVA"), period, f"{percent(rate)} %", "", decimal_comma(ttc), decimal_comma(vat), decimal_comma(ht)]
        )
    for label, account, cents in totals.by_category:
        rows.append([_("Compte de produits"), period, label, account, decimal_comma(cents), "", ""])
    return rows


ACCOUNTING_HEADER = [
    gettext_lazy("Rubrique"),
    gettext_lazy("Période"),
    gettext_lazy("Libellé"),
    gettext_lazy("Compte"),
    gettext_lazy("Montant TTC"),
    gettext_lazy("dont TVA"),
    gettext_lazy("Montant HT"),
]


# --- Statistics of overrides ----------------------------------------------------------------------


@dataclass
class OverrideStats:
    rows: list  # [{"month": date, "site": name, "key": label, "n": count}]
    reasons: list  # [(reason, count)], most frequent first
    total: int


def override_stats(start, end, site_ids=None):
    """How many sold lines overrode a right, per month, site and rule key, with the reasons given.

    Only the reason text, never who the person was: the statistics carry no personal data.
    """
    lines = SaleLine.objects.filter(
        sale__in=sales_in(scoped_sales(site_ids), start, end), quantity__gt=0, override_reason__gt=""
    )
    keys = dict(RightsKey.choices)
    grouped = (
        lines.annotate(month=TruncMonth("sale__finalised_at"))
        .values("month", "sale__register__site__name", "rights_key")
        .annotate(n=Count("pk"))
        .order_by("month", "sale__register__site__name", "rights_key")
    )
    rows = [
        {
            "month": row["month"].date() if isinstance(row["month"], datetime) else row["month"],
            "site": row["sale__register__site__name"],
            "key": keys.get(row["rights_key"], row["rights_key"]),
            "n": row["n"],
        }
        for row in grouped
    ]
    reasons = Counter()
    for reason in lines.values_list("override_reason", flat=True):
        reasons[" ".join(reason.split())] += 1
    return OverrideStats(rows, reasons.most_common(), sum(row["n"] for row in rows))
