"""Dashboard exports (XLSX, CSV) and the Coop export view: right figures, first sheet, the small-count rule."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .conftest import HALF_YEAR, PERSONAL

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def key_figures(book):
    sheet = book["Chiffres clés"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Chiffres clés"  # the full title, then the header
    assert rows[1] == ("Bloc", "Indicateur", "Unité", "Période", "Période précédente")
    return {(block, label): (value, previous) for block, label, _unit, value, previous in rows[2:]}


def test_the_workbook_starts_with_the_parameters_and_holds_the_network_figures(client_as, data_set):
    book = workbook(client_as("network_admin").get(reverse("stats:export", args=["xlsx"]), HALF_YEAR))
    assert book.sheetnames[:2] == ["Paramètres", "Chiffres clés"]
    parameters = {row[0]: row[1] for row in book["Paramètres"].iter_rows(values_only=True) if row[0]}
    assert parameters["Périmètre"] == "Tout le réseau"
    assert parameters["Période"] == "du 01/01/2026 au 30/06/2026"
    assert parameters["Période de comparaison"] == "du 01/07/2025 au 31/12/2025"
    assert parameters["Filtres"] == "aucun"
    assert "Définitions" in parameters and "Produit le" in parameters
    assert "Activités" in parameters  # the block's definition
    figures = key_figures(book)
    # Whole network, first half of 2026: A1 A2 A3 B1 B2 = 5 activities; 1+1+6+3+1 = 12 accompaniments.
    assert figures[("Activités", "Activités")] == (5, 0)
    assert figures[("Activités", "Accompagnements")] == (12, 0)
    assert figures[("Activités", "Heures d'accompagnement")][0] == 5.8  # 345 min, rounded to a tenth
    # Every dashboard table has its own sheet.
    assert "Activités par durée" in book.sheetnames and "Activités par lieu" in book.sheetnames


def test_an_observer_of_one_site_gets_that_site_only_with_small_counts_masked(one_site_observer, data_set):
    response = one_site_observer.get(reverse("stats:export", args=["xlsx"]), HALF_YEAR)
    book = workbook(response)
    parameters = {row[0]: row[1] for row in book["Paramètres"].iter_rows(values_only=True) if row[0]}
    assert parameters["Périmètre"] == "Espace Lyon test"
    assert "< 5" in parameters["Règle des petits effectifs"] or "« < 5 »" in parameters["Règle des petits effectifs"]
    figures = key_figures(book)
    # The site alone: 3 activities (masked), 8 accompaniments (shown).
    assert figures[("Activités", "Activités")][0] == "< 5"
    assert figures[("Activités", "Accompagnements")][0] == 8
    text = repr([list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets])
    for personal in (*PERSONAL, "Grenoble"):
        assert personal not in text


def test_an_observer_asking_for_another_site_gets_nothing_of_it(one_site_observer, data_set, other_site):
    query = {**HALF_YEAR, "espace": str(other_site.pk)}
    response = one_site_observer.get(reverse("stats:export", args=["xlsx"]), query)
    assert response.status_code == 400  # not one of the sites offered to this observer
    assert "Grenoble" not in response.content.decode()


def test_csv_is_one_table_in_the_house_format(client_as, data_set):
    response = client_as("network_admin").get(
        reverse("stats:export", args=["csv"]), {**HALF_YEAR, "table": "activities-by_kind"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Catégorie"
    by_label = {row[0]: row[1:] for row in rows[1:]}
    # Individual: A1 A2 B2 = 3 activities, 3 accompaniments; collective: A3 B1 = 2 activities, 9 accompaniments.
    assert by_label["Accompagnement individuel"][0] == "3"
    assert by_label["Atelier collectif"][0] == "2"
    assert by_label["Atelier collectif"][2] == "9"


def test_the_key_figures_are_the_default_csv(client_as, data_set):
    response = client_as("site_manager").get(reverse("stats:export", args=["csv"]), HALF_YEAR)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Activités", "Accompagnements", "nombre", "8", "0"] in rows  # the manager's site only


@pytest.mark.parametrize(
    "query",
    [{"table": "rien"}, {"periode": "personnalisee", "du": "2026-02-30", "au": "2026-03-01"}, {"espace": "²"}],
)
def test_bad_export_requests_get_a_french_message(client_as, data_set, query):
    response = client_as("network_admin").get(reverse("stats:export", args=["csv"]), query)
    assert response.status_code == 400
    assert "Le fichier n'a pas été produit." in response.content.decode()


def test_unknown_format_is_404(client_as):
    assert client_as("network_admin").get(reverse("stats:export", args=["pdf"])).status_code == 404


def test_the_coop_export_covers_the_scope_and_is_for_staff_only(client_as, one_site_observer, data_set):
    # (one test client: the observer asks first, then staff log in on it)
    assert one_site_observer.get(reverse("stats:coop_export", args=["csv"]), HALF_YEAR).status_code == 404
    response = client_as("site_manager").get(reverse("stats:coop_export", args=["csv"]), HALF_YEAR)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 3  # header + A1 A2 A3 (the manager's site, first half-year)
    book = workbook(client_as("network_admin").get(reverse("stats:coop_export", args=["xlsx"]), HALF_YEAR))
    assert book.active.max_row == 1 + 5


def test_the_one_site_observer_sees_no_other_site_and_no_person_on_any_page(one_site_observer, data_set):
    pages = [
        reverse("stats:dashboard") + "?periode=personnalisee&du=2026-01-01&au=2026-06-30",
        reverse("stats:programme_list"),
    ]
    for url in pages:
        response = one_site_observer.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        for personal in (*PERSONAL, "Espace Grenoble test"):
            assert personal not in text, (url, personal)
    board = one_site_observer.get(pages[0]).context["board"]
    assert board.block("activities").figure("accompaniments").value == 8


def test_every_table_of_the_dashboard_links_to_its_csv_and_the_links_work(client_as, data_set):
    import re
    from html import unescape

    client = client_as("network_admin")
    page = client.get(reverse("stats:dashboard"), HALF_YEAR).content.decode()
    links = [unescape(href) for href in re.findall(r'href="(/statistiques/export/csv/[^"]+)"', page)]
    board_tables = sum(
        len(block.tables) for block in client.get(reverse("stats:dashboard"), HALF_YEAR).context["board"].blocks
    )
    assert len([link for link in links if "table=" in link]) == board_tables
    assert "du=2026-01-01" in links[-1]
    response = client.get(links[-1])
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    assert 'href="/statistiques/export/xlsx/?' in page and "/statistiques/export-coop/" in page


def test_an_observer_cannot_filter_by_mediator_nor_see_their_name(one_site_observer, data_set):
    query = {**HALF_YEAR, "mediateur": str(data_set["mediator"].pk)}
    book = workbook(one_site_observer.get(reverse("stats:export", args=["xlsx"]), query))
    text = repr([list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets])
    assert "Camille Martin" not in text
    parameters = {row[0] for row in book["Paramètres"].iter_rows(values_only=True) if row[0]}
    assert "Filtre : médiateur·rice" not in parameters
    assert key_figures(book)[("Activités", "Accompagnements")][0] == 8


def test_an_observer_typing_a_mediator_in_the_dashboard_url_changes_nothing(one_site_observer, data_set):
    """The mediator filter is not offered to observers; ?mediateur= in the URL is ignored, not applied."""
    from tremplin.core.testing.factories import UserFactory

    someone_else = UserFactory(full_name="Personne Autre")
    for mediator in (data_set["mediator"], someone_else):
        response = one_site_observer.get(reverse("stats:dashboard"), {**HALF_YEAR, "mediateur": str(mediator.pk)})
        assert response.status_code == 200
        board = response.context["board"]
        assert board.filters.mediator_id is None
        # Feb 10 (1) + Mar 1 (1) + Mar 15 collective (6) at the observer's site, whoever the "mediator".
        assert board.block("activities").figure("accompaniments").value == 8


def test_filters_from_query_ignores_the_mediator_when_told():
    from tremplin.stats.filters import filters_from_query

    assert filters_from_query({"mediateur": "12"}).mediator_id == 12
    assert filters_from_query({"mediateur": "12"}, mediator=False).mediator_id is None
    assert filters_from_query({"mediateur": "x"}, mediator=False).mediator_id is None  # not even read


def test_key_figures_carry_their_unit_and_typed_cells(client_as, data_set):
    book = workbook(client_as("network_admin").get(reverse("stats:export", args=["xlsx"]), HALF_YEAR))
    sheet = book["Chiffres clés"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=3) if row[0].value == "Activités"}
    hours = rows["Heures d'accompagnement"]
    assert hours[2].value == "heures" and hours[3].value == 5.8 and hours[3].number_format == "#,##0.0"
    assert rows["Accompagnements"][2].value == "nombre" and rows["Accompagnements"][3].number_format == "#,##0"
    units = {row[2].value for row in sheet.iter_rows(min_row=3)}
    assert {"€", "%", "jours"} <= units  # equipment money, rates, median delays
    for row in sheet.iter_rows(min_row=3):
        if row[2].value == "€" and isinstance(row[3].value, (int, float)):
            assert row[3].number_format == '#,##0.00" €"'
        if row[2].value == "%" and isinstance(row[3].value, (int, float)):
            assert row[3].number_format == "0%" and 0 <= row[3].value <= 1  # the share, shown as a percentage


def test_csv_uses_the_decimal_comma_for_french_excel(client_as, data_set):
    response = client_as("network_admin").get(reverse("stats:export", args=["csv"]), HALF_YEAR)
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # Whole network, first half-year: 60+30+120+90+45 = 345 min = 5.75 h, rounded to a tenth: 5,8.
    assert ["Activités", "Heures d'accompagnement", "heures", "5,8", "0"] in rows
    assert not any("." in cell for row in rows[1:] for cell in row[3:])


def test_sheet_names_are_shortened_at_a_word_and_stay_unique(client_as, data_set):
    from tremplin.stats.exports import _sheet_title

    used = set()
    assert _sheet_title("Activité dans le temps (par mois)", used) == "Activité dans le temps"
    assert _sheet_title("Activité dans le temps (par semaine)", used) == "Activité dans le temps (2)"
    book = workbook(client_as("network_admin").get(reverse("stats:export", args=["xlsx"]), HALF_YEAR))
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert len({name.lower() for name in book.sheetnames}) == len(book.sheetnames)
    # Short names that say what the sheet holds (not a title cut at 31 characters), the full title in A1.
    assert book["Activités par mois"]["A1"].value == "Activité dans le temps (par mois)"
    assert book["Autonomie (individuels)"]["A1"].value == "Autonomie en fin d'accompagnement individuel"
    assert book["Appareils remis"]["A1"].value == "Appareils remis par catégorie et grade"
    assert "Autonomie en fin" not in book.sheetnames and "Appareils remis par catégorie" not in book.sheetnames


def test_every_dashboard_table_has_a_short_sheet_name(client_as, data_set):
    """A new table must be given its sheet name (SHEET_NAMES): its title cut at 31 characters is a stub."""
    from tremplin.stats import figures
    from tremplin.stats.exports import SHEET_NAMES, all_tables
    from tremplin.stats.periods import Period
    from tremplin.stats.scope import StatsScope

    board = figures.dashboard(StatsScope.network(), Period(date(2026, 1, 1), date(2026, 6, 30)))
    keys = {f"{block.key}-{table.key}" for block, table in all_tables(board)}
    assert keys <= set(SHEET_NAMES), keys - set(SHEET_NAMES)
    assert all(len(str(name)) <= 31 for name in SHEET_NAMES.values())
    assert len({str(name).lower() for name in SHEET_NAMES.values()}) == len(SHEET_NAMES)
