"""Query shapes chosen for speed at scale (issue #14, docs/performance.md "s19-people") give the same answers as
the plain ones: the people list's count read from the site links, the typo pass's candidates read from the
per-site index, the typo rule applied word by word. Run on both engines."""

import itertools

import pytest
from django.conf import settings
from django.db import connection

from tremplin.accounts.models import User
from tremplin.core.pagination import paginate
from tremplin.core.testing.factories import MembershipFactory, SiteFactory
from tremplin.people import fuzzy
from tremplin.people.models import Beneficiary
from tremplin.people.search import rows_to_count, search_beneficiaries
from tremplin.people.services import anonymise_beneficiary, merge_beneficiaries

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(site, other_site, make_user):
    """At `site`: 4 people followed, one of them also by `other_site`, plus 1 anonymised and 1 merged record;
    at `other_site` only: 2 people; at a third site: 1."""
    manager = make_user("site_manager")
    at_site = [BeneficiaryFactory(first_name=name, last_name="Martin", sites=[site]) for name in ("Anna", "Paul")]
    at_site.append(BeneficiaryFactory(first_name="Lina", last_name="Roux", sites=[site]))
    both = BeneficiaryFactory(first_name="Yasmina", last_name="Benali", sites=[site, other_site])
    gone = BeneficiaryFactory(first_name="Jean", last_name="Oubli", sites=[site])
    twin = BeneficiaryFactory(first_name="Lina", last_name="Rouxx", sites=[site])
    anonymise_beneficiary(manager, gone)
    merge_beneficiaries(manager, at_site[2], twin)
    elsewhere = [BeneficiaryFactory(first_name=name, last_name="Girard", sites=[other_site]) for name in ("Léa", "Tom")]
    BeneficiaryFactory(first_name="Noé", last_name="Perrin", sites=[SiteFactory(name="Espace Nantes test", code="NAT")])
    return {"at_site": [*at_site, both], "elsewhere": elsewhere}


def two_site_user(make_user, site, other_site):
    user = make_user("mediator", at=site)
    MembershipFactory(user=user, role="volunteer", site=other_site, partner=None)
    return User.objects.get(pk=user.pk)  # memberships are read once per user object


def test_the_lists_count_counts_the_active_people_of_the_users_sites_once(make_user, site, other_site, people):
    mediator = make_user("mediator")
    both_sites = two_site_user(make_user, site, other_site)

    # 4 active people at the site (the anonymised and the merged records are not counted); 6 for a user of both
    # sites (Yasmina Benali, followed by both, once).
    assert rows_to_count(mediator, "").count() == 4
    assert rows_to_count(both_sites, "").count() == 6
    assert set(rows_to_count(mediator, "")) == set(people["at_site"])
    assert set(rows_to_count(both_sites, "")) == {*people["at_site"], *people["elsewhere"]}
    assert rows_to_count(make_user("observer"), "").count() == 0
    assert rows_to_count(mediator, "martin") is None  # a search counts its own results


def test_the_list_pages_say_the_same_with_the_count_read_from_the_links(make_user, site, other_site, people):
    both_sites = two_site_user(make_user, site, other_site)
    rows = search_beneficiaries(both_sites, "")
    counted = rows_to_count(both_sites, "")

    page = paginate(rows, "1", per_page=4, count_rows=counted)
    assert page.paginator.count == 6
    assert page.paginator.num_pages == 2
    assert [person.last_name for person in page] == ["Benali", "Girard", "Girard", "Martin"]

    bounded = paginate(rows, "1", per_page=2, limit=3, count_rows=counted)
    assert bounded.paginator.is_bounded  # 6 people, counted up to 3 + 1
    assert bounded.paginator.count == 4


