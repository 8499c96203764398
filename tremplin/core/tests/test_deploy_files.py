"""deploy/: the environment template lists every setting production reads; the units and nginx agree."""

import re
from pathlib import Path

from django.conf import settings

from .production import PRODUCTION_ENV

DEPLOY = Path(settings.BASE_DIR) / "deploy"
READ = re.compile(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z_]+)"')
DEVELOPMENT_ONLY = {"TREMPLIN_DEBUG", "DEBUG", "TREMPLIN_DEMO", "TREMPLIN_STRICT_TEMPLATES"}


def template_names():
    text = (DEPLOY / "tremplin.env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", text, re.M)), text


def test_the_environment_template_lists_every_variable_the_settings_read():
    read = set(READ.findall((Path(settings.BASE_DIR) / "tremplin" / "settings.py").read_text(encoding="utf-8")))
    assert {"SECRET_KEY", "TREMPLIN_JOURNAL_ANCHOR_FILE", "REDIS_URL"} <= read  # the pattern finds them
    listed, text = template_names()
    missing = read - DEVELOPMENT_ONLY - listed
    assert not missing, f"add to deploy/tremplin.env.example: {sorted(missing)}"
    for name in DEVELOPMENT_ONLY & read:
        assert name in text  # named in the "never in production" section
    assert set(PRODUCTION_ENV) <= listed


def test_the_template_holds_no_secret_and_every_secret_is_marked():
    _, text = template_names()
    for name in ("SECRET_KEY", "TREMPLIN_FIELD_KEY", "EMAIL_HOST_PASSWORD", "BREVO_API_KEY"):
        assert re.search(rf"^{name}=change-me$", text, re.M)
    assert "TREMPLIN_JOURNAL_KEYS=k2026:change-me" in text


def test_units_nginx_and_gunicorn_name_the_same_ports_and_files():
    web = (DEPLOY / "systemd" / "tremplin-web@.service").read_text()
    nginx = (DEPLOY / "nginx" / "tremplin.conf").read_text()
    assert "GUNICORN_BIND=127.0.0.1:%i" in web and "deploy/gunicorn.conf.py" in web
    assert "server 127.0.0.1:8001" in nginx and "server 127.0.0.1:8002" in nginx
    assert "client_max_body_size" in nginx and "proxy_next_upstream error timeout" in nginx
    assert "non_idempotent" not in nginx.split("proxy_next_upstream ", 1)[1].split(";")[0]
    for unit in ("tremplin-worker.service", "tremplin-scheduler.service", "tremplin-backup.service"):
        assert "EnvironmentFile=/etc/tremplin/tremplin.env" in (DEPLOY / "systemd" / unit).read_text()


def test_one_unit_per_process_web_worker_scheduler_as_in_the_procfile():
    """Production runs the processes `make run` starts (Procfile), each under its own unit."""
    procfile = dict(
        line.split(": ", 1)
        for line in (DEPLOY.parent / "Procfile").read_text().splitlines()
        if ": " in line and not line.startswith("#")
    )
    worker = (DEPLOY / "systemd" / "tremplin-worker.service").read_text()
    scheduler = (DEPLOY / "systemd" / "tremplin-scheduler.service").read_text()
    assert set(procfile) == {"web", "worker", "scheduler"}
    assert procfile["worker"].endswith("manage.py run_worker --no-scheduler")
    assert "ExecStart=/srv/tremplin/app/.venv/bin/python manage.py run_worker --no-scheduler" in worker
    assert procfile["scheduler"].endswith("manage.py run_scheduler")
    assert "ExecStart=/srv/tremplin/app/.venv/bin/python manage.py run_scheduler" in scheduler
