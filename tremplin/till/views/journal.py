"""The cash journal's proof side: run the verifier, list the closures, print a Z report, close a period.

Site managers see the registers of the sites they manage; the national team sees every register (and its
verification also covers the technical event journal). Everyone else gets a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.dates import day_from_query
from tremplin.core.formfields import parse_id
from tremplin.core.money import euros_from_cents as euros
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from ..models import Closure, ClosureKind, EventKind, JournalEvent, PaymentMethod, Register, RevenueCategory
from ..services import sessions
from ..services.periods import due_periods
from ..services.verify import verify_journal

JOURNAL_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER)
REPORT_KEY = "till_journal_report"


def journal_registers(user):
    """Registers whose journal the user checks: all for the national team, else the sites they manage."""
    registers = Register.objects.select_related("site")
    if user.is_network_admin:
        return registers
    return registers.filter(site_id__in=user.site_ids(Role.SITE_MANAGER))


def vat_label(rate_bp):
    rate = int(rate_bp)
    if rate % 100 == 0:
        return f"{rate // 100} %"
    return f"{rate / 100:.2f}".rstrip("0").replace(".", ",") + " %"


def totals_rows(totals):
    """The closure's totals as labelled rows (payment method, VAT rate, category), amounts in French."""
    methods = dict(PaymentMethod.choices)
    categories = dict(RevenueCategory.choices)
    return {
        "by_method": [(methods.get(key, key), euros(value)) for key, value in totals.get("by_method", {}).items()],
        "by_vat": [
            (vat_label(rate), euros(row["ttc"]), euros(row["vat"]), euros(row["ttc"] - row["vat"]))
            for rate, row in totals.get("by_vat", {}).items()
        ],
        "by_category": [
            (categories.get(key, key), euros(value)) for key, value in totals.get("by_category", {}).items()
        ],
    }


@role_required(*JOURNAL_ROLES)
def index(request):
    registers = list(journal_registers(request.user).order_by("site__name", "code"))
    selected = None
    wanted = parse_id(request.GET.get("caisse", ""))
    if wanted is not None:
        selected = next((r for r in registers if r.pk == wanted), None)
    shown = [selected] if selected else registers
    closures = (
        Closure.objects.filter(register__in=shown, training=False)
        .select_related("register__site")
        .order_by("-created_at", "-pk")[:100]
    )
    rows = [
        {
            "closure": closure,
            "total": euros(closure.total_cents),
            "grand_total": euros(closure.grand_total_cents),
            "tickets": closure.totals.get("tickets", 0),
            "methods": ", ".join(f"{label} {amount}" for label, amount in totals_rows(closure.totals)["by_method"]),
        }
        for closure in closures
    ]
    due = [period for register in shown for period in due_periods(register)]
    codes = {register.full_code for register in registers}
    last_runs = [
        event
        for event in JournalEvent.objects.filter(kind=EventKind.VERIFICATION).order_by("-number")[:50]
        if request.user.is_network_admin or set(event.details.get("registers", [])) <= codes
    ][:5]
    return render(
        request,
        "till/journal/index.html",
        {
            "registers": registers,
            "selected": selected,
            "rows": rows,
            "due": due,
            "last_runs": last_runs,
            "report": request.session.pop(REPORT_KEY, None),
        },
    )


@role_required(*JOURNAL_ROLES)
@require_POST
def verify(request):
    registers = list(journal_registers(request.user))
    is_national = request.user.is_network_admin
    report = verify_journal(registers, include_jet=is_national, actor=request.user)
    # Shown once on the journal page (POST → redirect → GET); the run itself is recorded in the JET.
    request.session[REPORT_KEY] = {"ok": report.ok, "lines": report.lines()}
    return redirect("till:journal")


@role_required(*JOURNAL_ROLES)
def closure_report(request, pk):
    closure = get_object_or_404(
        Closure.objects.filter(register__in=journal_registers(request.user)).select_related(
            "register__site", "session", "created_by"
        ),
        pk=pk,
    )
    tz = sessions.site_timezone(closure.register.site)
    cash = closure.totals.get("cash")
    session = closure.session
    return render(
        request,
        "till/journal/closure.html",
        {
            "closure": closure,
            "rows": totals_rows(closure.totals),
            "created_at": timezone.localtime(closure.created_at, tz),
            "cash": {
                "opening_float": euros(cash["opening_float"]),
                "expected": euros(cash["expected"]),
                "counted": euros(cash["counted"]),
                "difference": euros(cash["counted"] - cash["expected"]),
                "explanation": session.difference_explanation if session else "",
            }
            if cash
            else None,
            "total": euros(closure.total_cents),
            "grand_total": euros(closure.grand_total_cents),
            "end_day": closure.period_end if closure.kind == ClosureKind.DAY else None,
        },
    )


@role_required(*JOURNAL_ROLES)
@require_POST
def close_period(request):
    register = get_object_or_404(journal_registers(request.user), pk=request.POST.get("register") or 0)
    kind = request.POST.get("kind")
    start = day_from_query(request.POST.get("start"), None)  # 9999-12 has no next month to end it
    if start is None:
        raise Http404
    if kind not in (ClosureKind.MONTH, ClosureKind.YEAR):
        raise Http404
    try:
        closure = sessions.close_period(register, kind, start, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(kind)s de la caisse %(register)s faite : empreinte %(hash)s.")
            % {"kind": closure.get_kind_display(), "register": register.full_code, "hash": closure.hash},
        )
    return redirect("till:journal")
