"""What blocks a ticket's cash-in now: the checks `finalise.cash_in()` makes before writing, said in advance.

`blockers(basket)` is the one answer the till asks before money changes hands: the sale screen shows its
reasons (no payment form, « Encaisser » disabled), `baskets.add_payment()` refuses a payment while it is not
empty, and `baskets.add_product()` refuses a quantity beyond what is left. `cash_in()` raises the first
reason of the same functions, inside its transaction (where its conditional updates remain the guard against
a sale made meanwhile at another register).

Payments are not a blocker: they are what is being built (cash_in still checks that they equal the total).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.inventory.models import ProductKind, ProductStock, RechargeCode, Status

from ..models import SaleKind, TillSettings
from .rights import rights_overruns
from .sessions import local_date

# Blocker kinds (the sale screen links the person's eligibility form for ELIGIBILITY).
PERSON, ELIGIBILITY, RIGHTS, STOCK, RETURN = "person", "eligibility", "rights", "stock", "return"


@dataclass(frozen=True)
class Blocker:
    """One reason why the ticket cannot be cashed in now; `line_id` is the BasketLine concerned, if one is
    (the first, for a right several lines go over: `line_ids` names them all)."""

    kind: str
    message: str
    line_id: int | None = None
    line_ids: tuple = ()

    @property
    def lines(self):
        return self.line_ids or ((self.line_id,) if self.line_id is not None else ())


def eligibility_error(beneficiary, today):
    """The French reason why `beneficiary` has no valid eligibility record on `today`, or None."""
    from tremplin.people.models import EligibilityRecord

    if EligibilityRecord.objects.filter(beneficiary=beneficiary).valid_on(today).exists():
        return None
    last = EligibilityRecord.objects.filter(beneficiary=beneficiary).order_by("-valid_until").first()
    if last is None:
        return _("Aucune éligibilité enregistrée pour cette personne : les prix solidaires demandent un justificatif.")
    return _("L'éligibilité de cette personne a expiré le %(date)s : renouvelez-la avant la vente.") % {
        "date": last.valid_until.strftime("%d/%m/%Y")
    }


def person_blockers(basket):
    """A sale needs a chosen, active person (solidarity prices are nominative)."""
    if basket.kind != SaleKind.SALE:
        return []
    beneficiary = basket.beneficiary
    if beneficiary is None:
        return [Blocker(PERSON, _("Choisissez la personne : les prix solidaires sont nominatifs."))]
    if not beneficiary.is_active:
        return [Blocker(PERSON, _("Cette fiche n'est plus active (fusionnée ou anonymisée)."))]
    return []


def eligibility_blockers(basket, today, till_settings):
    """A valid eligibility record, when the network requires one (TillSettings.eligibility_required)."""
    if basket.kind != SaleKind.SALE or basket.register.training_mode or not till_settings.eligibility_required:
        return []
    error = eligibility_error(basket.beneficiary, today)
    return [Blocker(ELIGIBILITY, error)] if error else []


def rights_blockers(basket, summary, today):
    """One blocker per rule of the person's rights the ticket goes over, naming the lines that go over (without a
    site manager's override): rights.rights_overruns, the rules check_rights() applies at cash-in."""
    if basket.kind != SaleKind.SALE or basket.register.training_mode:
        return []
    labels = {line.basket_line.pk: line.label for line in summary.lines}
    overruns = rights_overruns(basket.beneficiary, rights_lines(summary), today)
    return [
        Blocker(
            RIGHTS,
            _("%(products)s : hors des droits de la personne — %(sentence)s.")
            % {
                "products": ", ".join(f"« {label} »" for label in dict.fromkeys(labels[pk] for pk in line_ids)),
                "sentence": sentence,
            },
            line_ids[0],
            tuple(line_ids),
        )
        for line_ids, sentence in overruns
    ]


def rights_lines(summary):
    """The ticket's lines as the rights services take them: (key, rights_key, quantity, value, overridden)."""
    return [
        (
            line.basket_line.pk,
            line.rights_key,
            line.quantity,
            line.rights_value_cents,
            bool(line.basket_line.override_reason),
        )
        for line in summary.lines
    ]


