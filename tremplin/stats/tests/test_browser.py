"""The dashboard in a browser: charts drawn beside their tables, axe clean, no sideways scroll on a phone."""

import pytest
from django.utils import timezone

from tremplin.activities.models import Activity
from tremplin.core.testing.browser import PHONE, assert_accessible, assert_fits_the_screen, browser_login

# Every non-empty cell of the statistics tables (key figures and tables) whose box lies outside the screen.
OFFSCREEN = """(width) => {
    const out = [];
    document.querySelectorAll(".stats-block table").forEach((table) => {
        Array.from(table.tBodies).flatMap((body) => Array.from(body.rows)).forEach((row) => {
            Array.from(row.cells).forEach((cell) => {
                const box = cell.getBoundingClientRect();
                if (cell.textContent.trim() && (box.left < -1 || box.right > width + 1)) {
                    out.push(`${table.id || "figures"}: ${cell.textContent.trim().slice(0, 30)}`);
                }
            });
        });
    });
    return out;
}"""


@pytest.mark.browser
def test_network_admin_dashboard_draws_charts_and_is_accessible(browser_page, live_url, make_user, site):
    mediator = make_user("mediator", at=site)
    today = timezone.localdate()
    for index, kind in enumerate(["individuel"] * 6 + ["collectif"] * 2):
        Activity.objects.create(
            site=site,
            recorded_by=mediator,
            date=today.replace(day=1),
            kind=kind,
            duration=30 + 20 * index,
            participant_count=1 if kind == "individuel" else 7,
            thematiques=["diagnostic_numerique", "prendre_en_main_du_materiel"][: 1 + index % 2],
            equipment=["ordinateur"],
        )
    page = browser_page
    browser_login(page, make_user("network_admin"), live_url)
    page.goto(f"{live_url}/statistiques/?periode=mois")
    page.locator("figure[data-chart-for='table-by_thematique'] canvas").wait_for()
    assert page.locator("figure[data-chart-for]:not([hidden])").count() >= 2
    assert_accessible(page)
    page.screenshot(path="test-artifacts/stats-dashboard-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)
    # Every figure on the screen (s20-statsui: « Période précédente » and « Évolution » were cut off on the
    # right, with no sign the table scrolled): the tables are .table-wrap, stacked into cards by tremplin.js,
    # each line labelled with its column — with two value columns, which one.
    assert page.evaluate(OFFSCREEN, PHONE["width"]) == []
    labels = (
        page.locator("#table-by_duration tbody tr")
        .first.locator("td")
        .evaluate_all("(cells) => cells.map((cell) => cell.dataset.label)")
    )
    assert "Activités : période précédente" in labels and "Accompagnements : évolution" in labels
    page.screenshot(path="test-artifacts/stats-dashboard-375.png", full_page=True)


# National thématiques with long names (activities.choices): « Aide aux démarches administratives »…
LONG = ["aide_aux_demarches_administratives", "securite_numerique", "gere_ses_contenus_numeriques", "entrepreneuriat"]


@pytest.mark.browser
def test_long_thematique_names_are_wrapped_on_a_phone_and_given_in_full_in_the_tooltip(
    browser_page, live_url, make_user, site
):
    mediator = make_user("mediator", at=site)
    today = timezone.localdate()
    for code in ["diagnostic_numerique", *LONG]:
        Activity.objects.create(
            site=site,
            recorded_by=mediator,
            date=today.replace(day=1),
            kind="individuel",
            duration=30,
            participant_count=1,
            thematiques=[code],
            equipment=["ordinateur"],
        )
    page = browser_page
    page.set_viewport_size(PHONE)
    browser_login(page, make_user("network_admin"), live_url)
    page.goto(f"{live_url}/statistiques/?periode=mois")
    page.locator("figure[data-chart-for='table-by_thematique'] canvas").wait_for()
    drawn = page.evaluate(
        """() => {
          const canvas = document.querySelector("figure[data-chart-for='table-by_thematique'] canvas");
          const chart = window.Chart.getChart(canvas);
          const title = chart.options.plugins.tooltip.callbacks.title;
          return {
            labels: chart.data.labels,
            ticks: chart.scales.y.ticks.length,
            tooltips: chart.data.labels.map((_label, index) => title([{dataIndex: index}])),
            rows: Array.from(document.querySelectorAll("#table-by_thematique tbody th[scope=row]"))
              .map((th) => th.textContent.trim()),
          };
        }"""
    )
    assert len(drawn["rows"]) == 5 and drawn["ticks"] == 5  # every bar keeps its name, none skipped
    lines = [line for label in drawn["labels"] for line in (label if isinstance(label, list) else [label])]
    assert all(len(line) <= 16 for line in lines), lines  # 16 characters a line on a phone, at most 2 lines
    assert ["Aide aux", "démarches …"] in drawn["labels"]  # a third line would not fit: it ends with "…"
    assert drawn["tooltips"] == drawn["rows"]  # the full names, as in the table
    assert "Aide aux démarches administratives" in drawn["rows"]
    assert_fits_the_screen(page)
    page.screenshot(path="test-artifacts/stats-thematiques-375.png", full_page=True)
