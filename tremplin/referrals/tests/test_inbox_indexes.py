"""The inbox's open referrals are asked for with the statuses written as literals (tremplin.core.lookups), the shape
in which SQLite uses the partial index `referral_open_inbox_idx` (issue #14, docs/performance.md "s19-people");
the answers are those of the plain `status__in`."""

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.utils import timezone

from tremplin.core.lookups import InConstants
from tremplin.referrals import services
from tremplin.referrals.choices import OPEN_STATUSES, DeclineReason, Status
from tremplin.referrals.models import Referral
from tremplin.referrals.views_staff import received

pytestmark = pytest.mark.django_db


def test_open_states_the_statuses_as_literals_and_keeps_the_open_referrals(mediator, make_referral, other_site):
    waiting = make_referral()
    contacted = make_referral(last_name="Keita")
    services.record_contact_attempt(mediator, contacted, at=timezone.now(), channel="phone", outcome="reached")
    declined = make_referral(last_name="Sow")
    services.decline_referral(mediator, declined, reason=DeclineReason.choices[0][0])
    make_referral(last_name="Ba", to=other_site)

    rows = received(mediator).open()
    sql = str(rows.query)
    assert "IN ('submitted', 'contacted', 'transferred')" in sql  # the order of the index's condition
    assert set(rows) == {waiting, contacted}
    assert set(rows) == set(received(mediator).filter(status__in=OPEN_STATUSES))
    assert Referral.objects.get(pk=contacted.pk).status == Status.CONTACTED


@pytest.mark.parametrize("values", [(), ("submitted", "x' OR '1'='1"), ("a b",)])
def test_in_constants_takes_code_constants_only(values):
    with pytest.raises(ValueError, match="code constants"):
        list(Referral.objects.filter(status__in_constants=values))
    assert InConstants.lookup_name == "in_constants"


def forced_through_open_index(rows):
    """Run `rows` with SQLite told to use the partial index: an error when its condition is not stated."""
    sql, params = rows.query.sql_with_params()
    sql = sql.replace('FROM "referrals_referral"', 'FROM "referrals_referral" INDEXED BY referral_open_inbox_idx', 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


@pytest.mark.skipif(settings.IS_POSTGRESQL, reason="SQLite's partial-index rule")
def test_sqlite_may_read_the_open_inbox_from_its_partial_index(mediator, make_referral):
    make_referral()
    make_referral(last_name="Keita")
    inbox = received(mediator).order_by("received_at", "pk")

    # Which index the planner picks depends on the statistics (with the bench's, this one: docs/performance.md);
    # the literals are what make it usable at all. With bound parameters SQLite refuses it ("no query solution").
    assert forced_through_open_index(inbox.open()[:26]) == 2
    with pytest.raises(OperationalError, match="no query solution"):
        forced_through_open_index(inbox.filter(status__in=OPEN_STATUSES)[:26])
