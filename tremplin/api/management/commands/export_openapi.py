"""Write the served OpenAPI document to docs/api/openapi-v1.json (committed; a test checks they are equal)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client

OUTPUT = Path(settings.BASE_DIR) / "docs" / "api" / "openapi-v1.json"


def served_document():
    response = Client(SERVER_NAME="127.0.0.1").get("/api/v1/openapi.json")
    return response.json()


def render(document):
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Écrit le document OpenAPI servi dans docs/api/openapi-v1.json."

    def handle(self, *args, **options):
        OUTPUT.write_text(render(served_document()), encoding="utf-8")
        self.stdout.write(f"{OUTPUT.relative_to(settings.BASE_DIR)} écrit.")
