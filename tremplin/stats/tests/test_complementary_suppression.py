"""No masked count of the statistics can be recovered by subtraction (complementary suppression).

The rule (core/smallcounts.py, docs/guide-statistiques.md): every count column of a table is a group whose
total is visible (headline figures, shares); a column with a single "< 5" also hides its next smallest
non-zero count, shown "masqué". Site managers and the national team keep their exact figures.
"""

import io
import re
from datetime import date
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tremplin.stats.exports import table_rows
from tremplin.stats.figures import COUNT, Row, Table
from tremplin.stats.templatetags.stats_tags import stats_table

M, S = "< 5", "masqué"


def breakdown():
    """Total 12 this period (9, 3, 0) and 20 the previous one (14, 6, 0)."""
    return Table(
        "kinds",
        "Par type",
        ("Activités",),
        (COUNT,),
        [
            Row("a", "Individuel", (9,), previous=(14,)),
            Row("b", "Collectif", (3,), previous=(6,)),
            Row("c", "Autre", (0,), previous=(0,)),
        ],
        share_column=0,
    )


def test_the_page_table_hides_the_complement_with_its_share_and_difference():
    rows = stats_table(breakdown(), mask=True)["rows"]
    first, second, third = (row["cells"][0] for row in rows)
    # 9 of 12 would give 3 back. A hidden share is "—", never « < 5 » (read "less than 5 %") nor « masqué ».
    assert (first["value"], first["share"], first["delta"]) == (S, "—", "")
    assert (second["value"], second["share"], second["delta"]) == (M, "—", "")
    assert (third["value"], third["delta"]) == ("0", "=")
    # The previous period has nothing under 5 (14, 6, 0): all shown.
    assert [row["cells"][0]["previous"] for row in rows] == ["14", "6", "0"]


def test_site_managers_see_the_exact_table():
    rows = stats_table(breakdown(), mask=False)["rows"]
    assert [row["cells"][0]["value"] for row in rows] == ["9", "3", "0"]


def cells(rows):
    """The export's cells as written in the file: a number (exports.Number keeps its unit for the format)
    or the text that replaces it."""
    return [[getattr(cell, "value", cell) for cell in line[1:]] for line in rows[1:]]


def test_the_export_hides_the_same_cells():
    assert cells(table_rows(breakdown(), mask=True)) == [[S, 14], [M, 6], [0, 0]]
    assert cells(table_rows(breakdown(), mask=False)) == [[9, 14], [3, 6], [0, 0]]


def test_each_column_is_its_own_group():
    table = Table(
        "two",
        "Deux colonnes",
        ("Activités", "Accompagnements"),
        (COUNT, COUNT),
        [Row("a", "A", (9, 20)), Row("b", "B", (3, 7)), Row("c", "C", (8, 2))],
    )
    # Column 1: the 3 alone would come back from the total 20: the next smallest (8) goes too.
    # Column 2: the 2 alone would come back from the total 29: the next smallest (7) goes too.
    assert table.hidden_cells(True) == {(1, 0), (2, 0), (1, 1), (2, 1)}
    assert cells(table_rows(table, mask=True, compare=False)) == [[9, 20], [M, S], [S, M]]


# --- page level: what an observer sees of demo data gives no masked count back -------------------------------


def hidden_values_can_be_told(texts, exact, total=None):
    """Whether some hidden cell of a group has a single possible value, knowing the group's total.

    Exhaustive, independent of the code under test: each "< 5" may be 1–4, each "masqué" 5 up to the
    total — or, when that leaves no answer at all (a group that shows all its hidden cells "masqué"), 1 up to
    the total. The total (the column's sum, or `total` when a headline figure gives it) is known exactly from 5
    on; under 5 it is itself shown "< 5" (1–4). A cell is told when only one of its values leaves a sum the
    other hidden cells can make."""
    total = sum(value or 0 for value in exact) if total is None else total
    visible = sum(value or 0 for text, value in zip(texts, exact, strict=True) if text not in (M, S))
    totals = {total} if total >= 5 else set(range(1, 5))
    targets = {known - visible for known in totals if known >= visible}
    for masked_low in (5, 1):
        ranges = [range(1, 5) if text == M else range(masked_low, total + 1) for text in texts if text in (M, S)]
        if not ranges or not targets:
            return False
        possible = []
        for index, own in enumerate(ranges):
            sums = {0}  # every sum the other hidden cells can make, up to the largest target
            for other in ranges[:index] + ranges[index + 1 :]:
                sums = {made + value for made in sums for value in other if made + value <= max(targets)}
            possible.append({value for value in own for target in targets if target - value in sums})
        if all(possible):  # the reading is consistent: some cell told?
            return any(len(values) == 1 for values in possible)
    return False


