"""Run Python in a fresh interpreter with production settings (TREMPLIN_ENV=production)."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "TREMPLIN_ENV": "production",
    "SECRET_KEY": "k" * 30 + "production-test-only-9f3a7c1e5b2d8f4a6c0e",
    "TREMPLIN_FIELD_KEY": "cHJvZHVjdGlvbi10ZXN0LW9ubHkta2V5LTAxMjM0NTY=",
    "TREMPLIN_JOURNAL_KEYS": "prod1:production-test-only-journal-key",
    "ALLOWED_HOSTS": "tremplin.example",
    "SITE_URL": "https://tremplin.example",
    "DATABASE_URL": "sqlite:////tmp/tremplin-settings-check.sqlite3",
}


def run_python(*args, without=(), **env):
    """`python *args` in the project directory with the production environment, plus `env`, minus `without`."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TREMPLIN_", "DJANGO_", "DEBUG", "SECRET_KEY", "SITE_URL", "PORT"))
    }
    clean.update(PRODUCTION_ENV)
    clean.update(env)
    for name in without:
        clean.pop(name, None)
    return subprocess.run(  # noqa: S603 — fixed interpreter, arguments written in the tests
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
