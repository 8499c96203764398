"""What the till accepts in cash on a sale ticket, and why (checked by `baskets.add_payment`).

- The legal cap. A payment in cash by an individual to a professional is capped at 1,000 € (Code monétaire et
  financier, art. L112-6 and D112-3; 15,000 € for a person whose tax home is abroad, paying for personal needs —
  not the people our sites serve, so the till applies 1,000 €). The cap is on the debt paid in cash: the cash
  payments kept on one ticket together, not the notes handed over.
- A typing check. The amount typed in cash is what the person hands over; the change is computed. Handing
  over 100 € or more beyond what the ticket still owes means a note was not needed: in practice it is a typing
  mistake (« 100000 » for « 10.00 »), so it is refused before the drawer is counted wrong.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tremplin.core.money import euros_from_cents as euros

from ..models import PaymentMethod

CASH_CAP_CENTS = 100_000  # 1,000 €, CMF art. D112-3
MAX_CHANGE_CENTS = 9_999  # change below 100 €: at most one note more than needed


def check_cash_payment(basket, tendered_cents, due_cents):
    """Refuse a cash payment over the legal cap or that would give back 100 € or more, saying why in French."""
    change = tendered_cents - due_cents
    if change > MAX_CHANGE_CENTS:
        raise ValidationError(
            _(
                "%(tendered)s remis en espèces pour %(due)s restant à payer : cela ferait %(change)s de monnaie à "
                "rendre. Vérifiez le montant tapé (une virgule oubliée ?) : la caisse refuse une monnaie à rendre "
                "de 100 € ou plus, car un billet au moins n'était pas nécessaire."
            )
            % {"tendered": euros(tendered_cents), "due": euros(due_cents), "change": euros(change)}
        )
    already = sum(payment.amount_cents for payment in basket.payments.all() if payment.method == PaymentMethod.CASH)
    paid_now = min(tendered_cents, due_cents)
    if already + paid_now > CASH_CAP_CENTS:
        left = max(0, CASH_CAP_CENTS - already)
        raise ValidationError(
            _(
                "Le paiement en espèces d'un particulier à un professionnel est plafonné à %(cap)s par achat "
                "(Code monétaire et financier, art. L112-6 et D112-3). Sur ce ticket, %(left)s peuvent encore être "
                "payés en espèces : réglez le reste par carte, chèque ou virement."
            )
            % {"cap": euros(CASH_CAP_CENTS), "left": euros(left)}
        )
