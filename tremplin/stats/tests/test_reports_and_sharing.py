"""Funder reports (PDF read back with pypdf) and read-only share links (token, expiry, revocation, masking)."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tremplin.stats.programmes import Programme
from tremplin.stats.reports import FunderReport
from tremplin.stats.sharing import ShareLink, create_share_link, hash_token

from .conftest import PERSONAL

pytestmark = pytest.mark.django_db


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def report_data(site, **overrides):
    data = {
        "title": "Bilan du premier semestre",
        "scope_kind": "espaces",
        "sites": [str(site.pk)],
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "introduction": "Un semestre marqué par l'ouverture des ateliers du samedi.",
    }
    data.update(overrides)
    return data


def test_one_click_gives_the_pdf_with_the_expected_figures(client_as, data_set, site):
    client = client_as("site_manager")
    response = client.post(reverse("stats:report_create"), report_data(site))
    report = FunderReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("stats:report_pdf", args=[report.pk])
    response = client.get(response["Location"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    assert len(reader.pages) >= 3
    assert "Bilan du premier semestre" in text
    assert "Espace Lyon test" in text and "du 01/01/2026 au 30/06/2026" in text
    assert "ouverture des ateliers du samedi" in text
    assert "Chiffres clés" in text and "Définitions" in text
    # The site, first half-year: 3 activities (under 5: "< 5" in a report), 8 accompaniments.
    lines = text.splitlines()
    assert any(line.startswith("Accompagnements 8") for line in lines), [line for line in lines if "Accomp" in line]
    assert any(line.startswith("Activités < 5") for line in lines)
    for personal in (*PERSONAL, "Grenoble"):
        assert personal not in text


def test_a_programme_report_shows_its_targets(client_as, data_set, site, partner):
    programme = Programme.objects.create(
        name="Inclusion 2026", funder_partner=partner, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30)
    )
    programme.sites.set([site])
    programme.targets.create(kind="accompaniments", value=16)
    client = client_as("network_admin")
    page = client.get(reverse("stats:report_create"), {"programme": programme.pk})
    assert page.context["form"].initial["period_start"] == date(2026, 1, 1)
    response = client.post(
        reverse("stats:report_create"),
        report_data(site, scope_kind="programme", programme=str(programme.pk), sites=[]),
    )
    _reader, text = pdf_text(client.get(response["Location"]).content)
    assert "Objectifs du programme" in text and "8 / 16" in text
    assert "Financeur : CCAS test" in text


def test_a_site_manager_cannot_report_on_another_site(client_as, other_site):
    response = client_as("site_manager").post(reverse("stats:report_create"), report_data(other_site))
    assert response.status_code == 200 and "sites" in response.context["form"].errors
    assert not FunderReport.objects.exists()


def test_someone_elses_report_is_404(client_as, make_user, site):
    report = FunderReport.objects.create(
        title="R", created_by=make_user("site_manager"), period_start=date(2026, 1, 1), period_end=date(2026, 1, 31)
    )
    report.sites.set([site])
    assert client_as("site_manager").get(reverse("stats:report_pdf", args=[report.pk])).status_code == 404


# --- Share links --------------------------------------------------------------------------------------


def test_a_share_link_shows_aggregates_of_its_scope_without_login(client, make_user, data_set, site):
    manager = make_user("site_manager")
    link, token = create_share_link(
        manager, label="Département", period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), sites=[site]
    )
    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert len(token) >= 40
    response = client.get(reverse("stats:shared", args=[token]))
    assert response.status_code == 200
    board = response.context["board"]
    assert board.scope.mask_small_counts and board.scope.site_ids == frozenset({site.pk})
    assert board.block("activities").figure("accompaniments").value == 8
    text = response.content.decode()
    assert "&lt; 5" in text  # 3 activities, masked
    for personal in (*PERSONAL, "Espace Grenoble test"):
        assert personal not in text
    link.refresh_from_db()
    assert link.open_count == 1


def test_revoked_expired_and_unknown_links_look_the_same(client, make_user, site):
    manager = make_user("site_manager")
    revoked, revoked_token = create_share_link(
        manager, label="A", period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), sites=[site]
    )
    revoked.revoked_at = timezone.now()
    revoked.save()
    expired, expired_token = create_share_link(
        manager, label="B", period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), sites=[site]
    )
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    for token in (revoked_token, expired_token, "inconnu", "x" * 300, revoked.token_hash):
        response = client.get(reverse("stats:shared", args=[token]))
        assert response.status_code == 404
        assert "Ce lien ne fonctionne pas ou plus" in response.content.decode()


def test_creating_listing_and_revoking_from_the_pages(client_as, site):
    client = client_as("site_manager")
    response = client.post(
        reverse("stats:share_create"),
        {
            "label": "Fondation",
            "scope_kind": "espaces",
            "sites": [str(site.pk)],
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "days": "30",
        },
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    url = response.context["url"]
    link = ShareLink.objects.get()
    assert link.expires_at.date() == (timezone.now() + timedelta(days=30)).date()
    assert "Fondation" in client.get(reverse("stats:share_list")).content.decode()
    # Revoking asks first, then the link stops working.
    ask = client.post(reverse("stats:share_revoke", args=[link.pk]))
    assert ask.status_code == 200 and ShareLink.objects.get().revoked_at is None
    client.post(reverse("stats:share_revoke", args=[link.pk]), {"confirmed": "1"})
    assert ShareLink.objects.get().revoked_at is not None
    client.logout()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"days": "0"}, "days"), ({"days": "400"}, "days"), ({"sites": []}, "sites"), ({"label": ""}, "label")],
)
def test_bad_share_input_is_refused(client_as, site, overrides, field):
    data = {
        "label": "Fondation",
        "scope_kind": "espaces",
        "sites": [str(site.pk)],
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "days": "30",
        **overrides,
    }
    response = client_as("site_manager").post(reverse("stats:share_create"), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not ShareLink.objects.exists()


def test_nobody_else_revokes_a_link(client_as, make_user, site):
    link, _token = create_share_link(
        make_user("site_manager"), label="A", period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), sites=[site]
    )
    response = client_as("site_manager").post(reverse("stats:share_revoke", args=[link.pk]), {"confirmed": "1"})
    assert response.status_code == 404 and ShareLink.objects.get().revoked_at is None


def test_observers_and_mediators_do_not_create_links(client_as):
    for role in ("observer", "mediator"):
        assert client_as(role).get(reverse("stats:share_create")).status_code == 404


def test_a_wide_table_with_long_headings_still_fits_the_page():
    from tremplin.stats.figures import Block, Dashboard, Row, Table
    from tremplin.stats.filters import Filters
    from tremplin.stats.periods import Period
    from tremplin.stats.report_pdf import build_report
    from tremplin.stats.scope import StatsScope

    columns = tuple(f"Délai médian orientation vers premier contact {n}" for n in range(5))
    table = Table("wide", "Tableau large", columns, ("count",) * 5, [Row("a", "Structure " * 12, (1, 20, 300, 0, 7))])
    period = Period(date(2026, 1, 1), date(2026, 6, 30))
    board = Dashboard(
        StatsScope.network(mask_small_counts=True),
        period,
        period.previous(),
        Filters(),
        [Block("b", "Bloc", "Définition", "Source", tables=[table])],
    )
    _reader, text = pdf_text(bytes(build_report(title="T", introduction="", board=board).output()))
    assert "Tableau large" in text and "300" in text and "< 5" in text


def test_the_shared_page_gives_the_dates_of_the_previous_period(client_as, make_user, site):
    _link, token = create_share_link(
        make_user("site_manager"), label="A", period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), sites=[site]
    )
    page = client_as("network_admin").get(reverse("stats:shared", args=[token])).content.decode()
    # Six whole months: compared to the six months before (periods.py, Period.previous).
    assert "Du 01/01/2026 au 30/06/2026, comparé à la période précédente (du 01/07/2025 au 31/12/2025)." in page
