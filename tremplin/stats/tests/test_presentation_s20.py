"""What a fresh tester found in the presentation of the statistics (s20-statsui); right answers by the rule.

- a change between two percentages is in points (0 % against 38 %: « −38 points »);
- a masked share is « — », never « < 5 » (read "less than 5 %");
- in the files, a figure with nothing to compute on is « — » like on the page (it was an empty cell);
- a filter outside the user's scope is dropped with a sentence saying so (the other filters kept); a file
  asked with it is refused.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from tremplin.stats.exports import headline_rows
from tremplin.stats.figures import DAYS, PERCENT, Block, Dashboard, Row
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.scope import StatsScope
from tremplin.stats.templatetags.stats_tags import delta_text, figure_cells

from .conftest import HALF_YEAR

OUT_OF_SCOPE = "Cet espace n'est pas dans votre périmètre ; tous les espaces de votre périmètre sont affichés."


def test_a_change_between_two_percentages_is_in_points():
    assert delta_text(0, 38, "percent") == "−38 points"
    assert delta_text(40, 38, "percent") == "+2 points"
    assert delta_text(39, 38, "percent") == "+1 point"
    assert delta_text(38.5, 37, "percent") == "+1,5 point"  # French: singular under 2
    assert delta_text(38, 38, "percent") == "="
    assert delta_text(12, 9, "count") == "+3"  # counts stay counts


def test_the_partner_share_of_the_tester_changes_by_points_for_staff():
    block = Block(
        "equipment",
        "Équipement",
        "",
        "",
        figures=[Row("partner_share", "Part payée par des partenaires", (0,), previous=(38,), base=(None,))],
        figure_units={"partner_share": PERCENT},
    )
    assert figure_cells(block, block.figures[0], False)["delta"] == "−38 points"


def test_no_figure_is_an_empty_cell_in_the_key_figures_file():
    """A median with nothing to compute on (no follow-up at all) is « — » in the file, as on the page."""
    period = Period(date(2026, 3, 1), date(2026, 3, 31))
    block = Block(
        "funnel",
        "Parcours",
        "",
        "",
        figures=[Row("delay_workshop", "Délai médian orientation → premier atelier", (None,), previous=(None,))],
        figure_units={"delay_workshop": DAYS},
    )
    for mask in (True, False):
        board = Dashboard(StatsScope.network(mask_small_counts=mask), period, period.previous(), Filters(), [block])
        assert headline_rows(board)[1][3:] == ["—", "—"]


@pytest.mark.django_db
def test_a_site_outside_the_scope_is_dropped_with_a_message_and_the_period_kept(one_site_observer, other_site):
    query = {**HALF_YEAR, "espace": str(other_site.pk)}
    response = one_site_observer.get(reverse("stats:dashboard"), query)
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    assert OUT_OF_SCOPE in page
    assert response.context["board"].period == Period(date(2026, 1, 1), date(2026, 6, 30))  # kept
    assert "Espace Grenoble test" not in page
    exports = re.findall(r'href="(/statistiques/export/[^"]*)"', page)
    assert exports and not any("espace=" in link for link in exports)  # the links carry the filters applied
    # The same sentence for an id that does not exist: it tells nothing about other sites.
    page = one_site_observer.get(reverse("stats:dashboard"), {**HALF_YEAR, "espace": "999999"}).content.decode()
    assert OUT_OF_SCOPE in page.replace("&#x27;", "'")


@pytest.mark.django_db
def test_a_file_asked_with_a_site_outside_the_scope_is_refused(one_site_observer, other_site):
    query = {**HALF_YEAR, "espace": str(other_site.pk)}
    response = one_site_observer.get(reverse("stats:export", args=["csv"]), query)
    assert response.status_code == 400
    assert "n&#x27;est pas dans votre périmètre" in response.content.decode()
