"""Validators for the identifiers and formats a site or a partner organisation carries."""

import re

import opening_hours
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.fr import siret as stdnum_siret

from tremplin.core.formfields import compact_identifier

from .opening_hours_display import unsupported_rule

POSTAL_CODE_RE = re.compile(r"^\d{5}$")
INSEE_RE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
# RNA (répertoire national des associations): "W", the three characters of the greffe that registered the
# association, then a six-digit sequence. The greffe code is a département-like code whose second character
# can be a letter (W2A… Corse-du-Sud, W2B… Haute-Corse, W9R… La Réunion, W9M… Mayotte), so the third
# character of the number can be a letter; the others are digits.
RNA_RE = re.compile(r"^W\d[0-9A-Z]\d{7}$")


def validate_postal_code(value):
    if not POSTAL_CODE_RE.match(compact_identifier(value)):
        raise ValidationError(_("Le code postal doit compter exactement 5 chiffres (par exemple 69003)."))


def validate_insee_code(value):
    if not INSEE_RE.match(value or ""):
        raise ValidationError(_("Le code INSEE de la commune compte 5 caractères (par exemple 69383 ou 2A004)."))


def validate_siret(value):
    digits = compact_identifier(value)
    if not re.fullmatch(r"\d{14}", digits):
        raise ValidationError(_("Le SIRET compte exactement 14 chiffres."))
    if not stdnum_siret.is_valid(digits):
        raise ValidationError(_("Ce SIRET n'est pas valide : sa clé de contrôle (Luhn) ne correspond pas."))


def validate_rna(value):
    if not RNA_RE.match(compact_identifier(value, upper=True)):
        raise ValidationError(
            _(
                "Le numéro RNA compte 10 caractères : W, le code du greffe (3 caractères, par exemple 691, 2A1 "
                "ou 9R4) puis 6 chiffres (par exemple W691234567)."
            )
        )


def validate_opening_hours(value):
    """OSM syntax the library reads, and no rule that the app would show wrongly (see opening_hours_display)."""
    if not value:
        return
    try:
        opening_hours.OpeningHours(value)
    except (opening_hours.ParserError, ValueError) as error:
        raise ValidationError(
            _(
                "Ces horaires ne sont pas lisibles. Utilisez le format OpenStreetMap, "
                "par exemple « Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00 »."
            )
        ) from error
    message = unsupported_rule(value)
    if message:
        raise ValidationError(message)
