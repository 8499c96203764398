"""What a first visitor stumbled on: footer links, a place far from every site, the opening line, French joins."""

import re

import time_machine
from django.urls import reverse

from tremplin.core.testing.factories import SiteFactory
from tremplin.public.queries import site_slug

from .test_pages import text_of


def test_the_public_footer_links_the_open_data_and_the_api_documentation(client, lyon):
    for page in ["/", reverse("public:agenda"), reverse("public:site", args=[site_slug(lyon)])]:
        html = client.get(page).content.decode()
        footer = html[html.index("<footer") :]
        assert 'href="/donnees/"' in footer, page
        assert 'href="/api/v1/documentation/"' in footer, page


def test_a_place_far_from_every_site_says_so_and_still_lists_them_by_distance(client, lyon, saint_etienne):
    # Saint-Denis (La Réunion) is about 9,000 km from Lyon: no site within 30 km (geo.NEAR_KM).
    page = text_of(client.get("/", {"ou": "97400"}))
    assert "Il n'y a pas d'espace près de chez vous." in page
    assert "Nous n'avons pas d'espace à moins de 30 km de Saint-Denis (97400)." in page
    assert "Tous nos espaces, du plus proche au plus loin" in page
    # Both sites still listed with their distance, in whole kilometres grouped by thousands.
    distances = re.findall(r"à (\d[\d  ]*) km", page)
    assert len(distances) >= 2
    assert all(8_000 < int(re.sub(r"\D", "", km)) < 10_000 for km in distances)
    assert page.index("Le plus proche est à") < page.index("Espace Guillotière")


def test_a_place_near_a_site_gets_no_far_away_message(client, lyon, saint_etienne):
    # Villeurbanne's centre is about 5 km from the Guillotière site.
    page = text_of(client.get("/", {"ou": "69100"}))
    assert "Il n'y a pas d'espace près de chez vous" not in page
    assert "Les espaces les plus proches de Villeurbanne (69100)" in page
    assert re.search(r"à \d,\d km", page)


def test_a_commune_with_an_article_is_joined_the_french_way(client, lyon):
    # Le Port (97420): "près du Port", "à moins de 30 km du Port" — never "de Le Port".
    page = text_of(client.get("/", {"ou": "97420"}))
    assert "Espaces près du Port (97420)" in page
    assert "30 km du Port (97420)" in page
    assert "de Le Port" not in page


def test_the_opening_line_has_no_stray_full_stop(client, lyon):
    # lyon opens Mo-Fr 09:00-12:00,14:00-17:00 (Europe/Paris). Tuesday 1 December 2026, 10:00 in Paris = 09:00 UTC.
    with time_machine.travel("2026-12-01 09:00:00+00:00", tick=False):
        html = client.get(reverse("public:site", args=[site_slug(lyon)])).content.decode()
    line = re.search(r'<p class="today[^"]*">(.*?)</p>', html, re.S).group(1)
    visible = re.sub(r'<span class="visually-hidden">.*?</span>', "", line)
    assert re.sub(r"<[^>]+>", "", visible) == "Ouvert maintenant Aujourd'hui : 09:00–12:00, 14:00–17:00."
    assert " ." not in re.sub(r"<[^>]+>", "", line)


def test_a_site_closed_all_day_says_it_once(client, lyon):
    # Saturday 5 December 2026: lyon is closed all day ("Fermé maintenant. Fermé aujourd'hui." said it twice).
    with time_machine.travel("2026-12-05 09:00:00+00:00", tick=False):
        html = client.get(reverse("public:site", args=[site_slug(lyon)])).content.decode()
    line = re.sub(r"<[^>]+>", "", re.search(r'<p class="today[^"]*">(.*?)</p>', html, re.S).group(1))
    assert line == "Fermé aujourd'hui."


def test_a_site_name_starting_with_a_vowel_is_elided(client, db):
    site = SiteFactory(name="Outremer", code="OUT", accepts_self_referrals=True)
    page = text_of(client.get(reverse("public:callback", args=[site_slug(site)])))
    assert "Une personne d'Outremer vous appelle." in page
    assert "de Outremer" not in page


def test_the_site_description_contracts_a_commune_with_an_article(client, db):
    site = SiteFactory(name="Espace Portuaire", code="POR", postal_code="97420", commune="Le Port")
    html = client.get(reverse("public:site", args=[site_slug(site)])).content.decode()
    assert 'content="Espace Portuaire, au Port : horaires' in html
