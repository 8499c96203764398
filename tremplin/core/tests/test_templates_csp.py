"""No template carries inline styles, inline scripts or event handlers: the content-security policy
(`script-src 'self'`, `style-src 'self'`) would block them, and the page would silently break."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the tremplin package
TEMPLATES = sorted(p for p in ROOT.glob("**/templates/**/*.html") if "static" not in p.parts)
FORBIDDEN = {
    "inline style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "<style> block": re.compile(r"<style[\s>]", re.IGNORECASE),
    # Data blocks (JSON, JSON-LD for search engines) are never executed: the policy does not apply to them.
    "inline <script>": re.compile(
        r"<script(?![^>]*\s(?:src=|type=\"application/(?:ld\+)?json\"))[^>]*>", re.IGNORECASE
    ),
    "inline event handler": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "javascript: link": re.compile(r"href\s*=\s*[\"']javascript:", re.IGNORECASE),
}


def test_no_template_has_anything_the_content_security_policy_would_block():
    assert len(TEMPLATES) > 20, "the template walk found nothing: check ROOT"
    offenders = {}
    for template in TEMPLATES:
        text = template.read_text(encoding="utf-8")
        found = [f"{label}: {m.group(0).strip()}" for label, rx in FORBIDDEN.items() for m in rx.finditer(text)]
        if found:
            offenders[str(template.relative_to(ROOT))] = found
    assert not offenders, offenders
