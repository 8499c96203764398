"""Every full page names itself: a template built on base.html fills the title block (WCAG 2.4.2)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the tremplin package
EXTENDS_BASE = re.compile(r"{%\s*extends\s+[\"']base\.html[\"']\s*%}")
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
