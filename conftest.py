"""Shared pytest fixtures: people with roles, logged-in clients, and the browser harness."""

import pytest

from tremplin.core.testing.browser import *  # noqa: F403
from tremplin.core.testing.demo import demo_data, demo_tests_first, release_demo_after  # noqa: F401 (fixture)
from tremplin.core.testing.fixtures import *  # noqa: F403  (fixtures are discovered by name)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: login throttling counters live there, keyed by IP."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    release_demo_after(item, nextitem)


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    demo_tests_first(items)

    for item in items:
        if "postgres_only" in item.keywords and not settings.IS_POSTGRESQL:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL only (the CI runs it on PostgreSQL)"))
