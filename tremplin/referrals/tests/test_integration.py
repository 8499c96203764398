"""What the referral room plugs into the others: menu, code search, timeline, notification relay."""

from tremplin.core.navigation import entries_for
from tremplin.notifications import relays
from tremplin.people.search import search_beneficiaries
from tremplin.people.timeline import events_for
from tremplin.referrals import services


def test_referrers_and_site_staff_get_their_menu_entry(referrer, mediator, make_user):
    assert "referrals:list" in [e.url_name for e in entries_for(referrer)]
    assert "referrals:inbox" in [e.url_name for e in entries_for(mediator)]
    volunteer_menu = [e.url_name for e in entries_for(make_user("volunteer"))]
    assert "referrals:inbox" not in volunteer_menu and "referrals:list" not in volunteer_menu


def test_the_people_search_box_finds_an_accepted_person_by_voucher_code(mediator, referral):
    services.accept_referral(mediator, referral)
    referral.refresh_from_db()
    typed = referral.display_code.lower().replace("-", " ")
    assert list(search_beneficiaries(mediator, typed)) == [referral.beneficiary]


def test_a_voucher_code_finds_nobody_for_staff_of_another_site(make_user, other_site, mediator, referral):
    services.accept_referral(mediator, referral)
    outsider = make_user("mediator", at=other_site)
    assert list(search_beneficiaries(outsider, referral.voucher_code)) == []


def test_the_persons_timeline_shows_the_referral_with_a_link_for_the_site(mediator, referral):
    services.accept_referral(mediator, referral)
    referral.refresh_from_db()
    events = [e for e in events_for(referral.beneficiary, mediator) if e.kind == "referral"]
    assert len(events) == 1
    assert referral.partner.name in events[0].title
    assert str(referral.pk) in events[0].url


def test_notifications_relay_messages_through_the_referrer(mediator, referral):
    services.accept_referral(mediator, referral)
    referral.refresh_from_db()
    assert relays.referrer_email_for(referral.beneficiary) == referral.referrer.email


def test_anonymising_the_person_erases_what_their_referrals_say_about_them(login, referrer, mediator, referral):
    from django.urls import reverse

    from tremplin.core.models import AccessLog
    from tremplin.people.services import anonymise_beneficiary

    services.accept_referral(mediator, referral)
    referral.refresh_from_db()
    anonymise_beneficiary(mediator, referral.beneficiary, reason="demande de la personne")
    referral.refresh_from_db()
    assert referral.anonymised_at is not None
    assert (referral.first_name, referral.last_name, referral.birth_year, str(referral.phone)) == ("", "", None, "")
    assert referral.context == "" and referral.accommodations == ""
    assert referral.postal_code == "69007" and referral.needs == ["procedure"]
    assert AccessLog.objects.for_object(referral).filter(action=AccessLog.Action.ANONYMISE).exists()
    page = login(referrer).get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Personne anonymisée" in page
