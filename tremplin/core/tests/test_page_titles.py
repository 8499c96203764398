"""Every full page names itself: a template built on base.html fills the title block (WCAG 2.4.2)."""

import re
from pathlib import Path

from tremplin.core.testing.pages import page_title, title_problem

ROOT = Path(__file__).resolve().parents[2]  # the tremplin package
EXTENDS_BASE = re.compile(r"{%\s*extends\s+(?:[\"']base\.html[\"']|base_layout)\s*%}")
TITLE_BLOCK = re.compile(r"{%\s*block\s+title\s*%}(.*?){%\s*endblock", re.DOTALL)


def test_every_page_built_on_the_base_layout_has_a_title_of_its_own():
    pages = [p for p in ROOT.glob("**/templates/**/*.html") if EXTENDS_BASE.search(p.read_text(encoding="utf-8"))]
    assert len(pages) > 20, "the template walk found nothing: check ROOT"
    untitled = []
    for page in pages:
        match = TITLE_BLOCK.search(page.read_text(encoding="utf-8"))
        if match is None or not match.group(1).strip():
            untitled.append(str(page.relative_to(ROOT)))
    assert not untitled, untitled


def test_no_title_block_holds_markup():
    """The title block is text only: a block left open swallows the page's markup (and its CSRF token)."""
    with_markup = []
    for page in ROOT.glob("**/templates/**/*.html"):
        for match in TITLE_BLOCK.finditer(page.read_text(encoding="utf-8")):
            if re.search(r"<\s*[a-zA-Z/]", match.group(1)):
                with_markup.append(str(page.relative_to(ROOT)))
    assert not with_markup, with_markup


def test_the_connectivity_stock_page_title_is_plain_text(client_as):
    response = client_as("site_manager").get("/materiel/connectivite/stock/")

    assert response.status_code == 200
    assert page_title(response.content.decode()) == "Stock de connectivité · Tremplin"


def test_a_title_with_markup_or_nothing_of_its_own_is_reported():
    assert title_problem("Stock <h2>x</h2> · Tremplin")
    assert title_problem(" · Tremplin")
    assert title_problem(None)
    assert not title_problem("Fiche de Chloé · Tremplin")
