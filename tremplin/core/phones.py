"""French phone numbers, metropolitan and overseas, read the way people type them.

France shares one ten-digit national plan ("0X XX XX XX XX") between metropolitan France and the
overseas départements and collectivités, but each overseas territory has its own country code: a
Réunion mobile typed "06 93 12 34 56" is +262 693 12 34 56, not +33 6 93 12 34 56 (which does not
exist). The national form therefore says nothing about the country code; the numbering plan that
`phonenumbers` ships does. A national number is read in each French region in turn and the region
whose plan allocates it wins, overseas geographic and mobile ranges first (they are the more precise
ones: the metropolitan plan is broad and would swallow 0596…, 0269…). A number written with +33 but
whose national part belongs to an overseas range is corrected the same way.

Everything that stores, searches or compares a phone number goes through `parse_phone()` (people,
referrals, sites, partners, search and duplicate detection), so the same typing always gives the
same stored E.164 value.
"""

import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber
from phonenumbers import PhoneNumberType

METROPOLE = "FR"
# Réunion, Guadeloupe, Martinique, Guyane, Mayotte, Saint-Pierre-et-Miquelon, Saint-Barthélemy,
# Saint-Martin: the regions that share the French national plan with their own country code.
OVERSEAS = ("RE", "GP", "MQ", "GF", "YT", "PM", "BL", "MF")
FRENCH_REGIONS = (METROPOLE, *OVERSEAS)
FRENCH_COUNTRY_CODES = frozenset(
    phonenumbers.country_code_for_region(region) for region in FRENCH_REGIONS
)  # 33, 262, 590, 594, 596, 508

# The types a territory's own plan allocates to a subscriber there (as opposed to national services
# such as 08 numbers, which every overseas plan also lists and which belong to the metropolitan plan).
_LOCAL_TYPES = frozenset(
    {
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
        PhoneNumberType.VOIP,
    }
)
_SMS_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})

# National prefixes (after the 0) the ARCEP plan gives to overseas territories, for numbers in a
# block the library does not list yet (its ranges lag behind the operators'): the prefix still
# tells the territory. Mobile blocks: 0639 Mayotte, 0690-0691 Guadeloupe and the Northern Islands,
# 0692-0693 Réunion, 0694 Guyane, 0696-0697 Martinique.
OVERSEAS_PREFIXES = {
    "262": "RE",
    "263": "RE",
    "269": "YT",
    "590": "GP",
    "594": "GF",
    "596": "MQ",
    "639": "YT",
    "690": "GP",
    "691": "GP",
    "692": "RE",
    "693": "RE",
    "694": "GF",
    "696": "MQ",
    "697": "MQ",
}
# Blocks ARCEP reserves for fiction (films, books, demo data): never allocated, metropolitan form kept.
FICTION_PREFIXES = ("19900", "26191", "35301", "46571", "53649", "63998")

_NATIONAL_RE = re.compile(r"^0\d{9}$")
_SPM_LOCAL_RE = re.compile(r"^\d{6}$")  # Saint-Pierre-et-Miquelon numbers have six digits


def _invalid():
    return ValidationError(
        _(
            "Ce numéro de téléphone n'est pas lisible. Exemples acceptés : 06 12 34 56 78, 0693 12 34 56 "
            "(La Réunion), 05 90 12 34 56 (Guadeloupe) ou +33 6 12 34 56 78."
        ),
        code="invalid_phone",
    )


def _parse(digits, region):
    try:
        return phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None


def _national(digits):
    """A French national number ("0XXXXXXXXX", or six digits for Saint-Pierre-et-Miquelon) → PhoneNumber."""
    readings = [(region, _parse(digits, region)) for region in FRENCH_REGIONS]
    readings = [(region, number) for region, number in readings if number and phonenumbers.is_valid_number(number)]
    for region, number in readings:
        if region != METROPOLE and phonenumbers.number_type(number) in _LOCAL_TYPES:
            return number
    nine = digits[1:]
    if _NATIONAL_RE.match(digits) and not nine.startswith(FICTION_PREFIXES) and nine[:3] in OVERSEAS_PREFIXES:
        return _parse(digits, OVERSEAS_PREFIXES[nine[:3]])
    if readings:
        return readings[0][1]  # the metropolitan reading when there is one (FR comes first)
    if _NATIONAL_RE.match(digits) and digits[1] != "0":
        # A well-formed metropolitan number the library does not list (lagging ranges, fiction range).
        return _parse(digits, METROPOLE)
    return None


