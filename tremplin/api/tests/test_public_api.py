"""Public reads: sites in the lieux schema's fields, upcoming public sessions with seats left; problem documents."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.core.testing.factories import SiteFactory
from tremplin.opendata import lieux
from tremplin.workshops.models import Course, SessionStatus
from tremplin.workshops.tests.factories import EnrollmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_sites_have_the_lieux_schema_fields_in_order(client, site):
    SiteFactory(is_active=False)
    body = client.get("/api/v1/sites").json()
    assert [item["id"] for item in body["items"]] == [f"tremplin-{site.pk}"]
    assert list(body["items"][0]) == lieux.columns()
    assert body["next_cursor"] is None
    one = client.get(f"/api/v1/sites/{site.pk}").json()
    assert one == body["items"][0]


def test_sites_are_paged(client):
    sites = [SiteFactory() for _ in range(3)]
    first = client.get("/api/v1/sites", {"limit": 2}).json()
    second = client.get("/api/v1/sites", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [i["id"] for i in first["items"] + second["items"]] == [f"tremplin-{s.pk}" for s in sites]


def test_public_sessions_show_seats_left(client, site):
    session = SessionFactory(site=site, seats=3)
    EnrollmentFactory(session=session)
    SessionFactory(site=site, status=SessionStatus.CANCELLED, cancelled_at=timezone.now())
    SessionFactory(site=site, starts_at=timezone.now() - timedelta(days=1))
    SessionFactory(site=SiteFactory(is_active=False))
    in_course = SessionFactory(site=site)
    in_course.course = Course.objects.create(workshop=in_course.workshop, site=site)
    in_course.save()
    body = client.get("/api/v1/sessions").json()
    assert [(s["id"], s["seats"], s["seats_left"]) for s in body["items"]] == [(session.pk, 3, 2)]
    assert client.get("/api/v1/sessions", {"site_id": site.pk + 1000}).json()["items"] == []


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/v1/sites/999999", 404), ("/api/v1/inconnu", 404), ("/api/v1/sites?limit=0", 422), ("/api/v2/", 404)],
)
def test_errors_are_problem_documents(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["instance"] == url.split("?")[0]


def test_anonymous_rate_limit(client, settings):
    settings.TREMPLIN_API_RATE_ANONYMOUS = "1/m"
    assert client.get("/api/v1/sites").status_code == 200
    response = client.get("/api/v1/sites")
    assert response.status_code == 429 and response["Content-Type"] == "application/problem+json"


def test_open_data_pages_are_public(client, site):
    page = client.get("/donnees/")
    assert page.status_code == 200
    assert "Licence Ouverte" in page.content.decode()
    assert "v1.0.2" in page.content.decode()
    docs = client.get("/api/v1/documentation/")
    assert docs.status_code == 200 and "swagger-ui-5.35.0/swagger-ui-bundle.js" in docs.content.decode()


def test_the_api_and_the_public_agenda_list_the_same_sessions(client, site):
    """One rule (tremplin/public/queries.py public_sessions): drop-in slots, courses' sessions, inactive
    workshops and closed sites are on neither; a one-off workshop is on both."""
    from django.urls import reverse

    from tremplin.public.queries import public_sessions
    from tremplin.workshops.models import WorkshopKind
    from tremplin.workshops.tests.factories import WorkshopFactory

    one_off = SessionFactory(site=site, workshop=WorkshopFactory(kind=WorkshopKind.ONE_OFF))
    SessionFactory(site=site, workshop=WorkshopFactory(kind=WorkshopKind.DROP_IN))
    SessionFactory(site=site, workshop=WorkshopFactory(kind=WorkshopKind.ONE_OFF, is_active=False))
    SessionFactory(site=SiteFactory(is_active=False), workshop=WorkshopFactory(kind=WorkshopKind.ONE_OFF))
    in_course = SessionFactory(site=site, workshop=WorkshopFactory(kind=WorkshopKind.COURSE))
    in_course.course = Course.objects.create(workshop=in_course.workshop, site=site)
    in_course.save()

    api_ids = [s["id"] for s in client.get("/api/v1/sessions").json()["items"]]
    agenda_ids = [s.pk for s in client.get(reverse("public:agenda")).context["sessions"]]
    assert api_ids == agenda_ids == list(public_sessions().values_list("pk", flat=True)) == [one_off.pk]


@pytest.mark.django_db
def test_sessions_after_an_instant_with_any_iso_offset(client, site):
    """ISO 8601 allows offsets up to ±23:59; PostgreSQL refuses beyond ±15:59 (schemathesis found the 500)."""
    response = client.get("/api/v1/sessions", {"site_id": site.pk, "starts_after": "0838-08-02T16:35:31+23:03"})
    assert response.status_code == 200
    too_early = client.get("/api/v1/sessions", {"starts_after": "0001-01-01T00:00:00+05:00"})
    assert too_early.status_code == 422
    assert too_early["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("site_id", ["-26362551657117755745206906925149585408", "9223372036854775808", "0"])
def test_ids_outside_the_database_range_are_refused(client, site_id):
    """Database ids are 64-bit: SQLite refused the larger number in the query (schemathesis found the 500)."""
    assert client.get("/api/v1/sessions", {"site_id": site_id}).status_code == 422
    assert client.get(f"/api/v1/sites/{site_id}").status_code in (404, 422)


@pytest.mark.parametrize(
    ("method", "url", "allowed"), [("delete", "/api/v1/referrals", "GET, POST"), ("post", "/api/v1/sites", "GET")]
)
def test_a_method_the_address_does_not_take_is_a_problem_document(client, method, url, allowed):
    response = getattr(client, method)(url)
    assert response.status_code == 405 and response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == allowed
    body = response.json()
    assert body["status"] == 405 and body["detail"] == f"Cette adresse accepte seulement : {allowed}."
