"""The personal-data lifecycle with frozen time: retention of records, the access log and message texts."""

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tremplin.activities.models import Activity
from tremplin.core.models import AccessLog, log_access
from tremplin.notifications.models import Message
from tremplin.notifications.services import queue_message
from tremplin.ops import retention
from tremplin.ops.models import AccessLogMonth, ContactNote
from tremplin.people.models import Beneficiary
from tremplin.people.tests.factories import EligibilityRecordFactory
from tremplin.till.services.verify import verify_journal
from tremplin.till.tests.factories import available_device, eligible_person, open_register, sell

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
# 24 months before NOW is 15 June 2024: a contact before that day is too old, one after it keeps the record.
TOO_OLD = datetime(2024, 6, 10, 10, 0, tzinfo=UTC)
RECENT = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
IN_NOTICE = datetime(2024, 7, 1, 10, 0, tzinfo=UTC)  # anonymised on 1 July 2026, within 30 days of NOW


@pytest.fixture
def staff(make_user):
    return make_user("mediator")


def person_at(moment, site, **fields):
    with time_machine.travel(moment, tick=False):
        fields.setdefault("first_name", "Awa")
        fields.setdefault("last_name", "Diallo")
        person = Beneficiary.objects.create(**fields)
        person.sites.add(site)
    return person


def activity_on(moment, site, staff, person):
    with time_machine.travel(moment, tick=False):
        return Activity.objects.create(
            site=site,
            recorded_by=staff,
            date=timezone.localdate(),
            kind="individuel",
            duration=30,
            thematiques=["aide_aux_demarches_administratives"],
            beneficiary=person,
        )


pytestmark = pytest.mark.django_db


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert retention.months_before(datetime(2026, 6, 15, 10, tzinfo=UTC), 24).date().isoformat() == "2024-06-15"
    assert retention.months_before(datetime(2026, 3, 31, 10, tzinfo=UTC), 1).date().isoformat() == "2026-02-28"
    assert retention.months_before(datetime(2026, 3, 31, 10, tzinfo=UTC), 25).date().isoformat() == "2024-02-29"


def test_a_record_without_contact_for_24_months_is_anonymised_and_the_others_stay(site, staff):
    old = person_at(TOO_OLD, site, first_name="Ancienne")
    activity_on(TOO_OLD, site, staff, old)
    recent = person_at(TOO_OLD, site, first_name="Revenue")
    activity_on(RECENT, site, staff, recent)
    new = person_at(RECENT, site, first_name="Nouvelle")
    with time_machine.travel(NOW, tick=False):
        activities_before = Activity.objects.count()
        report = retention.apply_retention()
    assert report.anonymised == 1
    old.refresh_from_db()
    assert old.anonymised_at is not None and old.first_name == "" and old.last_name == ""
    assert Beneficiary.objects.filter(pk__in=[recent.pk, new.pk], anonymised_at__isnull=True).count() == 2
    # Statistics keep their rows: the activity is still counted, still linked to the (anonymous) record.
    assert Activity.objects.count() == activities_before
    assert Activity.objects.filter(beneficiary=old).count() == 1
    log = AccessLog.objects.get(object_id=str(old.pk), action=AccessLog.Action.ANONYMISE)
    assert log.actor is None and "24 mois" in log.reason


@pytest.mark.parametrize(
    "contact",
    ["enrolment_message", "record_change", "consent", "kept"],
)
def test_each_kind_of_recent_contact_keeps_the_record(site, staff, contact):
    person = person_at(TOO_OLD, site, email="awa@example.org", preferred_channel="email")
    with time_machine.travel(RECENT, tick=False):
        if contact == "enrolment_message":
            queue_message(
                person, kind="other", subject="Info", body="Texte", sms_body="", due_at=timezone.now(), dedupe_key="t:1"
            )
        elif contact == "record_change":
            log_access(staff, person, AccessLog.Action.UPDATE)
        elif contact == "consent":
            from tremplin.people.tests.factories import ConsentFactory

            ConsentFactory(beneficiary=person, recorded_by=staff)
        else:
            retention.keep_record(staff, person, "toujours accompagnée")
    with time_machine.travel(NOW, tick=False):
        assert retention.apply_retention().anonymised == 0


