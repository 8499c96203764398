"""Appending to a chain: lock its head, take the next number, seal with the previous hash.

Every writer of the cash journal goes through `locked_head()` inside its transaction; the head row stays
locked until commit, so numbers are gap-free and links never fork, whatever the concurrency.
"""

from django.db import transaction
from django.utils import timezone

from ..models import ChainHead, EventKind, JournalEvent
from . import sealing


def sale_scope(register, training):
    return f"sale:{register.pk}:{int(bool(training))}"


def closure_scope(register, training):
    return f"closure:{register.pk}:{int(bool(training))}"


JET_SCOPE = "jet"


def locked_head(scope):
    """The head of `scope`, locked until the end of the current transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked_head() must run inside transaction.atomic()")
    ChainHead.objects.get_or_create(scope=scope)
    return ChainHead.objects.select_for_update().get(scope=scope)


def advance(head, new_hash):
    head.last_number += 1
    head.last_hash = new_hash
    head.save(update_fields=["last_number", "last_hash"])


@transaction.atomic
def record_event(kind, actor=None, register=None, details=None, at=None):
    """Append one entry to the technical event journal (JET). `details` never holds personal data."""
    head = locked_head(JET_SCOPE)
    key_id = sealing.current_key_id()
    previous = JournalEvent.objects.order_by("-number").only("key_id").first()
    if previous is not None and previous.key_id != key_id and kind != EventKind.KEY_ROTATION:
        # The first entry sealed with a new key says so in the journal itself.
        _append_event(head, EventKind.KEY_ROTATION, actor, None, {"from": previous.key_id, "to": key_id}, at, key_id)
    return _append_event(head, kind, actor, register, details or {}, at, key_id)


def _append_event(head, kind, actor, register, details, at, key_id):
    event = JournalEvent(
        number=head.last_number + 1,
        kind=kind,
        register=register,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=(at or timezone.now()).replace(microsecond=0),
        details=details,
        previous_hash=head.last_hash,
        key_id=key_id,
    )
    event.hash = sealing.seal(event.previous_hash, sealing.event_content(event), key_id)
    event.save()
    advance(head, event.hash)
    return event