def parse_phone_number(value):
    """`value` as typed (spaces, dots, dashes, +, 00) → phonenumbers.PhoneNumber, or ValidationError."""
    if isinstance(value, phonenumbers.PhoneNumber):
        value = phonenumbers.format_number(value, phonenumbers.PhoneNumberFormat.E164)
    text = str(value or "").strip()
    compact = re.sub(r"[\s.\-()/\u00a0\u202f]", "", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not compact or not re.fullmatch(r"\+?\d+", compact):
        raise _invalid()
    if compact.startswith("+33"):
        # Someone who wrote +33 may have written it in front of an overseas number: read it nationally.
        rest = compact[3:]
        compact = "0" + (rest[1:] if rest.startswith("0") else rest)
    if compact.startswith("+"):
        number = _parse(compact, None)
        if number is None or not phonenumbers.is_valid_number(number):
            raise _invalid()
        return number
    if _SPM_LOCAL_RE.match(compact):
        number = _parse(compact, "PM")
    elif _NATIONAL_RE.match(compact):
        number = _national(compact)
    else:
        number = None
    if number is None:
        raise _invalid()
    return number


def parse_phone(value):
    """A phone number as typed → canonical E.164 string ("" when blank); ValidationError when unreadable."""
    if not isinstance(value, phonenumbers.PhoneNumber) and not str(value or "").strip():
        return ""
    return phonenumbers.format_number(parse_phone_number(value), phonenumbers.PhoneNumberFormat.E164)


def phone_or_none(value):
    """Like parse_phone but answers None instead of refusing (for search boxes)."""
    try:
        return parse_phone(value) or None
    except ValidationError:
        return None


def can_receive_sms(value):
    """True when the number is a mobile one (fixed lines, VoIP, 08/09 services cannot receive an SMS).

    A number in a block the library does not list yet counts as mobile when it is in the French mobile
    ranges (06 and 07, also overseas), like the fiction range 06 39 98 of the demo data.
    """
    try:
        number = parse_phone_number(value)
    except ValidationError:
        return False
    kind = phonenumbers.number_type(number)
    if kind in _SMS_TYPES:
        return True
    if kind == PhoneNumberType.UNKNOWN and number.country_code in FRENCH_COUNTRY_CODES:
        national = str(number.national_number)
        return national[:1] in ("6", "7")
    return False


def national_format(value):
    """A stored number as people write it: "06 12 34 56 78" (+33), "0693 12 34 56" (+262 Réunion mobile),
    "0590 12 34 56" (+590 Guadeloupe landline) — libphonenumber's national format, the grouping of the
    overseas numbering plans (ARCEP: a four-digit prefix 0262/0692/0693…, then three pairs). Saint-Pierre-
    et-Miquelon's six digits have no national form: "+508 41 12 34". Unreadable values come back as typed."""
    try:
        number = parse_phone_number(value)
    except ValidationError:
        return str(value or "")
    if number.country_code in FRENCH_COUNTRY_CODES - {508}:  # SPM's six digits have no national form
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class FrenchPhoneField(forms.CharField):
    """A phone number typed the national way (metropolitan or overseas) or internationally.

    Cleans to a `PhoneNumber` (E.164 inside, as PhoneNumberField model fields store it), or "" when
    empty. Forms that also set a preferred channel call `check_sms_channel()` in their `clean()`.
    """

    widget = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)  # room for "+590 690 12 34 56" and the spaces people type
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        return PhoneNumber.from_string(parse_phone(value))

    def prepare_value(self, value):
        if isinstance(value, phonenumbers.PhoneNumber) or (value and str(value).startswith("+")):
            return national_format(value)
        return value


def sms_refusal_message():
    return _(
        "Ce numéro ne peut pas recevoir de SMS (ligne fixe ou numéro spécial) : choisissez « appel "
        "téléphonique » ou indiquez un numéro de portable."
    )


def check_sms_channel(channel, phone):
    """The error to show when SMS is chosen for a number that cannot receive one, else None."""
    if channel == "sms" and phone and not can_receive_sms(phone):
        return sms_refusal_message()
    return None


def renormalise_stored_phones(model, field):
    """Data migrations: rewrite the numbers stored before overseas numbers were read correctly.

    "+33693123456" (a Réunion mobile typed "06 93 12 34 56" and stored with the metropolitan code)
    becomes "+262693123456". Numbers that cannot be read are left as they are (a person may fix them).
    Not reversible on purpose: the old value named a number that does not exist.
    """
    changed = 0
    rows = model.objects.exclude(**{field: ""}).filter(**{f"{field}__startswith": "+33"})
    for pk, stored in rows.values_list("pk", field).iterator():
        fixed = phone_or_none(str(stored))
        if fixed and fixed != str(stored):
            model.objects.filter(pk=pk).update(**{field: fixed})
            changed += 1
    return changed
