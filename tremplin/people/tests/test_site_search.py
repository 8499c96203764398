"""Name search per site (issue #14): a user finds the people of their own sites only, with the same results
as before (accents, case, typos, order); run on both engines. On SQLite the per-site FTS5 index answers
(docs/performance.md, "Name search per site"), and the tests marked sqlite_only check it directly."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tremplin.accounts.models import User
from tremplin.core.testing.factories import MembershipFactory, SiteFactory
from tremplin.people.models import Beneficiary
from tremplin.people.search import search_beneficiaries, search_by_name
from tremplin.people.search_index import SITE_FTS_TABLE, SITE_SPAN, SITE_TRIGGERS, ensure_site_index
from tremplin.people.services import anonymise_beneficiary, merge_beneficiaries, update_beneficiary

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(settings.IS_POSTGRESQL, reason="the FTS5 table is SQLite's per-site index")


@pytest.fixture
def helene(site):
    return BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", sites=[site])


@pytest.fixture
def namesake(other_site):
    """The same name, one letter apart, followed by another site only."""
    return BeneficiaryFactory(first_name="Helene", last_name="Lefebvre", sites=[other_site])


@pytest.fixture
def mediator(make_user):
    return make_user("mediator")


def found(user, query):
    return list(search_beneficiaries(user, query))


def index_entries(site):
    """(person id, search key) of the per-site index's entries filed under `site` (SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT person, search_name FROM {SITE_FTS_TABLE} WHERE rowid BETWEEN %s AND %s",  # noqa: S608
            [site.pk * SITE_SPAN, (site.pk + 1) * SITE_SPAN - 1],
        )
        return {(str(Beneficiary._meta.pk.to_python(person)), key) for person, key in cursor.fetchall()}


def entry(person):
    return (str(person.pk), person.search_name)


@pytest.mark.parametrize(
    "typed", ["helene lefevre", "Hélène Lefèvre", "LEFEVRE", "lefebvre", "helenne lefebre", "lef", "hel le", "he"]
)
def test_a_namesake_followed_by_another_site_is_never_returned_to_a_one_site_mediator(
    mediator, make_user, other_site, helene, namesake, typed
):
    # Every spelling matches both records in the network; each mediator gets their own site's person only.
    assert found(mediator, typed) == [helene]
    assert found(make_user("mediator", at=other_site), typed) == [namesake]


def test_a_person_followed_by_two_sites_is_found_from_each_and_once_by_staff_of_both(
    mediator, make_user, site, other_site
):
    both = BeneficiaryFactory(first_name="Yasmina", last_name="Benali", sites=[site, other_site])
    user = make_user("mediator", at=other_site)
    MembershipFactory(user=user, role="volunteer", site=site, partner=None)
    user = User.objects.get(pk=user.pk)  # memberships are read once per user object

    assert found(mediator, "yasmina benali") == [both]
    assert found(make_user("volunteer", at=other_site), "benali") == [both]
    assert found(user, "benali") == [both]  # in the index under each site, listed once
    assert found(user, "yasmna") == [both]


def test_a_user_of_two_sites_finds_the_people_of_both_and_of_no_third(mediator, make_user, site, other_site):
    third = SiteFactory(name="Espace Nantes test", code="NAT")
    at_first = BeneficiaryFactory(first_name="Anna", last_name="Martin", sites=[site])
    at_second = BeneficiaryFactory(first_name="Paul", last_name="Martin", sites=[other_site])
    BeneficiaryFactory(first_name="Lucie", last_name="Martin", sites=[third])
    user = make_user("site_manager", at=site)
    MembershipFactory(user=user, role="mediator", site=other_site, partner=None)
    user = User.objects.get(pk=user.pk)

    assert found(user, "martin") == [at_first, at_second]
    assert found(user, "martn") == [at_first, at_second]
    assert found(mediator, "martin") == [at_first]


def test_merged_and_anonymised_people_are_not_found_and_the_kept_record_answers_at_every_site(
    make_user, site, other_site, helene
):
    twin = BeneficiaryFactory(first_name="Helene", last_name="Lefevre", sites=[other_site])
    gone = BeneficiaryFactory(first_name="Hélène", last_name="Lefort", sites=[site])
    manager = make_user("site_manager")
    MembershipFactory(user=manager, role="site_manager", site=other_site, partner=None)
    manager = User.objects.get(pk=manager.pk)

    merge_beneficiaries(manager, helene, twin)
    anonymise_beneficiary(manager, gone)

    # The kept record gained the twin's site: the other site's mediator finds it there, the twin never.
    assert found(make_user("mediator", at=other_site), "helene lefevre") == [helene]
    assert found(make_user("mediator"), "helene") == [helene]
    assert found(make_user("mediator"), "lefort") == []
    if not settings.IS_POSTGRESQL:
        gone.refresh_from_db()
        assert entry(gone) in index_entries(site)  # its (emptied) key, still filed under its site
        assert "helene lefort" not in {key for _person, key in index_entries(site)}


