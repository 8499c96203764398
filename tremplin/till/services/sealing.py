"""Sealing the cash journal: canonical content and HMAC-SHA256 links.

Rule (issue #9, after the NF 525 / BOI-TVA-DECLA-30-10-30 conditions of inalterability):
``hash = HMAC-SHA256(key, previous_hash ‖ canonical content)``, where the canonical content is JSON with
sorted keys, no spaces, UTF-8, amounts as integer cents, times as UTC ISO 8601 ("2026-11-30T09:12:05Z")
and business identifiers only (register code, ticket number, asset tags, product references, payment
methods and amounts) — never database row ids, so a dump restored elsewhere still verifies.

Keys come from ``TREMPLIN_JOURNAL_KEYS`` ("id:secret,id:secret", the first one seals new entries). Each
entry stores the id of the key that sealed it, so a new key can be put first without breaking older links.
"""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def journal_keys():
    """{key id: secret bytes} in the order of the setting; the first one is current."""
    keys = {}
    for item in settings.TREMPLIN_JOURNAL_KEYS.split(","):
        item = item.strip()
        if not item:
            continue
        key_id, sep, secret = item.partition(":")
        if not sep or not key_id or not secret:
            raise ImproperlyConfigured("TREMPLIN_JOURNAL_KEYS: each key is written id:secret.")
        keys[key_id] = secret.encode()
    if not keys:
        raise ImproperlyConfigured("TREMPLIN_JOURNAL_KEYS is empty.")
    return keys


def current_key_id():
    return next(iter(journal_keys()))


def utc_iso(moment):
    """2026-11-30T09:12:05Z — whole seconds, UTC."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical(content):
    """The exact bytes that are sealed: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(previous_hash, content, key_id):
    """Hex HMAC-SHA256 of previous_hash ‖ canonical(content) with the key `key_id`."""
    try:
        key = journal_keys()[key_id]
    except KeyError:
        raise ImproperlyConfigured(f"Journal key {key_id!r} is not in TREMPLIN_JOURNAL_KEYS.") from None
    return hmac.new(key, previous_hash.encode() + canonical(content), hashlib.sha256).hexdigest()


def known_key(key_id):
    return key_id in journal_keys()


# --- canonical contents -----------------------------------------------------------------------


def sale_content(sale, lines, payments):
    """The canonical content of a ticket (see the module docstring). `lines`, `payments` in position order."""
    original = sale.original_sale.ticket_number if sale.original_sale_id else None
    return {
        "type": "ticket",
        "register": sale.register.full_code,
        "training": sale.training,
        "number": sale.number,
        "kind": sale.kind,
        "original": original,
        "at": utc_iso(sale.finalised_at),
        "person": str(sale.beneficiary_id) if sale.beneficiary_id else None,
        "cashier": sale.cashier_name,
        "total_cents": sale.total_cents,
        "market_total_cents": sale.market_total_cents,
        "lines": [line_content(line) for line in lines],
        "payments": [payment_content(payment) for payment in payments],
    }


def line_content(line):
    original = None
    if line.original_line_id:
        original = f"{line.original_line.sale.ticket_number}/{line.original_line.position}"
    return {
        "position": line.position,
        "category": line.revenue_category,
        "rights": line.rights_key,
        "label": line.label,
        "reference": line.reference,
        "quantity": line.quantity,
        "unit_cents": line.unit_price_cents,
        "market_cents": line.market_price_cents,
        "rights_value_cents": line.rights_value_cents,
        "vat_bp": line.vat_rate_bp,
        "warranty_until": line.warranty_until.isoformat() if line.warranty_until else None,
        "override": line.override_reason,
        "original_line": original,
        "defective_code": line.defective_code,
    }


def payment_content(payment):
    return {
        "position": payment.position,
        "method": payment.method,
        "amount_cents": payment.amount_cents,
        "tendered_cents": payment.tendered_cents,
        "change_cents": payment.change_cents,
        "partner": payment.partner_name,
    }


def closure_content(closure):
    return {
        "type": "closure",
        "register": closure.register.full_code,
        "training": closure.training,
        "kind": closure.kind,
        "number": closure.number,
        "period_start": closure.period_start.isoformat(),
        "period_end": closure.period_end.isoformat(),
        "totals": closure.totals,
        "total_cents": closure.total_cents,
        "grand_total_cents": closure.grand_total_cents,
        "first_number": closure.first_number,
        "last_number": closure.last_number,
        "last_sale_hash": closure.last_sale_hash,
        "at": utc_iso(closure.created_at),
    }


def event_content(event):
    return {
        "type": "event",
        "number": event.number,
        "kind": event.kind,
        "register": event.register.full_code if event.register_id else None,
        "at": utc_iso(event.at),
        "details": event.details,
    }
