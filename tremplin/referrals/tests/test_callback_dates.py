"""Call-back dates read like every other date (core/dates.py): short in the tables of the inbox and of the
handled list, next to the referrals' « Reçue » column written the same way; long on the request's own page
(« 1er » for the first of the month); the request's name gives the day where the site is."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tremplin.referrals.models import CallbackRequest, Need, Referral

pytestmark = pytest.mark.django_db

# 1 December 2026, 09:05 UTC = 10:05 in Lyon (Europe/Paris, winter time).
SENT = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)
CALLED = datetime(2026, 12, 2, 13, 30, tzinfo=UTC)  # 14:30 in Lyon


@pytest.fixture
def callback(site):
    site.accepts_self_referrals = True
    site.save(update_fields=["accepts_self_referrals"])
    return CallbackRequest.objects.create(
        site=site, first_name="Aïssatou", phone="+33612345678", need=Need.choices[0][0], created_at=SENT
    )


def test_the_inbox_writes_a_call_back_and_a_referral_the_same_short_way(callback, make_referral, manager, login):
    referral = make_referral()
    Referral.objects.filter(pk=referral.pk).update(received_at=SENT)
    page = login(manager).get(reverse("referrals:inbox")).content.decode()
    assert "<td>01/12/2026 10:05</td>" in page  # the call-back's « Envoyée »
    assert "<td>01/12/2026\n" in page  # the referral's « Reçue » (its badge may follow)
    assert "décembre" not in page


def test_the_handled_list_writes_both_dates_short(callback, manager, login):
    CallbackRequest.objects.filter(pk=callback.pk).update(called_at=CALLED)
    page = login(manager).get(reverse("referrals:callback_list")).content.decode()
    assert "<td>01/12/2026 10:05</td>" in page and "<td>02/12/2026 14:30</td>" in page
    assert "décembre" not in page


def test_the_requests_page_writes_the_dates_long_with_the_first_of_the_month(callback, manager, login):
    CallbackRequest.objects.filter(pk=callback.pk).update(called_at=CALLED)
    page = login(manager).get(reverse("referrals:callback_detail", args=[callback.pk])).content.decode()
    assert "1er décembre 2026, 10:05" in page
    assert "2 décembre 2026, 14:30" in page


def test_the_requests_name_gives_the_day_where_the_site_is(callback, site):
    site.time_zone = "Indian/Reunion"  # UTC+4 all year
    site.save(update_fields=["time_zone"])
    callback.created_at = datetime(2026, 11, 30, 22, 30, tzinfo=UTC)  # 1 December, 02:30 in Saint-Denis
    assert str(callback) == "Demande de rappel du 1er décembre 2026"