def page_figures(page, block):
    """{label: text} of the block's headline figures as shown on the page."""
    found = re.search(rf'id="caption-figures-{re.escape(block.key)}".*?<tbody>(.*?)</tbody>', page, re.S)
    if not found:
        return {}
    rows = re.findall(r'<th scope="row">(.*?)</th><td class="num"><strong>(.*?)</strong>', found.group(1), re.S)
    return {unescape(label).strip(): unescape(text).strip() for label, text in rows}


def page_columns(page, table):
    """The value texts of each column of `table` as shown on the page (the data-value cells)."""
    found = re.search(rf'<table id="table-{re.escape(table.key)}".*?<tbody>(.*?)</tbody>', page, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)
    value = re.compile(r"<td class=\"num\" data-value[^>]*>(.*?)</td>")
    cells = [[unescape(text).strip() for text in value.findall(row)] for row in rows]
    return list(zip(*cells, strict=True)) if cells else []


def total_is_shown(block, table, column):
    """Whether the viewer can know the column's total: its shares give it, or a headline figure of the block
    equals it (a total under 5 is itself shown "< 5", which hidden_values_can_be_told allows for)."""
    total = sum(row.values[column] or 0 for row in table.rows)
    headline = [row.values[0] for row in block.figures if block.figure_units.get(row.key, COUNT) == COUNT]
    return table.share_column == column or total in headline


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--quiet-accounts")


def test_no_masked_count_of_the_demo_comes_back_by_subtraction(demo, client, django_user_model):
    funder = django_user_model.objects.get(email__startswith="financeur.metropole@")
    client.force_login(funder, backend="allauth.account.auth_backends.AuthenticationBackend")
    # The demo dates its records from Django's local day (Europe/Paris), not the machine's (UTC): on 31 December
    # after 23:00 UTC the demo is already in the next year.
    year = timezone.localdate().year
    params = {"periode": "personnalisee", "du": f"{year}-01-01", "au": f"{year}-12-31"}
    response = client.get(reverse("stats:dashboard"), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "la plus petite autre case non nulle est aussi masquée" in page  # the rule is stated
    board = response.context["board"]
    assert board.scope.mask_small_counts
    # The board holds the exact figures (the rule applies at display time): the totals a viewer may know.
    masked_somewhere = False
    for block in board.blocks:
        for table in block.tables:
            if not table.rows:
                continue
            for column, texts in enumerate(page_columns(page, table)):
                if table.units[column] != COUNT:
                    continue
                exact = [row.values[column] for row in table.rows]
                masked_somewhere = masked_somewhere or M in texts
                if not total_is_shown(block, table, column):
                    continue  # nothing to subtract from (e.g. people counted once per area)
                assert not hidden_values_can_be_told(texts, exact), (block.key, table.key, column, texts)
    assert masked_somewhere  # the demo does have small counts for this funder: the check checked something
    # Headline figures that add up (docs/guide-statistiques.md, relations): total = parts, from the definitions.
    sums = {
        "people": ("Personnes accompagnées (uniques)", ("Nouvelles personnes", "Personnes déjà suivies")),
        "activities": ("Activités", ("Accompagnements individuels", "Ateliers collectifs")),
    }
    for key, (total_label, part_labels) in sums.items():
        block = board.block(key)
        exact = {row.label: row.values[0] for row in block.figures}
        texts = page_figures(page, block)
        assert texts[total_label] not in (M, S) or exact[total_label] < 5
        parts = [texts[label] for label in part_labels]
        assert not hidden_values_can_be_told(parts, [exact[label] for label in part_labels], exact[total_label]), (
            key,
            parts,
        )


def test_the_pdf_report_hides_the_complement_too():
    from pypdf import PdfReader

    from tremplin.stats.figures import Block, Dashboard
    from tremplin.stats.filters import Filters
    from tremplin.stats.periods import Period
    from tremplin.stats.report_pdf import build_report
    from tremplin.stats.scope import StatsScope

    table = Table(
        "kinds", "Par type", ("Activités",), (COUNT,), [Row("a", "Individuel", (917,)), Row("b", "Collectif", (3,))]
    )
    period = Period(date(2026, 1, 1), date(2026, 6, 30))
    block = Block("b", "Bloc", "Définition", "Source", tables=[table])

    def text(mask):
        board = Dashboard(StatsScope.network(mask_small_counts=mask), period, period.previous(), Filters(), [block])
        pdf = bytes(build_report(title="T", introduction="", board=board).output())
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    assert "917" in text(False)  # the national team's exact figures
    masked = text(True)
    assert "917" not in masked and "< 5" in masked  # "masqué" is also in the rule's sentence: not asserted
