"""The funder report's layout: no chart of masked or zero-only bars, no empty section, headings cut at spaces."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from tremplin.stats import figures
from tremplin.stats.periods import Period
from tremplin.stats.report_pdf import ReportDocument, _value_widths, build_report
from tremplin.stats.scope import StatsScope

pytestmark = pytest.mark.django_db

HALF_YEAR = Period(date(2026, 1, 1), date(2026, 6, 30), "personnalisee")


@pytest.fixture
def report_text(data_set, site):
    scope = StatsScope.for_sites([site.pk], label="Espace Lyon test", mask_small_counts=True)
    pdf = build_report(title="Essai", introduction="", board=figures.dashboard(scope, HALF_YEAR))
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_chart_whose_every_value_is_masked_becomes_a_sentence(report_text):
    # At the site, first half-year: the only theme, "E-mail", has 3 activities (A1 A2 A3), shown "< 5".
    assert "Par thématique — Activités : pas de graphique, les effectifs sont trop petits pour être montrés." in (
        report_text
    )


def test_a_chart_of_zeros_only_becomes_a_sentence(report_text):
    # Nobody was referred in the data set: every step of the journey is 0.
    assert "Étapes du parcours — Personnes : pas de graphique, aucune valeur sur la période." in report_text


def test_a_section_without_tables_says_where_its_figures_are(report_text):
    # No workshop session in the data set: the Ateliers block has no table.
    assert "Pas de tableau détaillé pour cette rubrique : ses chiffres sont dans les « Chiffres clés »." in report_text


def test_value_columns_are_never_narrower_than_the_longest_word_of_their_heading():
    pdf = ReportDocument(title="Essai")
    pdf.add_page()
    columns = ["Orientations reçues", "Orientations acceptées", "Orientations refusées", "Taux d'acceptation", "Part"]
    widths = _value_widths(pdf, columns)
    pdf.set_font("dejavu", "B", 9)
    for column, width in zip(columns, widths, strict=True):
        longest = max(pdf.get_string_width(word) for word in column.split())
        assert width >= longest + 6, column  # 6 mm: the cell's padding, as for whole headings
    assert sum(widths) <= pdf.content_width - 35  # the label column keeps room