def test_the_typo_pass_finds_the_same_people_as_before(make_user, site, other_site):
    helene = BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", sites=[site])
    twin = BeneficiaryFactory(first_name="Helene", last_name="Lefevre", sites=[site, other_site])
    gone = BeneficiaryFactory(first_name="Hélène", last_name="Lefebvre", sites=[site])
    namesake = BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", sites=[other_site])
    BeneficiaryFactory(first_name="Marc", last_name="Lefranc", sites=[site])  # "lef" but no typo of either word
    manager = make_user("site_manager")
    merge_beneficiaries(manager, helene, twin)
    anonymise_beneficiary(manager, gone)
    mediator = make_user("mediator")

    # Only typo spellings: the candidates come from the per-site index (SQLite); the merged record (whose key is
    # still filed under both sites) and the anonymised one are not returned, the kept record once.
    assert list(search_beneficiaries(mediator, "helenne lefebre")) == [helene]
    assert list(search_beneficiaries(mediator, "hélèn lefevr")) == [helene]
    both_sites = two_site_user(make_user, site, other_site)
    assert sorted(search_beneficiaries(both_sites, "helene lefebvre"), key=str_pk) == sorted(
        [helene, namesake], key=str_pk
    )
    assert list(search_beneficiaries(mediator, "marc lefebvre")) == []


def str_pk(person):
    return str(person.pk)


NAMES = [
    "helene lefevre",
    "helene lefebvre dupont",
    "jean le goff",
    "marie de la fontaine",
    "anna",
    "",
    "lefevre helene helene",
    "yasmina benali",
]
QUERIES = ["helene lefevre", "helenne lefebre", "le goff", "legoff", "lef", "a", "marie fontain", "benali yasmna"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_word_by_word_matcher_answers_as_the_rule(query):
    matches = fuzzy.query_matcher(query)
    for name in NAMES:
        assert matches(name) == fuzzy.query_matches_name(query, name), (query, name)


def test_the_word_by_word_matcher_keeps_the_rule_on_known_answers():
    matches = fuzzy.query_matcher("helene lefebvre")
    assert matches("helene lefevre")  # one letter missing, tolerated in an 8-letter word
    assert matches("lefevre helene")  # any order
    assert not matches("helene")  # every word must match
    assert not matches("")
    repeated = fuzzy.query_matcher("anna anna")
    assert repeated("anna martin")  # a repeated word needs one matching word only, as the rule says
    assert list(itertools.islice((matches(name) for name in ["helen lefebvre"] * 3), 3)) == [True] * 3  # cached


def _forget_planner_statistics(cursor):
    """Back to a database with no planner statistics, in the table and in this connection's memory.

    SQLite keeps the statistics it loaded after the test's transaction rolls back the rows `ANALYZE` wrote:
    a test that ran `ANALYZE` on its handful of rows changed the plan of the next test on the same
    connection, depending on the order the workers ran them (seen under `-n 2`)."""
    cursor.execute("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'")
    if cursor.fetchone():
        cursor.execute("DELETE FROM sqlite_stat1")
    cursor.execute("ANALYZE sqlite_schema")  # reload the (now empty) statistics


@pytest.mark.skipif(settings.IS_POSTGRESQL, reason="SQLite's query plan")
def test_sqlite_counts_the_list_from_the_site_links_and_the_active_ids(make_user, people):
    sql, params = rows_to_count(make_user("mediator"), "").values("pk")[:1001].query.sql_with_params()
    with connection.cursor() as cursor:
        _forget_planner_statistics(cursor)
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " / ".join(row[3] for row in cursor.fetchall())
    assert "SEARCH people_beneficiary_sites USING" in plan  # the links first, by site
    assert "SCAN people_beneficiary" not in plan  # never the whole table


@pytest.mark.skipif(settings.IS_POSTGRESQL, reason="SQLite's query plan")
def test_sqlite_finds_merged_records_by_their_own_index(people):
    kept = Beneficiary.objects.get(first_name="Lina", last_name="Roux")
    rows = Beneficiary.objects.filter(merged_into__in=[kept.pk]).values("pk")
    assert [row["pk"] for row in rows] == [Beneficiary.objects.get(last_name="Rouxx").pk]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics as a production database has them: merged_into NULL almost everywhere
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " / ".join(row[3] for row in cursor.fetchall())
        _forget_planner_statistics(cursor)  # not for the next test on this connection
    assert "beneficiary_merged_into_idx" in plan
