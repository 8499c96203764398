"""The public pages, as an anonymous visitor reads them (and staff still reach their own home)."""

import json
import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tremplin.core.testing.factories import SiteFactory
from tremplin.public.queries import site_slug
from tremplin.workshops.models import Course, SessionStatus
from tremplin.workshops.tests.factories import EnrollmentFactory, SessionFactory, WorkshopFactory


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_an_anonymous_visitor_gets_the_public_home(client, lyon):
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "public/home.html"
    page = text_of(response)
    assert "Trouver un espace près de chez moi" in page
    assert "Espace professionnel / Se connecter" in page
    assert reverse("account_login") in response.content.decode()
    assert "Espace Guillotière" in page


def test_staff_going_home_still_reach_their_staff_home(client_as):
    response = client_as("mediator").get(reverse("core:home"))
    assert response.status_code == 200
    assert response.templates[0].name == "core/home_mediator.html"


def test_the_nearest_site_comes_first(client, lyon, saint_etienne):
    page = text_of(client.get(reverse("public:sites"), {"ou": "69007"}))
    assert "Les espaces les plus proches de Lyon 7e Arrondissement (69007)" in page
    assert page.index("Espace Guillotière") < page.index("Espace Tarentaize")
    page = text_of(client.get(reverse("public:sites"), {"ou": "42000"}))
    assert page.index("Espace Tarentaize") < page.index("Espace Guillotière")


def test_an_unknown_place_and_a_choice_of_communes(client, lyon):
    assert "Nous ne trouvons pas ce lieu" in text_of(client.get("/", {"ou": "99999"}))
    page = client.get("/", {"ou": "Saint-Denis"}).content.decode()
    assert "Plusieurs communes portent ce nom" in page
    assert "?ou=97400+Saint-Denis" in page


def test_home_shows_the_next_public_workshops_and_todays_hours(client, lyon, public_session):
    page = text_of(client.get("/"))
    assert "Premiers pas sur smartphone" in page
    assert "2 places libres" in page
    assert "Aujourd'hui" in page or "Fermé aujourd'hui" in page


def test_without_a_tile_server_there_is_no_map_at_all(client, lyon):
    page = client.get("/").content.decode()
    assert 'id="carte"' not in page and "leaflet" not in page and "<script" not in page


@override_settings(TREMPLIN_MAP_TILES_URL="https://tuiles.example.org/{z}/{x}/{y}.png")
def test_with_a_tile_server_the_map_is_offered_over_the_list(client, lyon, saint_etienne):
    response = client.get("/")
    page = response.content.decode()
    assert 'data-tiles="https://tuiles.example.org/{z}/{x}/{y}.png"' in page
    assert 'id="map-points"' in page and "public/public-map.js" in page
    assert "leaflet.js" not in re.sub(r'data-leaflet-js="[^"]+"', "", page)  # loaded only on demand
    points = json.loads(re.search(r'<script id="map-points" type="application/json">(.*?)</script>', page).group(1))
    assert {point["name"] for point in points} == {"Espace Guillotière", "Espace Tarentaize"}
    assert 'class="cards"' in page  # the list is still there


def test_the_map_origin_is_the_only_other_image_origin():
    from django.core.exceptions import ImproperlyConfigured

    from tremplin.settings import tiles_origin

    assert tiles_origin("https://tuiles.example.org/{z}/{x}/{y}.png") == "https://tuiles.example.org"
    assert tiles_origin("https://{s}.tile.example.org:8443/{z}/{x}/{y}.png") == "https://*.tile.example.org:8443"
    assert tiles_origin("") == ""
    with pytest.raises(ImproperlyConfigured):
        tiles_origin("javascript:alert(1)")


def test_the_site_page(client, lyon, public_session):
    response = client.get(reverse("public:site", args=[site_slug(lyon)]))
    assert response.status_code == 200
    page = text_of(response)
    for expected in [
        "12 rue de Marseille",
        "69007 Lyon",
        "Tram T1, arrêt Saxe-Gambetta.",
        "Plain-pied.",
        "Aide aux démarches administratives",
        "04 78 00 00 01",
        "Premiers pas sur smartphone",
        "2 places libres",
        "Être rappelé·e",
        "Jours fériés",
    ]:
        assert expected in page, expected
    assert "Lundi 09:00–12:00, 14:00–17:00" in page
    assert "Samedi fermé" in page
    assert 'media="print"' in response.content.decode()


def test_the_site_page_structured_data(client, lyon, public_session):
    page = client.get(reverse("public:site", args=[site_slug(lyon)])).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    place, event = data
    assert place["@type"] == "Place" and place["name"] == "Espace Guillotière"
    assert place["address"]["postalCode"] == "69007"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 45.7519, "longitude": 4.8421}
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": "Monday", "opens": "09:00", "closes": "12:00"} in place[
        "openingHoursSpecification"
    ]
    assert event["@type"] == "Event" and event["name"] == "Premiers pas sur smartphone"
    assert event["remainingAttendeeCapacity"] == 2 and event["maximumAttendeeCapacity"] == 3
    assert event["location"]["name"] == "Espace Guillotière"


