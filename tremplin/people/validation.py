"""Checks on a person's identity and contact fields, shared by forms (messages next to the field) and services."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tremplin.core.formfields import compact_identifier
from tremplin.core.phones import check_sms_channel, parse_phone, phone_or_none  # noqa: F401 - re-exported
from tremplin.network import communes

MIN_AGE = 12
MAX_AGE = 110


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
    postal_code, commune = compact_identifier(postal_code), (commune or "").strip()
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


def check_contact_channel(channel, phone, email=None):
    """The services' check: the channel's address is there, and SMS only to a number that can receive one."""
    check_channel(channel, phone, email, require_address=email is not None)


# The preferred channel needs its address: which field, and the message when it is missing.
CHANNEL_NEEDS = {
    "sms": ("phone", _lazy("Indiquez le téléphone de la personne pour la joindre par SMS ou par appel.")),
    "phone": ("phone", _lazy("Indiquez le téléphone de la personne pour la joindre par SMS ou par appel.")),
    "email": ("email", _lazy("Indiquez l'e-mail de la personne pour la joindre par e-mail.")),
}


def check_channel(channel, phone, email, require_address=True):
    """SMS and calls need a phone number, e-mail needs an address (the fields' labels say so); an SMS needs
    a number that can receive one (a mobile: core.phones.check_sms_channel).

    Raises a ValidationError on the field that is wrong."""
    field, message = CHANNEL_NEEDS.get(channel, (None, None))
    if require_address and field and not {"phone": phone, "email": email}[field]:
        raise ValidationError({field: str(message)})
    refusal = check_sms_channel(channel, phone)
    if refusal:
        raise ValidationError({"preferred_channel": refusal})


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
    for name in ("first_name", "last_name", "birth_name"):
        if name in fields:
            fields[name] = " ".join((fields[name] or "").split())
            if not fields[name] and name != "birth_name":
                errors[name] = [_("Ce champ est obligatoire.")]
    if "postal_code" in fields or "commune" in fields:
        try:
            fields["postal_code"], fields["commune"] = check_address(fields.get("postal_code"), fields.get("commune"))
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return fields