def test_after_anonymisation_by_retention_the_cash_journal_still_verifies(site, staff):
    with time_machine.travel(TOO_OLD, tick=False):
        register = open_register(site, staff)
        buyer = eligible_person(site, first_name="Acheteuse")
        sell(register, staff, buyer, devices=[available_device(site)])
    with time_machine.travel(NOW, tick=False):
        assert retention.apply_retention().anonymised == 1
        assert verify_journal(record=False).ok
    buyer.refresh_from_db()
    assert buyer.anonymised_at is not None


def test_a_recent_sale_keeps_the_record(site, staff):
    buyer = person_at(TOO_OLD, site)
    # Eligibility checked long ago (valid until later): the sale is the only recent contact.
    EligibilityRecordFactory(
        beneficiary=buyer, checked_by=staff, checked_on=TOO_OLD.date(), valid_until=RECENT.date() + timedelta(days=30)
    )
    with time_machine.travel(RECENT, tick=False):
        register = open_register(site, staff)
        sell(register, staff, buyer, devices=[available_device(site)])
    with time_machine.travel(NOW, tick=False):
        assert retention.apply_retention().anonymised == 0


def test_site_managers_see_the_records_anonymised_within_30_days_and_can_keep_one(site, make_user, client_as, staff):
    soon = person_at(IN_NOTICE, site, first_name="Bientôt", last_name="Anonyme")
    later = person_at(RECENT, site, first_name="Pas", last_name="Encore")
    manager = make_user("site_manager")
    with time_machine.travel(NOW, tick=False):
        listed = retention.soon_anonymised(manager.site_ids("site_manager"))
        assert [p.pk for p in listed] == [soon.pk]
        assert listed[0].anonymised_on.isoformat() == "2026-07-01"
        client = client_as("site_manager")
        page = client.get("/exploitation/conservation/").content.decode()
        assert "Bientôt Anonyme" in page and "01/07/2026" in page and "Pas Encore" not in page
        assert "fiche bientôt anonymisée" in client.get("/").content.decode()
        refused = client.post(f"/exploitation/conservation/{soon.pk}/contact/", {"reason": "ok"})
        assert refused.status_code == 400 and "au moins 5" in refused.content.decode()
        kept = client.post(f"/exploitation/conservation/{soon.pk}/contact/", {"reason": "rendez-vous le 20 juin"})
        assert kept.status_code == 302
        assert retention.soon_anonymised(manager.site_ids("site_manager")) == []
    assert ContactNote.objects.get(beneficiary=soon).reason == "rendez-vous le 20 juin"
    assert later.pk


def test_the_demo_shows_one_record_soon_anonymised_to_its_site_manager(site, make_user, staff):
    """ops/demo.py: a person of the demo nears the limit (15 days left), so the page has something to show."""
    from types import SimpleNamespace

    from tremplin.ops import demo

    manager = make_user("site_manager")
    with time_machine.travel(NOW, tick=False):
        demo.seed(SimpleNamespace(sites={"lyon": site}))
        # A second seed_demo (each `make run`): the activities demo, run before, may hand them a demo activity.
        gaston = Beneficiary.objects.get(pk=demo.PK)
        given = activity_on(NOW - timedelta(days=3), site, staff, gaston)
        Activity.objects.filter(pk=given.pk).update(source="demo", source_id="7")
        demo.seed(SimpleNamespace(sites={"lyon": site}))  # still one person, and the activity is taken back
        assert Beneficiary.objects.filter(phone=demo.PHONE).count() == 1
        assert Activity.objects.get(pk=given.pk).beneficiary is None
        listed = retention.soon_anonymised(manager.site_ids("site_manager"))
        assert [(p.first_name, p.anonymised_on.isoformat()) for p in listed] == [("Gaston", "2026-06-30")]
        assert not retention.due_for_anonymisation().exists()


