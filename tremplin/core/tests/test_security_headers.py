"""Response headers: a strict Content-Security-Policy everywhere; transport security in production."""

import json
import re
from pathlib import Path

from django.conf import settings

from tremplin.core.tests.production import run_python

ROOT = Path(settings.BASE_DIR)


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_has_a_strict_content_security_policy(client, db):
    response = client.get("/comptes/login/")
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_pages_cannot_be_framed_and_types_are_not_sniffed(client, db):
    response = client.get("/comptes/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# What the CSP would block: inline <script> (other than JSON data), <style>, style=, on…= handlers.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:",
    re.IGNORECASE,
)


def test_no_template_contains_inline_script_or_style():
    offenders = []
    for template in ROOT.glob("tremplin/**/templates/**/*.html"):
        for match in INLINE_CODE.finditer(template.read_text()):
            offenders.append(f"{template.relative_to(ROOT)}: {match.group(0)}")
    assert not offenders, offenders


PRODUCTION_REQUEST = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/sante/", secure=True, headers={"host": "tremplin.example"})
insecure = Client().get("/sante/", headers={"host": "tremplin.example"})
print(json.dumps({"status": response.status_code, "headers": dict(response.headers),
                  "insecure_status": insecure.status_code, "insecure_location": insecure.get("Location", "")}))
"""


def test_production_settings_send_transport_security_headers():
    result = run_python("-c", PRODUCTION_REQUEST, DJANGO_SETTINGS_MODULE="tremplin.settings")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    headers = answer["headers"]
    assert answer["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    # Plain HTTP is sent to HTTPS.
    assert answer["insecure_status"] == 301
    assert answer["insecure_location"].startswith("https://tremplin.example/")


def test_production_settings_pass_the_deployment_checklist():
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_python("-c", "import tremplin.settings", without=["SECRET_KEY"])
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_settings_do_not_relax_anything():
    code = (
        "import tremplin.settings as s; "
        "print(s.DEBUG, s.TREMPLIN_MFA_ENFORCED, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.PASSWORD_HASHERS[0])"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


def test_production_settings_refuse_debug():
    result = run_python("-c", "import tremplin.settings", DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG cannot be on in production" in result.stderr
