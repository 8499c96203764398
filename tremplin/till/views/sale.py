"""The sale screen: one page to find the person, scan or pick what they take, take payments and cash in.

Every action is a small POST that calls one service and comes back to the screen (POST → redirect → GET);
htmx only boosts these forms. "Encaisser" answers with the ticket itself (no redirect): it is the one page
that shows the recharge codes in clear, and nothing keeps them afterwards (services/receipts.py).
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.formfields import parse_id
from tremplin.core.models import AccessLog, log_access
from tremplin.core.permissions import role_required
from tremplin.core.private_search import pop_search
from tremplin.inventory.models import ConnectivityProduct, ProductKind, ProductStock, RechargeCode
from tremplin.people.models import Beneficiary, EligibilityRecord
from tremplin.people.names import tell_apart

from ..forms import PaymentForm, PersonSearchForm, ReasonForm, ScanForm
from ..models import Basket, SaleKind, TillSettings
from ..services import baskets, checks, finalise, sessions
from ..services.rights import rights_summary, with_ticket
from ..templatetags.till import euros
from .receipts import render_ticket
from .registers import SELLERS, stale_day, usable_register

MAX_CANDIDATES = 8


def _ready_register(request, pk):
    """The register, if it can sell now; otherwise a redirect to its page with the reason."""
    register = usable_register(request, pk)
    session = sessions.open_session_of(register)
    if session is None:
        messages.error(request, _("La caisse est fermée : ouvrez-la avec le fond de caisse avant de vendre."))
        return register, redirect(register)
    day = stale_day(register, session)
    if day is not None:
        messages.error(
            request,
            _("La journée du %(date)s n'est pas clôturée : faites la clôture (Z) avant de vendre.")
            % {"date": day.strftime("%d/%m/%Y")},
        )
        return register, redirect(register)
    return register, None


def _basket(request, register):
    return baskets.open_basket(register, request.user)


def _back(register):
    return redirect(reverse("till:sell", args=[register.pk]))


def _report(request, error):
    messages.error(request, " ".join(error.messages))


def _products(register, summary):
    """Active products with what this site still has (codes for recharges, counted stock for the rest) and what
    is left once the ticket's units are counted: a product whose units are all on the ticket is not offered
    (checks.stock_blockers would refuse it). Training mode touches no stock: nothing is left out there."""
    products = list(ConnectivityProduct.objects.filter(is_active=True).order_by("kind", "operator", "face_value", "pk"))
    codes = {}
    for product_id in RechargeCode.objects.available().filter(site=register.site).values_list("product_id", flat=True):
        codes[product_id] = codes.get(product_id, 0) + 1
    stock = dict(ProductStock.objects.filter(site=register.site).values_list("product_id", "quantity"))
    on_ticket = checks.units_on_ticket(summary)
    groups = {"connectivity": [], "accessory": []}
    for product in products:
        product.available = (
            codes.get(product.pk, 0) if product.kind == ProductKind.RECHARGE else stock.get(product.pk, 0)
        )
        product.on_ticket = on_ticket.get(product.pk, 0)
        product.left = product.available - product.on_ticket
        product.addable = register.training_mode or product.left > 0
        groups["accessory" if product.kind == ProductKind.ACCESSORY else "connectivity"].append(product)
    return groups


def _eligibility(person, today):
    record = EligibilityRecord.objects.filter(beneficiary=person).valid_on(today).order_by("-valid_until").first()
    if record is not None:
        return {"valid": True, "until": record.valid_until}
    return {"valid": False, "error": checks.eligibility_error(person, today)}


@role_required(*SELLERS)
def sale_screen(request, pk):
    register, refusal = _ready_register(request, pk)
    if refusal:
        return refusal
    return _render_screen(request, register)


def _render_screen(request, register, payment_form=None):
    """The sale screen; `payment_form` is a refused payment, shown again as typed with its error."""
    basket = _basket(request, register)
    summary = baskets.summarise(basket)
    person = basket.beneficiary
    query = pop_search(request)
    candidates = []
    if query:
        from tremplin.people.search import search_beneficiaries

        # Look-alikes (« LEFEBVRE Helene (1975) », « LEFÈVRE Hélène (1975) ») get what tells them apart.
        candidates = tell_apart(list(search_beneficiaries(request.user, query)[:MAX_CANDIDATES]))
    today = sessions.local_date(register.site, timezone.now())
    context = {
        "register": register,
        "basket": basket,
        "summary": summary,
        "person": person,
        "query": query,
        "searched": bool(query),
        "candidates": candidates,
        "search_form": PersonSearchForm(initial={"q": query}),
        "payment_form": payment_form or PaymentForm(),
        "products": _products(register, summary),
        "can_override": baskets.may_override(request.user, register),
        "settings": TillSettings.current(),
        "training": register.training_mode,
        "rights": [],
        "eligibility": None,
        "line_warnings": {},
        "blockers": checks.blockers(basket, summary),
    }
    for blocker in context["blockers"]:
        if blocker.kind == checks.RIGHTS:  # the lines that go over, which a site manager may override
            for line_id in blocker.lines:
                context["line_warnings"].setdefault(line_id, []).append(blocker.message)
    context["blocked_by_rights"] = bool(context["line_warnings"])
    # No person, or one who cannot buy now: nothing can be added (baskets.add_device / add_product refuse it).
    context["blocked_by_eligibility"] = any(blocker.kind == checks.ELIGIBILITY for blocker in context["blockers"])
    context["adding_refusal"] = checks.adding_refusal(context["blockers"])
    if context["blocked_by_eligibility"]:  # the ticket already gives the reason, with the link to the form
        context["adding_refusal"] = _(
            "Aucun article tant que la personne n'a pas d'éligibilité valide : voir le ticket."
        )
    context["scan_form"] = ScanForm(refusal=context["adding_refusal"])
    if person is not None:
        # Each right as used before, and what this ticket does to it (rights.with_ticket).
        wanted = [line[1:] for line in checks.rights_lines(summary)]
        context["rights"] = with_ticket(rights_summary(person, today), wanted)
        context["eligibility"] = _eligibility(person, today)
    return render(request, "till/sell.html", context)


@require_POST
@role_required(*SELLERS)
def choose_person(request, pk):
    register, refusal = _ready_register(request, pk)
    if refusal:
        return refusal
    person_id = request.POST.get("beneficiary", "")
    try:
        person = Beneficiary.objects.visible_to(request.user).active().filter(pk=uuid.UUID(str(person_id))).first()
    except ValueError:
        person = None
    if person is None:
        messages.error(request, _("Cette personne n'est pas dans la liste de votre espace."))
        return _back(register)
    try:
        baskets.set_person(_basket(request, register), person)
    except ValidationError as error:
        _report(request, error)
    else:
        log_access(request.user, person, AccessLog.Action.VIEW, reason="caisse : droits et vente")
    return _back(register)


@require_POST
@role_required(*SELLERS)
def scan(request, pk):
    register, refusal = _ready_register(request, pk)
    if refusal:
        return refusal
    form = ScanForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Scannez ou saisissez un numéro d'inventaire, de série ou un IMEI (60 caractères au plus).")
        )
        return _back(register)
    try:
        line = baskets.add_device(_basket(request, register), form.cleaned_data["code"])
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("%(tag)s ajouté au ticket.") % {"tag": line.device.asset_tag})
    return _back(register)


@require_POST
@role_required(*SELLERS)
def add_product(request, pk):
    register, refusal = _ready_register(request, pk)
    if refusal:
        return refusal
    product_id = parse_id(request.POST.get("product"))
    product = ConnectivityProduct.objects.filter(pk=product_id).first() if product_id else None
    if product is None:
        messages.error(request, _("Cette offre n'est plus proposée."))
        return _back(register)
    try:
        baskets.add_product(_basket(request, register), product)
    except ValidationError as error:
        _report(request, error)
    return _back(register)


@require_POST
@role_required(*SELLERS)
def remove_line(request, pk):
    register, refusal = _ready_register(request, pk)
    if refusal:
        return refusal
    line_id = parse_id(request.POST.get("line"))
    try:
        if line_id:
            baskets.remove_line(_basket(request, register), line_id)
    except ValidationError as error:
        _report(request, error)
    return _back(register)


@require_POST
@role_required(*SELLERS)
def override_line(request, pk):
    register, refusal = _ready_register(request, pk)
    if refusal:
        return refusal
    form = ReasonForm(request.POST)
    line_id = parse_id(request.POST.get("line"))
    if not form.is_valid() or not line_id:
        messages.error(request, _("Indiquez le motif de la dérogation (5 caractères au moins)."))
        return _back(register)
    try:
        baskets.override_line(_basket(request, register), line_id, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Dérogation accordée pour cette ligne ; elle sera journalisée à l'encaissement."))
    return _back(register)


@require_POST
@role_required(*SELLERS)
def add_payment(request, pk):
    register, refusal = _ready_register(request, pk)
    if refusal:
        return refusal
    form = PaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            baskets.add_payment(_basket(request, register), data["method"], data["amount"], data.get("partner"))
        except ValidationError as error:
            form.add_error("amount", error)
        else:
            return _back(register)
    # Refused: the screen again with the amount as typed and the reason next to it, never an empty field.
    response = _render_screen(request, register, payment_form=form)
    if request.htmx:
        response["HX-Push-Url"] = reverse("till:sell", args=[register.pk])
    return response


@require_POST
@role_required(*SELLERS)
def remove_payment(request, pk):
    register, refusal = _ready_register(request, pk)
    if refusal:
        return refusal
    payment_id = parse_id(request.POST.get("payment"))
    try:
        if payment_id:
            baskets.remove_payment(_basket(request, register), payment_id)
    except ValidationError as error:
        _report(request, error)
    return _back(register)


@require_POST
@role_required(*SELLERS)
def new_ticket(request, pk):
    """Drop the ticket in progress (nothing of it was ever written to the journal).

    A ticket holding payments is dropped only with `confirm=1`: without it, a confirmation page lists the
    payments to give back (a plain form: works without JavaScript).
    """
    register = usable_register(request, pk)
    abandoned = baskets.abandon(register, request.user, confirmed=request.POST.get("confirm") == "1")
    if not abandoned.dropped:
        context = {"register": register, "abandoned": abandoned, "training": register.training_mode}
        return render(request, "till/abandon_confirm.html", context)
    if abandoned.payments:
        messages.success(
            request,
            _("Ticket abandonné : rendez les paiements (%(total)s) ; un nouveau ticket commence.")
            % {"total": euros(abandoned.total_cents)},
        )
    else:
        messages.success(request, _("Ticket abandonné : un nouveau ticket commence."))
    return _back(register)


def cashier_basket(request, token):
    """The basket `token` of this cashier (a second click still finds it once cashed in), or 404."""
    try:
        token = uuid.UUID(str(token))
    except ValueError as error:
        raise Http404 from error
    basket = (
        Basket.objects.filter(token=token, cashier=request.user, register__in=_usable(request))
        .select_related("register__site")
        .first()
    )
    if basket is None:
        raise Http404
    return basket


def _usable(request):
    from ..models import Register

    return Register.objects.usable_by(request.user)


@require_POST
@role_required(*SELLERS)
def cash_in(request, pk):
    """Encaisser: one transaction; a second click shows the same ticket; a refusal writes nothing."""
    usable_register(request, pk)
    basket = cashier_basket(request, request.POST.get("basket", ""))
    already = basket.sale_id is not None
    try:
        done = finalise.cash_in(basket.token, request.user)
    except ValidationError as error:
        _report(request, error)
        if basket.kind == SaleKind.RETURN:
            return redirect("till:return", token=basket.token)
        return _back(basket.register)
    if already:
        messages.info(request, _("Ce ticket était déjà encaissé : le voici."))
    else:
        messages.success(request, _("Ticket %(number)s encaissé.") % {"number": done.sale.ticket_number})
    return render_ticket(request, done.sale, codes=done.revealed_codes, just_cashed=not already)
