"""Validators for the identifiers and formats a site or a partner organisation carries."""

import re

import opening_hours
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.fr import siret as stdnum_siret

POSTAL_CODE_RE = re.compile(r"^\d{5}$")
INSEE_RE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
RNA_RE = re.compile(r"^W\d{9}$")


def validate_postal_code(value):
    if not POSTAL_CODE_RE.match(value or ""):
        raise ValidationError(_("Le code postal doit compter exactement 5 chiffres (par exemple 69003)."))


def validate_insee_code(value):
    if not INSEE_RE.match(value or ""):
        raise ValidationError(_("Le code INSEE de la commune compte 5 caractères (par exemple 69383 ou 2A004)."))


def validate_siret(value):
    digits = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"\d{14}", digits):
        raise ValidationError(_("Le SIRET compte exactement 14 chiffres."))
    if not stdnum_siret.is_valid(digits):
        raise ValidationError(_("Ce SIRET n'est pas valide : sa clé de contrôle (Luhn) ne correspond pas."))


def validate_rna(value):
    if not RNA_RE.match((value or "").strip().upper()):
        raise ValidationError(_("Le numéro RNA commence par W suivi de 9 chiffres (par exemple W691234567)."))


def validate_opening_hours(value):
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
