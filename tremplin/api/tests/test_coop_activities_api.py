"""The national team's tools read the network's activities in the Coop layout (scope activities:export)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.activities.models import Activity
from tremplin.api import tokens
from tremplin.api.models import Scope
from tremplin.core.roles import Role
from tremplin.core.testing.factories import SiteFactory
from tremplin.people.models import Beneficiary
from tremplin.stats.coop_export import COLUMNS

pytestmark = pytest.mark.django_db
URL = "/api/v1/activities/coop"


def national_token(admin, account=None, scopes=(Scope.ACTIVITIES_EXPORT,)):
    return tokens.issue_token(
        admin,
        name="Entrepôt de données national",
        partner=None,
        account=account or admin,
        scopes=list(scopes),
        expires_at=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def activities(make_user, site):
    mediator = make_user(Role.MEDIATOR, at=site)
    awa = Beneficiary.objects.create(first_name="Awa", last_name="Diallo", birth_year=1950, commune="Lyon")
    other = SiteFactory()

    def make(day, where=site, **fields):
        return Activity.objects.create(
            site=where, recorded_by=mediator, date=day, kind="individuel", duration=30, thematiques=["email"], **fields
        )

    return [
        make(date(2026, 2, 28), beneficiary=awa),
        make(date(2026, 3, 1), beneficiary=awa),
        make(date(2026, 3, 1), where=other),
        make(date(2026, 3, 31)),
        make(date(2026, 4, 1)),
    ]


def get(client, secret, **params):
    return client.get(URL, params, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_march_in_pages_of_two_in_the_coop_layout_with_no_personal_data(client, admin, activities):
    _token, secret = national_token(admin)
    first = get(client, secret, du="2026-03-01", au="2026-03-31", limit=2)
    assert first.status_code == 200, first.content
    body = first.json()
    second = get(client, secret, du="2026-03-01", au="2026-03-31", limit=2, cursor=body["next_cursor"]).json()
    assert second["next_cursor"] is None
    items = body["items"] + second["items"]
    # March 1 (two, in the order of entry), then March 31; not February 28 nor April 1.
    assert [item["id"] for item in items] == [str(a.uuid) for a in activities[1:4]]
    assert all(item["type"] == "activite" for item in items)
    assert set(items[0]["attributes"]) == set(COLUMNS) - {"id"}
    assert items[0]["attributes"]["date"] == "2026-03-01"
    text = first.content.decode() + str(second)
    for personal in ("Awa", "Diallo", "1950", "Lyon", '"beneficiary'):
        assert personal not in text


def test_without_period_every_activity_of_the_network(client, admin, activities):
    _token, secret = national_token(admin)
    assert len(get(client, secret, limit=200).json()["items"]) == 5


def test_bad_period_is_a_422_problem(client, admin, activities):
    _token, secret = national_token(admin)
    response = get(client, secret, du="2026-04-01", au="2026-03-01")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert get(client, secret, du="1er mars").status_code == 422


def test_scope_is_enforced(client, admin, activities, issue, make_user, site):
    assert client.get(URL).status_code == 401
    _token, partner_secret = issue()
    assert get(client, partner_secret).status_code == 403
    observer = make_user(Role.OBSERVER, at=site)
    _token, funder_secret = tokens.issue_token(
        admin,
        name="Financeur",
        partner=None,
        account=observer,
        scopes=[Scope.STATS_READ],
        expires_at=timezone.now() + timedelta(days=30),
    )
    assert get(client, funder_secret).status_code == 403


def test_only_a_national_team_account_gets_such_a_token(admin, make_user, site, partner):
    with pytest.raises(ValidationError) as error:
        national_token(admin, account=make_user(Role.OBSERVER, at=site))
    assert "account" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        national_token(admin, scopes=(Scope.ACTIVITIES_EXPORT, Scope.STATS_READ))
    assert "scopes" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        tokens.issue_token(
            admin,
            name="x",
            partner=partner,
            account=admin,
            scopes=[Scope.ACTIVITIES_EXPORT],
            expires_at=timezone.now() + timedelta(days=30),
        )
    assert "partner" in error.value.message_dict


def test_the_token_stops_when_the_account_leaves_the_national_team(client, make_user, activities):
    issuer = make_user(Role.NETWORK_ADMIN)
    tool_account = make_user(Role.NETWORK_ADMIN)
    _token, secret = national_token(issuer, account=tool_account)
    assert get(client, secret).status_code == 200
    tool_account.memberships.update(is_active=False)
    assert get(client, secret).status_code == 401