def stock_blockers(basket, summary):
    """Each sale line the site cannot supply now: a device no longer for sale (to this person), more units than
    the counted stock, more recharge lines than codes left. None in training mode (no stock moves)."""
    if basket.kind != SaleKind.SALE or basket.register.training_mode:
        return []
    site_id = basket.register.site_id
    wanted = {}
    for line in summary.lines:
        if line.basket_line.product_id:
            wanted[line.basket_line.product_id] = wanted.get(line.basket_line.product_id, 0) + line.quantity
    stock = dict(
        ProductStock.objects.filter(site_id=site_id, product_id__in=wanted).values_list("product_id", "quantity")
    )
    codes = {}
    for product_id in (
        RechargeCode.objects.available()
        .filter(site_id=site_id, product_id__in=wanted)
        .values_list("product_id", flat=True)
    ):
        codes[product_id] = codes.get(product_id, 0) + 1
    found, seen = [], set()
    for line in summary.lines:
        basket_line = line.basket_line
        if basket_line.device_id:
            device = basket_line.device
            sellable = device.status == Status.AVAILABLE or (
                device.status == Status.RESERVED and device.reserved_for_id == basket.beneficiary_id
            )
            if not sellable or device.site_id != site_id:
                found.append(
                    Blocker(
                        STOCK,
                        _("L'appareil %(tag)s n'est plus en vente : retirez-le du ticket.") % {"tag": device.asset_tag},
                        basket_line.pk,
                    )
                )
            continue
        product = basket_line.product
        if product.pk in seen:
            continue
        seen.add(product.pk)
        left = codes.get(product.pk, 0) if product.kind == ProductKind.RECHARGE else stock.get(product.pk, 0)
        if wanted[product.pk] > left:
            found.append(Blocker(STOCK, stock_message(line.label, wanted[product.pk], left), basket_line.pk))
    return found


def stock_message(label, wanted, left):
    if left <= 0:
        return _("« %(label)s » : épuisé dans cet espace, retirez la ligne.") % {"label": label}
    return _("« %(label)s » : %(wanted)s sur le ticket, il n'en reste que %(left)s dans cet espace.") % {
        "label": label,
        "wanted": wanted,
        "left": left,
    }


def return_blockers(basket, summary):
    """A return takes back only lines of its original ticket, each once (cash_in locks the original ticket)."""
    from .returns import returned_quantity  # returns imports baskets, which imports this module

    if basket.kind != SaleKind.RETURN:
        return []
    found = []
    for line in summary.lines:
        original = line.basket_line.original_line
        if original is None or original.sale_id != basket.original_sale_id:
            found.append(
                Blocker(RETURN, _("Un retour ne reprend que des lignes du ticket d'origine."), line.basket_line.pk)
            )
        elif returned_quantity(original) - line.quantity > original.quantity:
            found.append(
                Blocker(
                    RETURN,
                    _("La ligne « %(label)s » a déjà été reprise : un article ne se rend qu'une fois.")
                    % {"label": original.label},
                    line.basket_line.pk,
                )
            )
    return found


def blockers(basket, summary=None, now=None):
    """[Blocker] — every reason why `basket` cannot be cashed in now, payments aside; [] when it can.

    Same checks as finalise.cash_in(): person, eligibility (when required, not in training mode), rights
    (overridden lines pass), each line's stock, and for a return the original ticket's lines.
    """
    from .baskets import summarise

    if basket.sale_id:
        return []
    summary = summary or summarise(basket)
    today = local_date(basket.register.site, now or timezone.now())
    found = person_blockers(basket)
    if found:
        return found
    found += eligibility_blockers(basket, today, TillSettings.current())
    found += rights_blockers(basket, summary, today)
    found += stock_blockers(basket, summary)
    found += return_blockers(basket, summary)
    return found


# --- the refusals of baskets.add_device / add_product / add_payment -----------------------------------------


def adding_refusal(found):
    """Why no article can be added now, from the ticket's blockers: no person chosen, or a person who cannot
    buy (no valid eligibility when required); None otherwise. The sale screen disables its scan field and
    product buttons with this reason; add_device and add_product refuse with it."""
    for blocker in found:
        if blocker.kind in (PERSON, ELIGIBILITY):
            return blocker.message
    return None


def refuse_if_person_blocked(basket, now=None):
    # No article for a person who cannot buy now (no valid eligibility when required): say it at once.
    reason = adding_refusal(blockers(basket, now=now))
    if reason:
        raise ValidationError(reason)


def units_on_ticket(summary):
    """{product id: units of it on the ticket} (recharges: one line per code)."""
    units = {}
    for line in summary.lines:
        if line.basket_line.product_id:
            units[line.basket_line.product_id] = units.get(line.basket_line.product_id, 0) + line.quantity
    return units


def refuse_beyond_stock(basket, line):
    # The product's counted stock (or codes left) at the site, against every unit of it on the ticket.
    found = [blocker for blocker in stock_blockers(basket, _summarise(basket)) if blocker.line_id == line.pk]
    if found:
        raise ValidationError(found[0].message)


def refuse_while_blocked(basket, now=None):
    """Refuse taking money for a ticket that cannot be cashed in now: every reason, each naming its line."""
    found = blockers(basket, now=now)
    if found:
        raise ValidationError(
            [_("Aucun paiement tant que ce ticket ne peut pas être encaissé :")]
            + [blocker.message for blocker in found]
        )


def _summarise(basket):
    from .baskets import summarise

    return summarise(basket)
