"""Shared pytest fixtures: people with roles, logged-in clients, and the browser harness."""

import pytest

from tremplin.core.testing.fixtures import *  # noqa: F403  (fixtures are discovered by name)
from tremplin.core.testing.browser import *  # noqa: F403


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    for item in items:
        if "postgres_only" in item.keywords and not settings.IS_POSTGRESQL:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL only (the CI runs it on PostgreSQL)"))
