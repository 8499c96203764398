"""A site manager sees the programmes covering at least one of their sites, with figures limited to their sites
(exact, unmasked). Figures from the data set of conftest.py: at `site` over 01/01–30/06/2026, 3 activities and
8 accompaniments; at both sites, 5 activities and 12 accompaniments."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tremplin.stats.programmes import Programme
from tremplin.stats.reports import FunderReport
from tremplin.stats.sharing import ShareLink, create_share_link, find_active

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_programme(site, other_site, partner):
    """A programme funding both sites (as the demo's Métropole programme covers more than one site)."""
    programme = Programme.objects.create(
        name="Inclusion numérique — Métropole",
        funder_partner=partner,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    programme.sites.set([site, other_site])
    programme.targets.create(kind="activities", value=10)
    return programme


def test_the_site_manager_lists_a_programme_that_covers_one_of_their_sites(client_as, shared_programme):
    page = client_as("site_manager").get(reverse("stats:programme_list")).content.decode()
    assert "Inclusion numérique — Métropole" in page and "Aucun programme." not in page
    assert "limités à vos espaces" in page


def test_the_site_manager_sees_the_figures_of_their_sites_only_unmasked(client_as, data_set, shared_programme):
    page = client_as("site_manager").get(shared_programme.get_absolute_url()).content.decode()
    assert "3 sur un objectif de 10 (30 %)" in page  # `site` only, exact (an observer would read "< 5")
    assert "Chiffres limités à vos espaces couverts par ce programme : Espace Lyon test." in page
    admin_page = client_as("network_admin").get(shared_programme.get_absolute_url()).content.decode()
    assert "5 sur un objectif de 10 (50 %)" in admin_page and "Chiffres limités" not in admin_page


def test_the_programme_is_offered_in_the_report_and_share_forms(client_as, shared_programme):
    client = client_as("site_manager")
    for name in ("stats:report_create", "stats:share_create"):
        form = client.get(reverse(name)).context["form"]
        assert list(form.fields["programme"].queryset) == [shared_programme]


def test_a_site_manager_report_on_the_programme_counts_their_sites_only(client_as, data_set, site, shared_programme):
    client = client_as("site_manager")
    data = {
        "title": "Bilan Métropole",
        "scope_kind": "programme",
        "programme": str(shared_programme.pk),
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "introduction": "",
    }
    response = client.post(reverse("stats:report_create"), data)
    report = FunderReport.objects.get()
    assert set(report.sites.all()) == {site}
    reader = PdfReader(io.BytesIO(client.get(response["Location"]).content))
    lines = "\n".join(page.extract_text() for page in reader.pages).splitlines()
    assert any(line.startswith("Accompagnements 8") for line in lines)  # not the programme's 12
    assert not any("Grenoble" in line for line in lines)


def test_a_site_manager_share_link_on_the_programme_stays_limited(make_user, data_set, site, shared_programme):
    manager = make_user("site_manager")
    link, token = create_share_link(
        manager,
        label="Métropole",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        programme=shared_programme,
    )
    assert find_active(token) == link and set(ShareLink.objects.get().sites.all()) == {site}
    assert link.scope(mask_small_counts=False).site_ids == frozenset({site.pk})
    assert "limité à : Espace Lyon test" in link.scope_label


def test_a_grant_does_not_widen_a_site_manager_programme_figures(make_user, site, shared_programme):
    from tremplin.stats.programmes import ProgrammeGrant, programme_site_ids

    manager = make_user("site_manager")
    ProgrammeGrant.objects.create(programme=shared_programme, user=manager)
    # Their statistics scope is their managed site: exact figures, so never the programme's other sites.
    assert programme_site_ids(shared_programme, manager) == frozenset({site.pk})
    assert programme_site_ids(shared_programme, make_user("network_admin")) is None
