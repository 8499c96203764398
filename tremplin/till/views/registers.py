"""The till's entry: the registers the user may open, each register's day (open, tickets, close) and training mode."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from ..forms import CloseSessionForm, OpenSessionForm
from ..models import Register, RegisterSession
from ..services import sessions
from ..services.baskets import may_override
from ..services.training import set_training_mode
from ..templatetags.till import euros

TILL_VIEW_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR)
SELLERS = (Role.SITE_MANAGER, Role.MEDIATOR)


def visible_register(request, pk):
    return get_object_or_404(Register.objects.visible_to(request.user).select_related("site"), pk=pk)


def usable_register(request, pk):
    """A register the user sells at (site manager or mediator of its site); 404 otherwise."""
    return get_object_or_404(Register.objects.usable_by(request.user).select_related("site"), pk=pk)


def stale_day(register, session, now=None):
    """The date of a session left open from a previous day (sales are refused until it is closed), or None."""
    if session is None:
        return None
    opened_on = sessions.local_date(register.site, session.opened_at)
    return opened_on if opened_on < sessions.local_date(register.site, now or timezone.now()) else None


@role_required(*TILL_VIEW_ROLES)
def index(request):
    registers = list(Register.objects.visible_to(request.user).select_related("site"))
    usable = set(Register.objects.usable_by(request.user).values_list("pk", flat=True))
    open_sessions = {
        (session.register_id, session.training): session
        for session in RegisterSession.objects.filter(register__in=registers, status=RegisterSession.Status.OPEN)
    }
    rows = [
        (register, open_sessions.get((register.pk, register.training_mode)), register.pk in usable)
        for register in registers
    ]
    return render(request, "till/index.html", {"rows": rows})


def _register_context(request, register, close_form=None, expected=None):
    session = sessions.open_session_of(register)
    can_sell = register.pk in set(Register.objects.usable_by(request.user).values_list("pk", flat=True))
    if session is not None:
        tickets = session.sales.order_by("-number")
    else:
        today = sessions.local_date(register.site, timezone.now())
        tickets = register.sales.filter(training=register.training_mode).order_by("-number")
        tickets = [sale for sale in tickets[:50] if sessions.local_date(register.site, sale.finalised_at) == today]
    return {
        "register": register,
        "session": session,
        "stale_day": stale_day(register, session),
        "tickets": tickets,
        "can_sell": can_sell,
        "can_manage": can_sell and may_override(request.user, register),
        "other_mode_open": sessions.open_session_of(register, not register.training_mode),
        "open_form": OpenSessionForm(),
        "close_form": close_form or CloseSessionForm(),
        "expected": expected,
        "difference": None,
        "training": register.training_mode,
        # The Z is refused while some are left (sessions.close_session): say it, as it will, before the count.
        "paid_open_tickets": sessions.paid_open_ticket_reasons(register, request.user) if session and can_sell else [],
    }


@role_required(*TILL_VIEW_ROLES)
def register_detail(request, pk):
    register = visible_register(request, pk)
    return render(request, "till/register.html", _register_context(request, register))


@require_POST
@role_required(*SELLERS)
def open_session(request, pk):
    register = usable_register(request, pk)
    form = OpenSessionForm(request.POST)
    if not form.is_valid():
        context = _register_context(request, register)
        context["open_form"] = form
        return render(request, "till/register.html", context)
    try:
        sessions.open_session(register, request.user, form.cleaned_data["opening_float"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Caisse ouverte avec un fond de caisse de %(amount)s.")
            % {"amount": euros(form.cleaned_data["opening_float"])},
        )
    return redirect(register)


@require_POST
@role_required(*SELLERS)
def close_session(request, pk):
    """The daily closure (Z). The expected cash is shown only once the drawer has been counted (blind count)."""
    register = usable_register(request, pk)
    session = sessions.open_session_of(register)
    if session is None:
        messages.error(request, _("La caisse n'est pas ouverte."))
        return redirect(register)
    form = CloseSessionForm(request.POST)
    if not form.is_valid():
        return render(request, "till/register.html", _register_context(request, register, close_form=form))
    counted = form.cleaned_data["counted_cash"]
    if counted is None:
        form.add_error("counted_cash", _("Indiquez le montant compté."))
        return render(request, "till/register.html", _register_context(request, register, close_form=form))
    expected = sessions.expected_cash(session)
    try:
        closure = sessions.close_session(session, request.user, counted, form.cleaned_data["explanation"])
    except ValidationError as error:
        if getattr(error, "code", None) == sessions.PAID_OPEN_TICKET:
            # Not a counting matter: the ticket's money changes what is expected, so the count is done again.
            form.add_error(None, " ".join(error.messages))
            return render(request, "till/register.html", _register_context(request, register, close_form=form))
        form.add_error("explanation" if counted != expected else None, " ".join(error.messages))
        context = _register_context(request, register, close_form=form, expected=expected)
        context["difference"] = counted - expected
        return render(request, "till/register.html", context)
    messages.success(
        request,
        ngettext(
            "Journée clôturée (Z n°%(number)s) : %(tickets)s ticket, %(total)s ; espèces attendues %(expected)s, "
            "comptées %(counted)s.",
            "Journée clôturée (Z n°%(number)s) : %(tickets)s tickets, %(total)s ; espèces attendues %(expected)s, "
            "comptées %(counted)s.",
            closure.totals.get("tickets", 0),
        )
        % {
            "number": closure.number,
            "tickets": closure.totals.get("tickets", 0),
            "total": euros(closure.total_cents),
            "expected": euros(expected),
            "counted": euros(counted),
        },
    )
    return redirect(register)


@require_POST
@role_required(Role.NETWORK_ADMIN, Role.SITE_MANAGER)
def training_mode(request, pk):
    register = visible_register(request, pk)
    on = request.POST.get("training") == "1"
    try:
        set_training_mode(register, request.user, on)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Mode formation activé : les tickets ne comptent pas et ne touchent pas au stock.")
            if on
            else _("Mode formation désactivé : la caisse vend pour de vrai."),
        )
    return redirect(register)
