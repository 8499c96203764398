"""Schemathesis against the served OpenAPI document, in process (the Django WSGI app, no server).

For every operation, a few generated requests (valid and invalid): no server error, and every answer conforms
to the document (status code declared, media type, headers, body schema). Token endpoints get a real token
of a partner. Kept bounded: MAX_EXAMPLES per operation, no shrinking time limit (run time in docs/api.md).
"""

from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tremplin.activities.models import Activity
from tremplin.api import tokens
from tremplin.core.roles import Role
from tremplin.core.testing.factories import MembershipFactory, PartnerFactory, SiteFactory, UserFactory
from tremplin.people.models import EligibilityProofType
from tremplin.workshops.tests.factories import SessionFactory

MAX_EXAMPLES = 8
CURRENT = {}


@pytest.fixture
def api_data(db, settings):
    # As django.test.Client does: the WSGI handler must not close the test's database connection at the
    # end of each request (PostgreSQL would lose the test transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield _data(settings)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _issue(admin, name, account, scopes, partner=None):
    _token, secret = tokens.issue_token(
        admin,
        name=name,
        partner=partner,
        account=account,
        scopes=scopes,
        expires_at=timezone.now() + timedelta(days=1),
    )
    return secret


def _data(settings):
    settings.TREMPLIN_API_RATE_TOKEN = settings.TREMPLIN_API_RATE_ANONYMOUS = "100000/m"
    site = SiteFactory()
    SessionFactory(site=site)
    EligibilityProofType.objects.create(name="Justificatif (schemathesis)")
    partner = PartnerFactory()
    account = UserFactory()
    MembershipFactory(user=account, role=Role.REFERRER, site=None, partner=partner)
    admin = UserFactory()
    MembershipFactory(user=admin, role=Role.NETWORK_ADMIN, site=None, partner=None)
    funder = UserFactory()
    MembershipFactory(user=funder, role=Role.OBSERVER, site=None, partner=None)
    mediator = UserFactory()
    MembershipFactory(user=mediator, role=Role.MEDIATOR, site=site, partner=None)
    Activity.objects.create(
        site=site,
        recorded_by=mediator,
        date=timezone.localdate(),
        kind="individuel",
        duration=30,
        thematiques=["email"],
    )
    # One token per kind of caller: each operation gets the token that may use it (see PartnerToken), so the
    # answers of the statistics and the Coop export are checked too, not only their 401/403.
    CURRENT["secrets"] = {
        "partner": _issue(admin, "schemathesis", account, ["referrals:write", "referrals:read"], partner),
        "funder": _issue(admin, "schemathesis (financeur)", funder, ["stats:read"]),
        "network": _issue(admin, "schemathesis (équipe nationale)", admin, ["activities:export"]),
    }
    return CURRENT["secrets"]


# Loaded at collection from the app itself: the document the app serves (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), headers={"Host": "127.0.0.1"})


@schema.auth(refresh_interval=None)
class PartnerToken:
    """The token that may use the operation (a funder's for /stats, the national team's for /activities/coop,
    else the partner's); schemathesis also sends requests without it or with a wrong one.

    Cases built while collecting (before the test's database exists) carry a placeholder: they get 401."""

    def get(self, case, context):
        path = context.operation.path
        caller = "funder" if path.endswith("/stats") else "network" if "/activities/" in path else "partner"
        return CURRENT.get("secrets", {}).get(caller, "trp_not-yet-issued")

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(case, api_data):
    case.headers = {**(case.headers or {}), "Host": "127.0.0.1"}
    # Excluded: "positive data acceptance" (a schema-valid body may still break a rule of the referral form,
    # e.g. a commune that does not match the postal code, or a cursor this API did not sign: 422 by design).
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
