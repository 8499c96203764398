"""Cursor pagination: the cursor is an opaque, signed token naming the last item of the previous page."""

from django.core import signing
from django.db.models import Q
from django.utils.translation import gettext as _

from .problems import ApiProblem

SALT = "tremplin.api.cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode(values):
    return signing.dumps([str(v) if not isinstance(v, int) else v for v in values], salt=SALT, compress=True)


def decode(cursor, size):
    try:
        values = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        values = None
    if not isinstance(values, list) or len(values) != size:
        raise ApiProblem(
            422,
            _("Curseur invalide"),
            _("Ce curseur n'a pas été donné par cette API : reprenez la liste depuis le début."),
            slug="curseur-invalide",
            errors=[{"field": "cursor", "message": _("Curseur invalide.")}],
        )
    return values


def _after(keys, values):
    """Rows strictly after `values` in the ascending order of `keys` (keyset pagination)."""
    condition = Q()
    for i, key in enumerate(keys):
        step = Q(**{f"{key}__gt": values[i]})
        for previous, value in zip(keys[:i], values[:i], strict=False):
            step &= Q(**{previous: value})
        condition |= step
    return condition


def paginate(queryset, keys, cursor=None, limit=DEFAULT_LIMIT):
    """(items, next cursor or None); `keys` are ascending model attributes ending with a unique one."""
    if cursor:
        queryset = queryset.filter(_after(keys, decode(cursor, len(keys))))
    items = list(queryset.order_by(*keys)[: limit + 1])
    if len(items) <= limit:
        return items, None
    items = items[:limit]
    last = items[-1]
    return items, encode([getattr(last, key) for key in keys])
