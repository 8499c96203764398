"""Open data: the exports in the national standards and the page that lists them. Public, read-only."""

import json
from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import data_inclusion, lieux
from .datasets import LICENCE_NAME, LICENCE_URL, datasets

# Caches and directories may keep a copy a few minutes; a change of a site shows up after that.
MAX_AGE = 300


def _json(data, filename):
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _rows():
    # The standards are French: values never follow the visitor's language.
    with translation.override("fr"):
        return lieux.lieux()


@login_not_required
@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def lieux_csv(request):
    response = HttpResponse(lieux.to_csv(_rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lieux-de-mediation-numerique.csv"'
    return response


@login_not_required
@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def lieux_json(request):
    return _json(_rows(), "lieux-de-mediation-numerique.json")


@login_not_required
@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def di_structures(request):
    with translation.override("fr"):
        return _json(data_inclusion.structures(_rows()), "structures.json")


@login_not_required
@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def di_services(request):
    with translation.override("fr"):
        return _json(data_inclusion.services(_rows()), "services.json")


@login_not_required
@require_safe
def dataset_list(request):
    rows = _rows()
    # The files' own `date_maj` (a row changed since the daily job ran carries today's date): the update time
    # the page gives is always the one the files say, also before the job's first run.
    last_change = max((date.fromisoformat(row["date_maj"]) for row in rows), default=None)
    return render(
        request,
        "opendata/datasets.html",
        {
            "datasets": datasets(),
            "site_count": len(rows),
            "last_change": last_change,
            "generated_at": timezone.now(),
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "max_age_minutes": MAX_AGE // 60,
        },
    )
