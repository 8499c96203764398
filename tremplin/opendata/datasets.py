"""The published datasets: what the datasets page lists and the views serve."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import data_inclusion, lieux

LICENCE_NAME = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


@dataclass(frozen=True)
class Dataset:
    url_name: str
    title: str
    description: str
    media_type: str
    schema_name: str
    schema_version: str
    schema_url: str

    @property
    def url(self):
        return reverse(f"opendata:{self.url_name}")


def datasets():
    lieux_version = lieux.schema_version()
    lieux_schema = "https://schema.data.gouv.fr/LaMednum/standard-mediation-num/"
    di_schema = "https://github.com/gip-inclusion/data-inclusion-schema"
    return [
        Dataset(
            "lieux_csv",
            _("Lieux de médiation numérique (CSV)"),
            _("Les espaces ouverts du réseau : adresse, horaires, services, modalités d'accès."),
            "text/csv",
            _("Lieux de médiation numérique"),
            lieux_version,
            lieux_schema,
        ),
        Dataset(
            "lieux_json",
            _("Lieux de médiation numérique (JSON)"),
            _("Les mêmes lignes au format JSON (une liste d'objets, mêmes champs dans le même ordre)."),
            "application/json",
            _("Lieux de médiation numérique"),
            lieux_version,
            lieux_schema,
        ),
        Dataset(
            "di_structures",
            _("Structures data·inclusion"),
            _("Les espaces du réseau au format structure de data·inclusion."),
            "application/json",
            _("data·inclusion — structure"),
            data_inclusion.SCHEMA_VERSION,
            di_schema,
        ),
        Dataset(
            "di_services",
            _("Services data·inclusion"),
            _("Le service de médiation numérique de chaque espace, au format service de data·inclusion."),
            "application/json",
            _("data·inclusion — service"),
            data_inclusion.SCHEMA_VERSION,
            di_schema,
        ),
    ]