def test_site_urls_name_the_site_only(client, lyon):
    assert site_slug(lyon) == "gui-espace-guillotiere"
    response = client.get(reverse("public:site", args=["gui"]))
    assert response.status_code == 301 and response["Location"] == reverse(
        "public:site", args=["gui-espace-guillotiere"]
    )
    assert client.get(reverse("public:site", args=["zzzz-rien"])).status_code == 404
    assert client.get("/espaces/%C2%B2/").status_code == 404
    lyon.is_active = False
    lyon.save()
    assert client.get(reverse("public:site", args=[site_slug(lyon)])).status_code == 404


def test_only_workshops_open_to_the_public_are_advertised(client, lyon, in_days):
    SessionFactory(site=lyon, workshop=WorkshopFactory(title="Ouvert à tous"), starts_at=in_days(2))
    SessionFactory(
        site=lyon, workshop=WorkshopFactory(title="Annulé"), starts_at=in_days(2), status=SessionStatus.CANCELLED
    )
    SessionFactory(site=lyon, workshop=WorkshopFactory(title="Permanence", kind="drop_in"), starts_at=in_days(2))
    SessionFactory(site=lyon, workshop=WorkshopFactory(title="Déjà passé"), starts_at=in_days(-2))
    course_workshop = WorkshopFactory(title="Parcours en groupe fermé", kind="course")
    SessionFactory(
        site=lyon,
        workshop=course_workshop,
        course=Course.objects.create(site=lyon, workshop=course_workshop),
        starts_at=in_days(2),
    )
    full = SessionFactory(site=lyon, workshop=WorkshopFactory(title="Complet"), starts_at=in_days(3), seats=1)
    EnrollmentFactory(session=full)
    page = text_of(client.get(reverse("public:agenda")))
    assert "Ouvert à tous" in page
    assert "Complet" in page and "complet" in page
    for hidden in ["Annulé", "Permanence", "Déjà passé", "Parcours en groupe fermé"]:
        assert hidden not in page, hidden


def test_agenda_filters(client, lyon, saint_etienne, in_days):
    SessionFactory(
        site=lyon, workshop=WorkshopFactory(title="Courriel à Lyon", thematiques=["email"]), starts_at=in_days(1)
    )
    SessionFactory(
        site=saint_etienne,
        workshop=WorkshopFactory(title="Smartphone à Saint-Étienne", thematiques=["prendre_en_main_du_materiel"]),
        starts_at=in_days(1),
    )
    SessionFactory(
        site=lyon, workshop=WorkshopFactory(title="Plus tard à Lyon", thematiques=["email"]), starts_at=in_days(22)
    )
    url = reverse("public:agenda")
    by_site = text_of(client.get(url, {"espace": "tar"}))
    assert "Smartphone à Saint-Étienne" in by_site and "Courriel à Lyon" not in by_site
    by_theme = text_of(client.get(url, {"thematique": "email"}))
    assert "Courriel à Lyon" in by_theme and "Plus tard à Lyon" in by_theme and "Smartphone" not in by_theme
    later = timezone.localtime(in_days(22)).date()
    later_monday = (later - timedelta(days=later.weekday())).isoformat()
    in_three_weeks = text_of(client.get(url, {"semaine": later_monday}))
    assert "Plus tard à Lyon" in in_three_weeks and "Courriel à Lyon" not in in_three_weeks
    soon = timezone.localtime(in_days(1)).date()
    soon_week = text_of(client.get(url, {"semaine": (soon - timedelta(days=soon.weekday())).isoformat()}))
    assert "Courriel à Lyon" in soon_week and "Plus tard à Lyon" not in soon_week


@pytest.mark.parametrize("query", [{"espace": "nope"}, {"semaine": "2026-13-45"}, {"thematique": "x" * 500}])
def test_agenda_bad_filters_are_ignored_with_a_message(client, lyon, query):
    response = client.get(reverse("public:agenda"), query)
    assert response.status_code == 200
    assert "Un choix n'est pas valable" in text_of(response)


def test_sitemap_and_robots(client, lyon, saint_etienne):
    sitemap = client.get("/sitemap.xml")
    assert sitemap["Content-Type"].startswith("application/xml")
    body = sitemap.content.decode()
    assert f"http://testserver/espaces/{site_slug(lyon)}/" in body
    assert "http://testserver/agenda/" in body
    robots = client.get("/robots.txt").content.decode()
    for private in ["/personnes/", "/orientations/", "/caisse/", "/comptes/", "/reseau/"]:
        assert f"Disallow: {private}" in robots
    assert "Disallow: /espaces/\n" not in robots and "Disallow: /agenda/" not in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_a_site_without_coordinates_is_still_listed(client, db):
    SiteFactory(name="Espace sans position")
    assert "Espace sans position" in text_of(client.get("/", {"ou": "69007"}))