def test_a_referral_that_never_became_a_record_is_anonymised_24_months_after_its_last_change(
    site, partner, make_user, staff
):
    """Register: « orientation non aboutie — 24 mois après le dernier échange — anonymisation ». The needs, dates,
    status and postal code stay for the statistics; a referral attached to a living record stays whole."""
    import uuid

    from tremplin.people.models import EligibilityProofType
    from tremplin.referrals.models import Referral, Status

    referrer = make_user("referrer", at=partner)
    proof = EligibilityProofType.objects.create(name="Justificatif (test conservation)")

    def referral(at, status, first_name, **fields):
        return Referral.objects.create(
            partner=partner,
            referrer=referrer,
            target_site=site,
            first_name=first_name,
            last_name="Orientée",
            birth_year=1970,
            phone="+33612345678",
            email="orientee@example.org",
            postal_code="69007",
            commune="Lyon",
            needs=["procedure"],
            status=status,
            created_at=at,
            received_at=at,
            status_changed_at=at,
            consent_attested=True,
            eligibility_attested=True,
            proof_type=proof,
            voucher_code=f"R{Referral.objects.count():07d}",
            idempotency_key=uuid.uuid4(),
            **fields,
        )

    old = referral(TOO_OLD, Status.EXPIRED, "Ancienne")
    # 23 months and a half: not yet.
    recent = referral(IN_NOTICE, Status.DECLINED, "Récente", decline_reason="unreachable")
    person = person_at(RECENT, site)
    attached = referral(TOO_OLD, Status.ACCEPTED, "Suivie", beneficiary=person)
    with time_machine.travel(NOW, tick=False):
        out = StringIO()
        call_command("apply_retention", "--dry-run", stdout=out)
        assert "1 orientation sans fiche, inchangée depuis le 15/06/2024, serait anonymisée." in out.getvalue()
        assert str(old.pk) in out.getvalue() and "Ancienne" not in out.getvalue()
        assert Referral.objects.get(pk=old.pk).first_name == "Ancienne"  # a dry run changes nothing
        report = retention.apply_retention()
        assert (report.anonymised, report.referrals) == (0, 1)
        assert retention.apply_retention().referrals == 0  # again: nothing left
    old.refresh_from_db()
    assert (old.first_name, old.last_name, old.birth_year, str(old.phone or ""), old.email) == ("", "", None, "", "")
    assert old.anonymised_at == NOW and old.status == Status.EXPIRED
    assert (old.needs, old.postal_code, old.received_at) == (["procedure"], "69007", TOO_OLD)
    assert AccessLog.objects.filter(object_id=str(old.pk), action=AccessLog.Action.ANONYMISE).count() == 1
    assert Referral.objects.get(pk=recent.pk).first_name == "Récente"
    assert Referral.objects.get(pk=attached.pk).first_name == "Suivie"


def test_a_site_manager_cannot_keep_a_record_of_another_site(site, other_site, client_as):
    elsewhere = person_at(IN_NOTICE, other_site)
    with time_machine.travel(NOW, tick=False):
        response = client_as("site_manager").post(
            f"/exploitation/conservation/{elsewhere.pk}/contact/", {"reason": "rendez-vous le 20 juin"}
        )
    assert response.status_code == 404 and not ContactNote.objects.exists()


def test_dry_run_prints_counts_and_opaque_ids_and_changes_nothing(site):
    old = person_at(TOO_OLD, site, first_name="Zéphyrine", last_name="Oubliée", email="zephyrine@example.org")
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention", "--dry-run", stdout=out)
    printed = out.getvalue()
    assert "1 fiche sans contact depuis le" in printed and "serait anonymisée." in printed and str(old.pk) in printed
    assert "Zéphyrine" not in printed and "Oubliée" not in printed and "zephyrine@" not in printed
    old.refresh_from_db()
    assert old.anonymised_at is None


