"""Finding where the visitor is (postal code or commune) and sorting the sites by distance."""

import pytest

from tremplin.core.testing.factories import SiteFactory
from tremplin.public import geo


def test_a_postal_code_gives_its_commune_and_centre():
    found = geo.search("69007")
    assert found.place.name == "Lyon 7e Arrondissement"
    assert found.place.postal_code == "69007"
    # Lyon 7e lies south of the Presqu'île, east of the Rhône: about 45.73 N, 4.84 E.
    assert found.place.latitude == pytest.approx(45.73, abs=0.03)
    assert found.place.longitude == pytest.approx(4.84, abs=0.03)


def test_a_commune_name_as_people_write_it():
    assert geo.search("villeurbanne").place.postal_code == "69100"
    assert geo.search("St-Étienne").place.name == "Saint-Étienne"
    assert geo.search("69100 Villeurbanne").place.name == "Villeurbanne"


def test_a_city_with_arrondissements_is_one_place():
    found = geo.search("Lyon")
    assert found.place is not None and found.place.name == "Lyon"
    assert found.place.latitude == pytest.approx(45.76, abs=0.05)


def test_a_name_shared_by_several_communes_asks_which_one():
    found = geo.search("Saint-Denis")
    assert found.place is None
    codes = {place.postal_code for place in found.choices}
    assert {"93200", "97400"} <= codes  # Seine-Saint-Denis and La Réunion


def test_an_overseas_postal_code_is_found():
    found = geo.search("97400")
    assert found.place.name == "Saint-Denis"
    assert found.place.latitude < 0  # southern hemisphere


@pytest.mark.parametrize("text", ["99999", "Nullepart-sur-Mer", "6900"])
def test_an_unknown_place_says_so(text):
    found = geo.search(text)
    assert found.place is None and found.unknown


def test_nothing_typed_is_no_search():
    found = geo.search("   ")
    assert found.place is None and not found.unknown and not found.choices


def test_distance_paris_lyon():
    # Paris (Notre-Dame) to Lyon (place Bellecour): 392 km as the crow flies.
    assert geo.distance_km(48.8530, 2.3498, 45.7578, 4.8320) == pytest.approx(392, abs=4)


def test_sites_nearest_first_and_sites_without_coordinates_last(db):
    far = SiteFactory(name="A loin", latitude="45.437800", longitude="4.383900")  # Saint-Étienne
    near = SiteFactory(name="B près", latitude="45.751900", longitude="4.842100")  # Lyon 7e
    nowhere = SiteFactory(name="0 sans position")
    ordered = geo.nearest_first([far, nowhere, near], geo.search("69007").place)
    assert [site for site, _km in ordered] == [near, far, nowhere]
    assert ordered[0][1] < 5 < 40 < ordered[1][1] < 60
    assert ordered[2][1] is None


def test_without_a_place_sites_are_by_name(db):
    b, a = SiteFactory(name="B", latitude="45", longitude="4"), SiteFactory(name="A")
    assert [site for site, _km in geo.nearest_first([b, a], None)] == [a, b]


@pytest.mark.parametrize("text", ["69 007", " 69\u00a0007 ", "69\u202f007 Lyon", "\t69007\t"])
def test_a_postal_code_with_a_thousands_space_or_stray_blanks(text):
    # As a spreadsheet or a habit writes it: the space inside the code and the blanks around it do not count.
    assert geo.search(text).place.postal_code == "69007"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("97110", "Pointe-à-Pitre"),
        ("20000", "Ajaccio"),
        ("Le Havre", "Le Havre"),
        ("le havre", "Le Havre"),
        ("saint etienne", "Saint-Étienne"),
    ],
)
def test_overseas_corsica_and_names_with_an_article_or_without_hyphens(text, name):
    assert geo.search(text).place.name == name


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Villeurbane", "Villeurbanne (69100)"),  # a letter missing (the tester's case)
        ("Villeurbannne", "Villeurbanne (69100)"),  # a letter too many
        ("Villeurbznne", "Villeurbanne (69100)"),  # a letter wrong
        ("Toulouze", "Toulouse (31000)"),
        ("Saint-Etiene", "Saint-Étienne (42000)"),
        ("Lyonn", "Lyon (69001)"),
    ],
)
def test_a_commune_typed_with_one_letter_wrong_is_found(typed, found):
    assert geo.search(typed).place.label == found


def test_a_typo_near_several_communes_offers_them_to_choose():
    choices = {place.label for place in geo.search("Bordeau").choices}
    assert {"Bordeaux (33000)", "Bourdeau (73370)"} <= choices


@pytest.mark.parametrize("typed", ["Lyo", "Ezz", "Villeurbxxne"])
def test_short_names_and_two_letters_wrong_are_not_guessed(typed):
    assert geo.search(typed).unknown
