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


@pytest.fixture(autouse=True)
def _anchor_file(settings, tmp_path):
    """Each test writes cash-journal closure anchors to its own file (outside the database, so no rollback
    undoes them): a closure written by one test must never show in another test's verification as "caisse
    absente de la base" (ops/tests/test_retention.py failed so on PostgreSQL, after a till test of the same
    process). The shared demo data keeps a file of its own (core/testing/demo.py)."""
    settings.TREMPLIN_JOURNAL_ANCHOR_FILE = str(tmp_path / "anchor.log")
    settings.TREMPLIN_JOURNAL_ARCHIVE_DIR = str(tmp_path / "archives")


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
