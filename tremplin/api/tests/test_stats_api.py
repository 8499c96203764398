"""A funder's system reads the aggregated statistics of its account's scope (stats room's dashboard)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.api import tokens
from tremplin.api.models import Scope
from tremplin.core.roles import Role
from tremplin.core.testing.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats"


@pytest.fixture
def funder(db):
    def make(site=None):
        user = UserFactory()
        MembershipFactory(user=user, role=Role.OBSERVER, site=site, partner=None)
        return user

    return make


def issue_funder(admin, account, partner=None, scopes=(Scope.STATS_READ,)):
    return tokens.issue_token(
        admin,
        name="Outil du financeur",
        partner=partner,
        account=account,
        scopes=list(scopes),
        expires_at=timezone.now() + timedelta(days=30),
    )


def test_a_funder_reads_its_scope_with_small_counts_masked(client, admin, funder, site):
    _token, secret = issue_funder(admin, funder(site=site))
    response = client.get(URL, {"periode": "annee"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["scope"] == site.name
    assert body["small_counts_masked"] is True
    assert body["blocks"] and all(block["key"] and block["title"] for block in body["blocks"])
    # Nothing was recorded: every count is 0, and 0 is shown as such (the rule masks 1 to 4 only).
    counts = [f["value"] for b in body["blocks"] for f in b["figures"] if f["unit"] == "count"]
    assert counts and set(counts) <= {0}


def test_wrong_period_is_a_422_problem(client, admin, funder):
    _token, secret = issue_funder(admin, funder())
    response = client.get(URL, {"periode": "personnalisee", "du": "2026-02-01"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert "fin" in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "au"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"periode": "personnalisee", "du": "2026-02-31", "au": "2026-03-01"}, "du"),
        ({"periode": "personnalisee", "du": "2026-02-01", "au": "31/02/2026"}, "au"),
        ({"periode": "hier"}, "periode"),
        ({"thematique": "inconnue"}, "thematique"),
        ({"espace": "abc"}, "espace"),
    ],
)
def test_a_422_names_the_parameter_at_fault_and_the_formats_the_api_takes(client, admin, funder, params, field):
    _token, secret = issue_funder(admin, funder())
    response = client.get(URL, params, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == field
    if field in ("du", "au"):
        assert "aaaa-mm-jj" in error["message"]  # the API's own format (ISO 8601) is named


def test_partner_and_funder_tokens_stay_in_their_lane(client, admin, funder, issue):
    _t, partner_secret = issue()
    _f, funder_secret = issue_funder(admin, funder())
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {partner_secret}").status_code == 403
    assert client.get("/api/v1/referrals", HTTP_AUTHORIZATION=f"Bearer {funder_secret}").status_code == 403


def test_a_funder_token_stops_when_the_account_is_no_longer_observer(client, admin, funder):
    account = funder()
    _token, secret = issue_funder(admin, account)
    account.memberships.update(is_active=False)
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_issuing_rules(admin, funder, partner, make_user):
    observer = funder()
    with pytest.raises(ValidationError) as mixed:
        issue_funder(admin, observer, scopes=[Scope.STATS_READ, Scope.REFERRALS_READ])
    assert "scopes" in mixed.value.message_dict
    with pytest.raises(ValidationError) as with_partner:
        issue_funder(admin, observer, partner=partner)
    assert "partner" in with_partner.value.message_dict
    with pytest.raises(ValidationError) as not_observer:
        issue_funder(admin, make_user(Role.REFERRER))
    assert "account" in not_observer.value.message_dict


def test_the_stats_endpoint_takes_no_mediator_filter(client, admin, funder, site):
    from datetime import date

    from tremplin.activities.models import Activity

    mediator = UserFactory()
    Activity.objects.create(
        site=site,
        recorded_by=mediator,
        date=date.today(),
        kind="collectif",
        participant_count=6,
        duration=60,
        thematiques=["email"],
    )
    _token, secret = issue_funder(admin, funder(site=site))

    def accompaniments(extra):
        query = {"periode": "personnalisee", "du": date.today().isoformat(), "au": date.today().isoformat()}
        response = client.get(URL, {**query, **extra}, HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == 200, response.content
        block = next(b for b in response.json()["blocks"] if b["key"] == "activities")
        return next(f["value"] for f in block["figures"] if f["key"] == "accompaniments")

    assert accompaniments({}) == 6
    assert accompaniments({"mediateur": str(admin.pk)}) == 6  # ignored: not a parameter of the API
