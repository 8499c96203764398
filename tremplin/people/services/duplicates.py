"""Likely duplicates of a person being created: same name (as names vary, see people.names) and birth year,
phone, e-mail."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import fuzzy
from ..models import Beneficiary
from ..names import same_person, search_key
from ..validation import phone_or_none

REASONS = {
    "name_birth_year": _("même nom et même année de naissance"),
    "name": _("même nom (année de naissance inconnue)"),
    "phone": _("même numéro de téléphone"),
    "email": _("même adresse e-mail"),
}
MAX_NAME_CANDIDATES = 500


def _name_candidates(key, birth_year):
    candidates = Beneficiary.objects.active()
    if birth_year:
        candidates = candidates.filter(Q(birth_year=birth_year) | Q(birth_year__isnull=True))
    # Narrow in the database on fragments of every word of the key (compact forms included, so
    # "legoff" reaches "le goff legoff"), then apply the name rule in Python.
    fragments = Q()
    for fragment in fuzzy.prefixes(key):
        fragments |= Q(search_name__contains=fragment)
    fields = ("pk", "first_name", "last_name", "birth_name", "birth_year")
    return candidates.filter(fragments).values_list(*fields)[:MAX_NAME_CANDIDATES]


def find_duplicates(*, first_name, last_name, birth_name="", birth_year=None, phone=None, email=None, exclude=None):
    """Active records across the network that are probably the same person, strongest match first.

    Names match on the usage name or the birth name of either side (people.names.same_person).

    Each result carries `duplicate_reasons` (codes: name_birth_year, name, phone, email) and
    `duplicate_reason_labels`. The caller decides what to show of records the user does not follow.
    """
    reasons = {}
    key = search_key(first_name, last_name, birth_name)
    if key:
        wanted = (first_name, last_name, birth_name or "")
        for pk, *names, year in _name_candidates(key, birth_year):
            if same_person(wanted, names):
                reasons.setdefault(pk, []).append("name_birth_year" if birth_year and year else "name")
    phone = phone_or_none(phone) if phone else None
    if phone:
        for pk in Beneficiary.objects.active().with_phone(phone).values_list("pk", flat=True)[:50]:
            reasons.setdefault(pk, []).append("phone")
    email = (email or "").strip()
    if email:
        for pk in Beneficiary.objects.active().filter(email__iexact=email).values_list("pk", flat=True)[:50]:
            reasons.setdefault(pk, []).append("email")
    if exclude is not None:
        reasons.pop(getattr(exclude, "pk", exclude), None)
    if not reasons:
        return []
    found = list(Beneficiary.objects.filter(pk__in=reasons).prefetch_related("sites"))
    for beneficiary in found:
        beneficiary.duplicate_reasons = reasons[beneficiary.pk]
        beneficiary.duplicate_reason_labels = [REASONS[code] for code in reasons[beneficiary.pk]]
    found.sort(key=lambda b: (-len(b.duplicate_reasons), b.last_name, b.first_name))
    return found
