"""Production collects the static files into hashed, compressed copies (WhiteNoise's manifest storage).

That storage rewrites every ``url(...)`` of a style sheet and every ``sourceMappingURL`` of a script and
refuses a reference to a file that is not there: a vendored script that kept its source-map comment made
``collectstatic`` fail, so the production layout of deploy/ could not start. This test collects every
static file of the project the way production does.
"""

from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text(encoding="utf-8")
    # Every vendored asset got its hashed copy.
    for name in ("vendor/chart-4.5.1.umd.min.js", "vendor/htmx-2.0.11.min.js", "vendor/pico-2.1.1.min.css"):
        assert f'"{name}"' in manifest
    assert list(tmp_path.glob("vendor/chart-4.5.1.umd.min.*.js.gz"))