def test_without_a_score_results_come_in_the_lists_order(mediator, site):
    # The lists file "de La Fontaine" under D, before "Dupont" (no case, no accents: people.names.sort_key).
    dupont = BeneficiaryFactory(first_name="Marie", last_name="Dupont", sites=[site])
    fontaine = BeneficiaryFactory(first_name="Marie", last_name="de La Fontaine", sites=[site])
    eloise = BeneficiaryFactory(first_name="Marie", last_name="Éloi", sites=[site])

    # Both engines: every record matches "marie" exactly (same score on PostgreSQL), so list order decides.
    assert found(mediator, "marie") == [fontaine, dupont, eloise]
    assert found(mediator, "") == [fontaine, dupont, eloise]


@sqlite_only
def test_the_index_follows_links_names_and_deletions(mediator, site, other_site, helene):
    assert index_entries(site) == {entry(helene)}
    assert index_entries(other_site) == set()

    helene.sites.add(other_site)
    assert index_entries(other_site) == {entry(helene)}

    update_beneficiary(mediator, helene, last_name="Kerbrat")
    helene.refresh_from_db()
    assert index_entries(site) == index_entries(other_site) == {entry(helene)} == {(str(helene.pk), "helene kerbrat")}
    assert found(mediator, "kerbrat") == [helene]
    assert found(mediator, "lefevre") == []

    helene.sites.remove(site)
    assert index_entries(site) == set()
    assert found(mediator, "kerbrat") == []

    helene.sites.clear()
    helene.delete()
    assert index_entries(other_site) == set()


def test_with_a_user_the_search_gives_what_the_network_wide_index_gives(mediator, site, other_site, helene, namesake):
    for first, last, sites in [
        ("Jean", "Le Goff", [site]),
        ("Jeanne", "Legoff", [other_site]),
        ("Søren", "Kierkegaard", [site, other_site]),
        ("Anne-Marie", "D'Artagnan", [site]),
        ("Li", "Na", [site]),
    ]:
        BeneficiaryFactory(first_name=first, last_name=last, sites=sites)
    visible = Beneficiary.objects.visible_to(mediator).active()

    for typed in ("le goff", "legoff", "soren", "kierkegard", "d artagnan", "anne marie", "li na", "na", "helen"):
        assert list(search_by_name(visible, typed, user=mediator)) == list(search_by_name(visible, typed)), typed


@sqlite_only
def test_the_sqlite_index_is_refilled_when_a_migration_dropped_its_triggers(mediator, site, helene):
    with connection.cursor() as cursor:
        for name in SITE_TRIGGERS:  # what pre_migrate does before migrations run
            cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(f"DELETE FROM {SITE_FTS_TABLE}")  # noqa: S608
    assert found(mediator, "lefevre") == []

    ensure_site_index(connection)  # what post_migrate runs

    assert found(mediator, "lefevre") == [helene]
    newcomer = BeneficiaryFactory(first_name="Anna", last_name="Kowalska", sites=[site])
    assert found(mediator, "kowalska") == [newcomer]


@sqlite_only
def test_sqlite_reads_the_site_s_range_of_the_index(mediator, helene, namesake):
    for typed in ("helene lefevre", "helenne lefebre"):  # exact words, then the typo pass's fragments
        with CaptureQueriesContext(connection) as captured:
            assert found(mediator, typed) == [helene]
        index_queries = [query["sql"] for query in captured if SITE_FTS_TABLE in query["sql"]]
        assert index_queries
        with connection.cursor() as cursor:
            for sql in index_queries:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                plan = " | ".join(row[-1] for row in cursor.fetchall())
                # The FTS5 table is asked with the MATCH and both rowid bounds (its plan string lists the
                # constraints it takes: "M" the match, ">" and "<" the site's rowid range).
                assert re.search(rf"SCAN {SITE_FTS_TABLE} VIRTUAL TABLE INDEX 0:M\d*><", plan), plan
                assert "SCAN people_beneficiary " not in plan + " ", plan
