"""The committed OpenAPI document (docs/api/openapi-v1.json) is the one the app serves.

After changing the API: `.venv/bin/python manage.py export_openapi` and commit the file.
"""

import pytest

from tremplin.api.management.commands.export_openapi import OUTPUT, render

pytestmark = pytest.mark.django_db


def test_committed_openapi_document_equals_the_served_one(client):
    served = client.get("/api/v1/openapi.json").json()
    assert OUTPUT.read_text(encoding="utf-8") == render(served), (
        "docs/api/openapi-v1.json is out of date: run `manage.py export_openapi` and commit it"
    )
    assert served["openapi"].startswith("3.")
    assert served["info"]["version"] == "1"
