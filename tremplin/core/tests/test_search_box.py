"""One search component everywhere (core/includes/search_box.html through `{% search_box %}`)."""

import re
from pathlib import Path

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2]
COMPONENT = TEMPLATES / "core" / "templates" / "core" / "includes" / "search_box.html"


def _templates():
    return [p for p in TEMPLATES.rglob("templates/**/*.html") if p != COMPONENT]


def test_no_template_writes_its_own_search_field_or_search_landmark():
    home_made = [
        str(p.relative_to(TEMPLATES))
        for p in _templates()
        if re.search(r'role="search"|class="(list|people)-search', p.read_text())
    ]

    assert home_made == []


def test_every_person_search_uses_the_component():
    person_search_pages = [
        "people/templates/people/list.html",
        "people/templates/people/merge_pick.html",
        "inventory/templates/inventory/device_reserve.html",
        "activities/templates/activities/quick_entry.html",
        "workshops/templates/workshops/includes/person_picker.html",
    ]

    for page in person_search_pages:
        assert "{% search_box " in (TEMPLATES / page).read_text(), page


def _render(snippet, **context):
    request = RequestFactory().get("/ateliers/seances/3/")
    return Template(snippet).render(Context({"request": request, **context}))


def test_the_component_has_a_label_tied_to_its_field_and_the_button_beside_it():
    html = _render('{% search_box "Rechercher une personne" query="Léa" field_id="p-q" help="Nom ou téléphone" %}')

    assert '<label for="p-q">Rechercher une personne</label>' in html
    assert 'id="p-q" name="q" value="Léa"' in html
    assert 'aria-describedby="p-q-help"' in html
    assert 'method="post"' in html
    assert re.search(r'<div class="search-box-row">\s*<input type="search"[^>]*>\s*<button type="submit">', html)


def test_a_remembered_search_posts_to_the_private_search_with_the_page_to_come_back_to():
    html = _render('{% search_box "Chercher" remember=True %}')

    assert f'action="{reverse("core:remember_search")}"' in html
    assert '<input type="hidden" name="next" value="/ateliers/seances/3/">' in html


def test_a_list_without_personal_data_may_search_by_address():
    html = _render('{% search_box "Rechercher un espace" method="get" %}')

    assert 'method="get"' in html
    assert "csrfmiddlewaretoken" not in html


def test_the_people_list_shows_one_search_box(client_as):
    html = client_as("mediator").get(reverse("people:list")).content.decode()

    assert html.count('class="search-box"') == 1
    assert html.count('type="search"') == 1
