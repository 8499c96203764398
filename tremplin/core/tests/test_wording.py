"""Wording across the app: plural-aware counts, languages in their own name, one date format per context."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tremplin.core.dates import display
from tremplin.core.home_counts import counts_for
from tremplin.core.roles import Role

APP = Path(__file__).resolve().parents[2]


def test_one_coming_session_is_counted_in_the_singular_on_the_home_page(make_user, site):
    from tremplin.workshops.tests.factories import SessionFactory

    SessionFactory(site=site)
    mediator = make_user("mediator")

    counts = {count.label: count.value for count in counts_for(mediator, Role.MEDIATOR)}

    assert counts["séance dans les 7 prochains jours"] == 1


def test_the_network_home_counts_read_in_the_singular_for_one(make_user, login, site):
    admin = make_user("network_admin")

    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", login(admin).get(reverse("core:home")).content.decode()))

    assert "1 espace ouvert" in page
    assert "1 compte actif" in page


def test_the_language_menu_names_each_language_in_that_language(client_as):
    for language in ("fr", "en"):
        with translation.override(language):
            page = client_as("mediator").get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

        assert '<option value="fr"' in page and 'lang="fr">Français</option>' in page
        assert 'lang="en">English</option>' in page
        assert "Anglais" not in page


def render(snippet, value):
    return Template(snippet).render(Context({"value": value}))


def test_each_date_context_has_one_format():
    day = date(2026, 11, 30)
    moment = datetime(2026, 11, 30, 13, 5, tzinfo=ZoneInfo("UTC"))  # 14:05 in Paris

    with translation.override("fr"):
        assert render("{{ value|date_short }}", day) == "30/11/2026"
        assert render("{{ value|date_long }}", day) == "30 novembre 2026"
        assert render("{{ value|day_long }}", day) == "lundi 30 novembre 2026"
        assert render("{{ value|day_heading }}", day) == "lundi 30 novembre"
        assert render("{{ value|datetime_short }}", moment) == "30/11/2026 14:05"
        assert render("{{ value|datetime_long }}", moment) == "30 novembre 2026, 14:05"
        assert render("{{ value|day_time_long }}", moment) == "lundi 30 novembre 2026, 14:05"
        assert display(moment, "datetime_long") == "30 novembre 2026, 14:05"
        assert render("{{ value|date_short }}", None) == ""


def test_an_aware_datetime_shown_as_a_date_is_the_local_day():
    late_evening_in_paris = datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))  # 1 December, 00:30 in Paris

    assert render("{{ value|date_short }}", late_evening_in_paris) == "01/12/2026"


def test_a_date_filter_given_a_zone_shows_the_instant_in_that_zone():
    # 23:30 UTC on 30 November: 00:30 on 1 December in Paris, 19:30 on 30 November in Guadeloupe (UTC−4),
    # 03:30 on 1 December at La Réunion (UTC+4); the current zone (Paris) does not change the result.
    instant = datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))
    snippet = "{{ value|day_time_long:zone }}"

    with translation.override("fr"):
        for zone, expected in (
            ("Europe/Paris", "mardi 1er décembre 2026, 00:30"),
            ("America/Guadeloupe", "lundi 30 novembre 2026, 19:30"),
            ("Indian/Reunion", "mardi 1er décembre 2026, 03:30"),
        ):
            assert Template(snippet).render(Context({"value": instant, "zone": ZoneInfo(zone)})) == expected
        assert render("{{ value|hour:None }}", instant) == "00:30"  # no zone: the current one


def test_no_template_picks_its_own_display_format():
    own_formats = []
    for path in APP.rglob("templates/**/*.html"):
        for fmt in re.findall(r"\|(?:date|time):[\"']([^\"']*)[\"']", path.read_text()):
            if fmt not in ("Y-m-d", "c"):  # machine formats: date inputs, datetime attributes
                own_formats.append(f"{path.relative_to(APP)}: {fmt}")

    assert own_formats == []


def test_a_table_cell_prints_a_record_date_short():
    """core/dates.py: tables take `date_short` / `datetime_short`, sentences the long forms. A cell that prints
    `{{ x|date_long }}` made the inbox show « 30 novembre 2026 » for a referral next to « 30/11/2026 14:05 » for a
    call-back. Long dates inside a sentence of a cell (`{% blocktranslate with d=x|date_long %}jusqu'au {{ d }}`)
    a session's day (`day_*`, its own context) and a button's spoken name (visually hidden) stay."""
    long_in_cells = []
    for path in APP.rglob("templates/**/*.html"):
        text = path.read_text()
        for cell in re.findall(r"<td\b.*?</td>", text, re.S):
            cell = re.sub(r'<span class="visually-hidden">.*?</span>', "", cell, flags=re.S)
            if re.search(r"\{\{[^}]*\|(?:date_long|datetime_long)\s*\}\}", cell):
                long_in_cells.append(f"{path.relative_to(APP)}: {cell[:80]}")

    assert long_in_cells == []


def test_no_table_header_says_value_without_saying_which():
    vague = [
        str(path.relative_to(APP))
        for path in APP.rglob("templates/**/*.html")
        if re.search(r'<th[^>]*>\{% translate "Valeur" %\}', path.read_text())
    ]

    assert vague == []
