"""The before → after chart wraps long area names instead of cutting them (« compte, identifian… »)."""

import re

from django.urls import reverse

from tremplin.assessments.charts import LINE_HEIGHT, ROW_HEIGHT, chart, chart_height

from .test_bilan import follow_up


def test_a_long_area_name_is_wrapped_whole_and_its_row_grows():
    rows = chart([("Utiliser un appareil", 1, 2), ("Démarches en ligne : compte, identifiants, documents", 0, 1)])

    assert rows[0]["lines"] == ["Utiliser un appareil"]
    # 44 characters a line: the name breaks after « identifiants, », nothing is dropped.
    assert rows[1]["lines"] == ["Démarches en ligne : compte, identifiants,", "documents"]
    assert rows[1]["y_label"] == ROW_HEIGHT + 10
    assert rows[1]["y_before"] == ROW_HEIGHT + 14 + LINE_HEIGHT  # the bars start below the second line
    assert chart_height(rows) == 2 * ROW_HEIGHT + LINE_HEIGHT


def test_the_result_page_draws_the_full_names(login, mediator, person, questionnaire):
    assessment = follow_up(mediator, person)

    page = login(mediator).get(reverse("assessments:result", args=[assessment.pk])).content.decode()

    assert "identifian…" not in page
    # A space between the lines: the label's text (what a screen reader or a copy gives) is the name, with its spaces.
    assert (
        '<tspan x="0">Démarches en ligne : compte, identifiants,</tspan> <tspan x="0" dy="13">documents</tspan>' in page
    )
    label = re.search(
        r'<text x="0" y="\d+" class="chart-label">((?:(?!</text>).)*identifiants(?:(?!</text>).)*)</text>', page
    )
    assert re.sub(r"<[^>]+>", "", label.group(1)) == "Démarches en ligne : compte, identifiants, documents"
    assert f'viewBox="0 0 320 {6 * ROW_HEIGHT + LINE_HEIGHT}"' in page  # one area of the six takes two lines
