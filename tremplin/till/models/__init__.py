from .appendonly import JournalAltered
from .journal import Closure, ClosureKind, EventKind, JournalEvent
from .registers import TILL_ROLES, ChainHead, PersonLock, Register, RegisterSession
from .rights import QuotaRule, RightsKey, TillSettings
from .sales import (
    Basket,
    BasketLine,
    BasketPayment,
    Payment,
    PaymentMethod,
    ReceiptPrint,
    RevenueCategory,
    Sale,
    SaleKind,
    SaleLine,
)

__all__ = [
    "TILL_ROLES",
    "Basket",
    "BasketLine",
    "BasketPayment",
    "ChainHead",
    "Closure",
    "ClosureKind",
    "EventKind",
    "JournalAltered",
    "JournalEvent",
    "Payment",
    "PaymentMethod",
    "PersonLock",
    "QuotaRule",
    "ReceiptPrint",
    "Register",
    "RegisterSession",
    "RevenueCategory",
    "RightsKey",
    "Sale",
    "SaleKind",
    "SaleLine",
    "TillSettings",
]
