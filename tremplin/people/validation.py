"""Checks on a person's identity and contact fields, shared by forms (messages next to the field) and services."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tremplin.network import communes

MIN_AGE = 12
MAX_AGE = 110


def _acceptable(number):
    if phonenumbers.is_valid_number(number):
        return True
    # Any well-formed French number (+33 and 9 digits): the library's list of allocated ranges lags
    # behind the operators', and the 06 39 98 range reserved for fiction (demo data) is not allocated.
    return (
        number.country_code == 33
        and not number.italian_leading_zero
        and len(str(number.national_number)) == 9
        and str(number.national_number)[0] in "123456789"
    )


def parse_phone(value):
    """A phone number in any common format (French by default) as E.164, or "" when blank."""
    value = (value or "").strip() if not isinstance(value, phonenumbers.PhoneNumber) else value
    if not value:
        return ""
    try:
        number = value if isinstance(value, phonenumbers.PhoneNumber) else phonenumbers.parse(str(value), "FR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not _acceptable(number):
        raise ValidationError(
            _("Ce numéro de téléphone n'est pas lisible. Exemples acceptés : 06 12 34 56 78 ou +33 6 12 34 56 78."),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_or_none(value):
    """Like parse_phone but answers None instead of refusing (for search boxes)."""
    try:
        return parse_phone(value) or None
    except ValidationError:
        return None


def check_email(value):
    value = (value or "").strip().lower()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValidationError(
            _("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr)."), code="invalid_email"
        ) from error
    return value


def check_birth_year(value, today=None):
    if value in (None, ""):
        return None
    year = (today or timezone.localdate()).year
    try:
        value = int(value)
    except (TypeError, ValueError) as error:
        message = _("Indiquez l'année de naissance en chiffres (par exemple 1975).")
        raise ValidationError(message, code="birth_year") from error
    if not year - MAX_AGE <= value <= year - MIN_AGE:
        raise ValidationError(
            _(
                "L'année de naissance doit être comprise entre %(first)s et %(last)s "
                "(personnes de %(min)s à %(max)s ans)."
            )
            % {"first": year - MAX_AGE, "last": year - MIN_AGE, "min": MIN_AGE, "max": MAX_AGE},
            code="birth_year",
        )
    return value


def check_address(postal_code, commune):
    """(postal code, official commune name) — both blank is fine; otherwise they must belong together."""
    postal_code, commune = (postal_code or "").strip(), (commune or "").strip()
    if not postal_code and not commune:
        return "", ""
    if not postal_code:
        raise ValidationError({"postal_code": _("Indiquez le code postal de la commune.")})
    if len(postal_code) != 5 or not postal_code.isdigit():
        raise ValidationError({"postal_code": _("Le code postal compte exactement 5 chiffres (par exemple 69007).")})
    candidates = communes.communes_for_postal_code(postal_code)
    if not candidates:
        raise ValidationError({"postal_code": _("Ce code postal n'existe pas.")})
    if not commune:
        if len({name for _code, name in candidates}) == 1:
            return postal_code, candidates[0][1]
        raise ValidationError({"commune": _("Plusieurs communes ont ce code postal : indiquez laquelle.")})
    match = communes.match_commune(postal_code, commune)
    if match is None:
        names = ", ".join(sorted({name for _code, name in candidates})[:6])
        raise ValidationError(
            {
                "commune": _(
                    "Cette commune ne correspond pas au code postal %(code)s (communes possibles : %(names)s)."
                )
                % {"code": postal_code, "names": names}
            }
        )
    return postal_code, match[1]


# The preferred channel needs its address: which field, and the message when it is missing.
CHANNEL_NEEDS = {
    "sms": ("phone", _lazy("Indiquez le téléphone de la personne pour la joindre par SMS ou par appel.")),
    "phone": ("phone", _lazy("Indiquez le téléphone de la personne pour la joindre par SMS ou par appel.")),
    "email": ("email", _lazy("Indiquez l'e-mail de la personne pour la joindre par e-mail.")),
}


def check_channel(channel, phone, email):
    """SMS and calls need a phone number, e-mail needs an address (the fields' labels say so).

    Raises a ValidationError on the field that is missing."""
    field, message = CHANNEL_NEEDS.get(channel, (None, None))
    if field and not {"phone": phone, "email": email}[field]:
        raise ValidationError({field: str(message)})


def clean_person_fields(fields):
    """Validate and normalise identity/contact fields in place; raises one ValidationError per bad field."""
    errors = {}
    checks = {"phone": parse_phone, "email": check_email, "birth_year": check_birth_year}
    for name, check in checks.items():
        if name in fields:
            try:
                fields[name] = check(fields[name])
            except ValidationError as error:
                errors[name] = error.messages
    for name in ("first_name", "last_name"):
        if name in fields:
            fields[name] = " ".join((fields[name] or "").split())
            if not fields[name]:
                errors[name] = [_("Ce champ est obligatoire.")]
    if "postal_code" in fields or "commune" in fields:
        try:
            fields["postal_code"], fields["commune"] = check_address(fields.get("postal_code"), fields.get("commune"))
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return fields