def test_the_access_log_keeps_12_months_then_monthly_counts(site, staff):
    person = person_at(TOO_OLD, site)
    for moment, action in [
        (datetime(2025, 4, 3, 9, tzinfo=UTC), AccessLog.Action.VIEW),
        (datetime(2025, 4, 20, 9, tzinfo=UTC), AccessLog.Action.VIEW),
        (datetime(2025, 4, 21, 9, tzinfo=UTC), AccessLog.Action.UPDATE),
        (datetime(2025, 5, 30, 9, tzinfo=UTC), AccessLog.Action.VIEW),
        (datetime(2025, 6, 2, 9, tzinfo=UTC), AccessLog.Action.VIEW),  # within 12 months (from 1 June 2025)
    ]:
        with time_machine.travel(moment, tick=False):
            log_access(staff, person, action)
    with time_machine.travel(NOW, tick=False):
        assert retention.purge_access_log() == 4
        assert retention.purge_access_log() == 0  # idempotent: nothing counted twice
    remaining = AccessLog.objects.filter(object_id=str(person.pk), action=AccessLog.Action.VIEW)
    assert [entry.at.date().isoformat() for entry in remaining] == ["2025-06-02"]
    counts = {(c.month.isoformat(), c.action): c.count for c in AccessLogMonth.objects.all()}
    assert counts[("2025-04-01", "view")] == 2 and counts[("2025-04-01", "update")] == 1
    assert counts[("2025-05-01", "view")] == 1
    # The record change survives as a contact for the retention rule.
    note = ContactNote.objects.get(beneficiary=person, kind=ContactNote.Kind.RECORD_CHANGE)
    assert note.at == datetime(2025, 4, 21, 9, tzinfo=UTC)


def test_message_texts_are_erased_after_3_months_and_status_counts_stay(site):
    person = person_at(TOO_OLD, site, phone="+33612345678")
    with time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=UTC), tick=False):
        old = queue_message(
            person,
            kind="other",
            subject="Info",
            body="Texte ancien",
            sms_body="SMS ancien",
            due_at=timezone.now(),
            dedupe_key="t:old",
        )
        Message.objects.filter(pk=old.pk).update(status="sent", sent_at=timezone.now())
    with time_machine.travel(datetime(2026, 5, 1, 9, tzinfo=UTC), tick=False):
        recent = queue_message(
            person,
            kind="other",
            subject="Info",
            body="Texte récent",
            sms_body="SMS récent",
            due_at=timezone.now(),
            dedupe_key="t:recent",
        )
    with time_machine.travel(NOW, tick=False):
        assert retention.purge_message_bodies() == 1
        assert retention.purge_message_bodies() == 0
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.body, old.sms_body, old.status, old.segments) == ("", "", "sent", 1)
    assert recent.body == "Texte récent"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_retention_runs_at_once_anonymise_each_record_once(site):
    people = [person_at(TOO_OLD, site, first_name=f"P{n}") for n in range(6)]
    barrier = threading.Barrier(2)
    reports = []

    def worker():
        try:
            barrier.wait()
            with time_machine.travel(NOW, tick=False):
                reports.append(retention.apply_retention())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(report.anonymised for report in reports) == len(people)
    assert AccessLog.objects.filter(action=AccessLog.Action.ANONYMISE).count() == len(people)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_access_log_purges_at_once_count_each_entry_once(site, make_user):
    staff = make_user("mediator")
    person = person_at(TOO_OLD, site)
    with time_machine.travel(datetime(2025, 1, 10, tzinfo=UTC), tick=False):
        for _ in range(10):
            log_access(staff, person, AccessLog.Action.VIEW)
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            with time_machine.travel(NOW, tick=False):
                retention.purge_access_log()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert AccessLogMonth.objects.get(month="2025-01-01", action="view").count == 10
