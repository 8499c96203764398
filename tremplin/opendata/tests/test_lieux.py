"""How a site becomes a row of the national standards (the rules are in docs/opendata.md)."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from tremplin.core.testing.factories import SiteFactory
from tremplin.opendata import data_inclusion, lieux
from tremplin.opendata.models import PublishedRecord
from tremplin.workshops.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_a_site_as_a_lieu():
    site = SiteFactory(
        siret="",
        rna="W691234567",
        phone="+41223334455",  # Swiss: outside the schema's country codes
        email="espace@example.org",
        accepts_walk_ins=False,
        services=["Acquisition de matériel informatique à prix solidaire", "Aide aux démarches administratives"],
    )
    (row,) = lieux.lieux()
    assert list(row) == lieux.columns()
    assert row["id"] == f"tremplin-{site.pk}" and row["pivot"] == "W691234567"
    assert row["telephone"] == ""
    assert row["services"] == "Aide aux démarches administratives|Acquisition de matériel informatique à prix solidaire"
    assert row["frais_a_charge"] == "Gratuit|Payant"
    assert row["modalites_acces"] == "Contacter par mail"
    assert row["modalites_accompagnement"] == "Accompagnement individuel"
    assert row["itinerance"] == "Fixe"


def test_only_open_sites_and_workshops_count():
    open_site = SiteFactory(phone="+33478000001", services=["Accès internet et matériel informatique"])
    SiteFactory(is_active=False)
    SessionFactory(site=open_site)
    (row,) = lieux.lieux()
    assert row["modalites_acces"] == "Se présenter|Téléphoner"
    assert row["modalites_accompagnement"] == "Accompagnement individuel|Dans un atelier collectif|En autonomie"


def test_date_maj_changes_only_when_the_published_content_changes():
    site = SiteFactory()
    with time_machine.travel(date(2026, 3, 2)):
        call_command("refresh_open_data")  # the daily job records each row's fingerprint
        assert lieux.lieux()[0]["date_maj"] == "2026-03-02"
    with time_machine.travel(date(2026, 3, 9)):
        assert lieux.lieux()[0]["date_maj"] == "2026-03-02"  # nothing changed
        site.opening_hours = "Mo-Fr 10:00-12:00"
        site.save()
        assert lieux.lieux()[0]["date_maj"] == "2026-03-09"  # changed today, before the job runs
        call_command("refresh_open_data")
    with time_machine.travel(date(2026, 3, 16)):
        assert lieux.lieux()[0]["date_maj"] == "2026-03-09"  # the job kept the day of the change


def test_an_export_reads_and_never_writes():
    SiteFactory()
    lieux.lieux()
    assert not PublishedRecord.objects.exists()


def test_data_inclusion_follows_the_crosswalk():
    site = SiteFactory(
        siret="",
        services=["Accès internet et matériel informatique", "Acquisition de matériel informatique à prix solidaire"],
    )
    row = lieux.lieux()[0]
    structure = data_inclusion.structure(row)
    service = data_inclusion.service(row)
    assert structure["id"] == service["structure_id"] == f"tremplin--{site.pk}"
    assert structure["siret"] is None
    assert service["thematiques"] == [
        "numerique--acceder-a-une-connexion-internet",
        "numerique--acquerir-un-equipement",
    ]
    assert service["type"] == "aide-materielle"  # "En autonomie" wins over "Accompagnement individuel"
    assert service["frais"] == "gratuit" and service["frais_precisions"]
    assert service["publics"] == ["tous-publics"]
    assert service["modes_mobilisation"] == ["se-presenter"]


def test_the_datasets_page_gives_the_update_time_the_files_give(client):
    site = SiteFactory()
    closed = SiteFactory()
    with time_machine.travel(date(2026, 3, 2)):
        call_command("refresh_open_data")
    closed.is_active = False  # a closed site leaves the files: its record does not count any more
    closed.save()
    with time_machine.travel(date(2026, 3, 9)):
        page = client.get("/donnees/").content.decode()
        assert "Dernière modification d'un espace publié : 2 mars 2026." in page
        site.opening_hours = "Mo-Fr 10:00-12:00"
        site.save()
        page = client.get("/donnees/").content.decode()
        assert "Dernière modification d'un espace publié : 9 mars 2026." in page


def test_before_the_daily_job_ever_ran_the_update_time_is_still_given(client):
    SiteFactory()
    with time_machine.travel(date(2026, 3, 9)):
        assert "Dernière modification d'un espace publié : 9 mars 2026." in client.get("/donnees/").content.decode()
