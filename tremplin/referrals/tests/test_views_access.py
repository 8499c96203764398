"""Every referral view, for the roles that may use it and those that may not (404, never a leak)."""

import re

import pytest
from django.urls import reverse

from tremplin.core.models import AccessLog
from tremplin.referrals.choices import DeclineReason, Status

REFERRER_VIEWS = ["referrals:detail"]
STAFF_VIEWS = ["referrals:staff_detail", "referrals:accept"]
VOUCHER_VIEWS = ["referrals:voucher", "referrals:voucher_pdf"]


def test_the_referrer_sees_their_referral_with_status_history_and_progress(login, referrer, referral):
    response = login(referrer).get(reverse("referrals:detail", args=[referral.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Amina Diallo" in content
    assert "Premier rendez-vous tenu" in content
    assert AccessLog.objects.for_object(referral).filter(action=AccessLog.Action.VIEW, actor=referrer).exists()


def test_the_referrer_never_sees_contact_attempts_or_who_worked_on_it(login, referrer, mediator, referral):
    from django.utils import timezone

    from tremplin.referrals import services

    services.record_contact_attempt(mediator, referral, at=timezone.now(), channel="phone", outcome="no_answer")
    content = login(referrer).get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Pas de réponse" not in content
    assert mediator.full_name not in content


@pytest.mark.parametrize("view", REFERRER_VIEWS + VOUCHER_VIEWS)
def test_another_referrer_of_the_same_partner_gets_404(make_user, login, partner, referral, view):
    colleague = make_user("referrer", at=partner)
    assert login(colleague).get(reverse(view, args=[referral.pk])).status_code == 404


@pytest.mark.parametrize("role", ["observer", "volunteer", "network_admin"])
@pytest.mark.parametrize("view", REFERRER_VIEWS + STAFF_VIEWS + VOUCHER_VIEWS)
def test_observers_volunteers_and_admins_see_no_referral(client_as, referral, role, view):
    assert client_as(role).get(reverse(view, args=[referral.pk])).status_code == 404


@pytest.mark.parametrize("view", STAFF_VIEWS + VOUCHER_VIEWS)
def test_staff_of_another_site_get_404(make_user, login, other_site, referral, view):
    outsider = make_user("mediator", at=other_site)
    assert login(outsider).get(reverse(view, args=[referral.pk])).status_code == 404


@pytest.mark.parametrize("view", STAFF_VIEWS)
def test_the_referrer_cannot_open_staff_views(login, referrer, referral, view):
    assert login(referrer).get(reverse(view, args=[referral.pk])).status_code == 404


@pytest.mark.parametrize("role", ["mediator", "site_manager"])
def test_site_staff_open_the_referral_and_the_view_is_logged(make_user, login, site, referral, role):
    user = make_user(role, at=site)
    response = login(user).get(reverse("referrals:staff_detail", args=[referral.pk]))
    assert response.status_code == 200
    assert "Amina Diallo" in response.content.decode()
    assert AccessLog.objects.for_object(referral).filter(action=AccessLog.Action.VIEW, actor=user).count() == 1


@pytest.mark.parametrize("role", ["referrer", "mediator"])
def test_the_voucher_pdf_is_a_pdf_named_by_code_and_its_printing_is_logged(make_user, login, referrer, referral, role):
    user = referrer if role == "referrer" else make_user("mediator")
    response = login(user).get(reverse("referrals:voucher_pdf", args=[referral.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert f"bon-orientation-{referral.voucher_code}.pdf" in response["Content-Disposition"]
    assert AccessLog.objects.for_object(referral).filter(action=AccessLog.Action.PRINT, actor=user).exists()


def test_the_voucher_page_shows_code_site_hours_and_what_to_bring_but_no_name(login, referrer, referral, site):
    content = login(referrer).get(reverse("referrals:voucher", args=[referral.pk])).content.decode()
    assert referral.display_code in content
    assert site.address in content
    assert "Ce qu'il faut apporter" in content or "Ce qu&#x27;il faut apporter" in content
    assert "Diallo" not in content


def test_lists_are_only_for_their_roles(client_as):
    assert client_as("mediator").get(reverse("referrals:list")).status_code == 404
    assert client_as("referrer").get(reverse("referrals:inbox")).status_code == 404
    assert client_as("observer").get(reverse("referrals:inbox")).status_code == 404
    assert client_as("volunteer").get(reverse("referrals:create")).status_code == 404


def test_the_inbox_shows_only_the_sites_own_referrals(make_user, login, make_referral, site, other_site):
    mine = make_referral(first_name="Lina")
    make_referral(first_name="Oscar", to=other_site)
    content = login(make_user("mediator", at=site)).get(reverse("referrals:inbox")).content.decode()
    assert mine.display_code in content
    assert "Oscar" not in content


def test_the_referrer_list_shows_only_their_own_referrals(make_user, login, partner, referrer, make_referral):
    colleague = make_user("referrer", at=partner)
    make_referral(first_name="Lina")
    make_referral(first_name="Oscar", by=colleague)
    content = login(referrer).get(reverse("referrals:list")).content.decode()
    assert "Lina" in content and "Oscar" not in content


def test_the_inbox_flags_referrals_waiting_more_than_ten_days(login, mediator, make_referral):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() - timedelta(days=11)):
        make_referral()
    content = login(mediator).get(reverse("referrals:inbox")).content.decode()
    assert "en attente depuis 11 jours" in content


def test_the_inbox_filters_by_status_and_need(login, mediator, make_referral):
    make_referral(first_name="Lina", needs=["equipment"])
    declined = make_referral(first_name="Oscar")
    from tremplin.referrals import services

    services.decline_referral(mediator, declined, reason=DeclineReason.DUPLICATE)
    client = login(mediator)
    assert "Oscar" not in client.get(reverse("referrals:inbox")).content.decode()
    content = client.get(reverse("referrals:inbox"), {"status": Status.DECLINED}).content.decode()
    assert "Oscar" in content and "Lina" not in content
    content = client.get(reverse("referrals:inbox"), {"status": "all", "need": "equipment"}).content.decode()
    assert "Lina" in content and "Oscar" not in content


def test_staff_find_a_referral_by_its_typed_voucher_code(login, mediator, referral):
    code = referral.display_code.lower()
    response = login(mediator).get(reverse("referrals:find_by_code"), {"code": code})
    assert response["Location"] == reverse("referrals:staff_detail", args=[referral.pk])


def test_a_code_from_another_site_is_not_found(make_user, login, other_site, referral):
    outsider = make_user("mediator", at=other_site)
    response = login(outsider).get(reverse("referrals:find_by_code"), {"code": referral.voucher_code})
    assert response["Location"] == reverse("referrals:inbox")


def test_staff_record_a_contact_attempt_then_decline(login, mediator, referral):
    client = login(mediator)
    response = client.post(
        reverse("referrals:record_contact", args=[referral.pk]),
        {"at": "2026-01-05T10:30", "channel": "phone", "outcome": "reached"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("referrals:decline", args=[referral.pk]), {"reason": "person_declined", "confirmed": "1"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert referral.contact_attempts.count() == 1


def test_a_contact_attempt_in_the_future_is_refused_with_a_message(login, mediator, referral):
    response = login(mediator).post(
        reverse("referrals:record_contact", args=[referral.pk]),
        {"at": "2099-01-05T10:30", "channel": "phone", "outcome": "reached"},
    )
    assert response.status_code == 400
    assert "dans le futur" in response.content.decode()
    assert referral.contact_attempts.count() == 0


def test_a_get_never_changes_a_referral(login, mediator, referral):
    client = login(mediator)
    assert client.get(reverse("referrals:decline", args=[referral.pk])).status_code == 405
    client.get(reverse("referrals:accept", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


def test_staff_accept_as_a_new_person_or_attach_to_a_duplicate(login, mediator, make_referral, site):
    from tremplin.people.services import create_beneficiary

    existing = create_beneficiary(mediator, site, first_name="Amina", last_name="Diallo", birth_year=1980)
    referral = make_referral()
    client = login(mediator)
    page = client.get(reverse("referrals:accept", args=[referral.pk])).content.decode()
    assert "Rattacher à la fiche existante" in page
    response = client.post(reverse("referrals:accept", args=[referral.pk]), {"person": str(existing.pk)})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.beneficiary == existing


def test_staff_transfer_to_another_site(login, mediator, referral, other_site):
    response = login(mediator).post(
        reverse("referrals:transfer", args=[referral.pk]), {"to_site": other_site.pk, "confirmed": "1"}
    )
    assert response["Location"] == reverse("referrals:inbox")
    referral.refresh_from_db()
    assert referral.target_site == other_site


def test_the_referrer_home_page_lists_recent_referrals(login, referrer, referral):
    content = login(referrer).get(reverse("core:home")).content.decode()
    assert "Amina Diallo" in content
    assert reverse("referrals:detail", args=[referral.pk]) in content


def test_a_referrer_who_left_the_partner_no_longer_sees_their_referrals(login, referrer, referral):
    referrer.memberships.update(is_active=False)
    assert login(referrer).get(reverse("referrals:detail", args=[referral.pk])).status_code == 404


def test_bad_filters_and_choices_never_cause_an_error(login, mediator, referral):
    client = login(mediator)
    response = client.get(reverse("referrals:inbox"), {"status": "n'importe quoi", "need": "x", "page": "abc"})
    assert response.status_code == 200
    response = client.post(reverse("referrals:accept", args=[referral.pk]), {"person": "inconnue"})
    assert response.status_code == 200
    assert response.context["form"].errors["person"]
    response = client.post(reverse("referrals:decline", args=[referral.pk]), {"reason": "pas dans la liste"})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


def test_refusing_asks_for_confirmation_first_and_sends_nothing_until_confirmed(
    login, mediator, referral, django_capture_on_commit_callbacks
):
    from django.core import mail

    client = login(mediator)
    url = reverse("referrals:decline", args=[referral.pk])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"reason": "person_declined"})

    assert page.status_code == 200 and "data-confirm-step" in page.content.decode()
    assert "Le prescripteur reçoit un e-mail" in page.content.decode()
    assert '<input type="hidden" name="reason" value="person_declined">' in page.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED and not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"reason": "person_declined", "confirmed": "1"})

    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED and len(mail.outbox) == 1


def test_transferring_asks_for_confirmation_first(login, mediator, referral, other_site):
    page = login(mediator).post(reverse("referrals:transfer", args=[referral.pk]), {"to_site": other_site.pk})

    assert page.status_code == 200 and "data-confirm-step" in page.content.decode()
    referral.refresh_from_db()
    assert referral.target_site != other_site


def test_accepting_defaults_to_the_existing_record_with_the_same_name_birth_year_and_phone(
    login, mediator, make_referral, site
):
    from tremplin.people.services import create_beneficiary

    same = create_beneficiary(
        mediator, site, first_name="Amina", last_name="Diallo", birth_year=1980, phone="+33612345678"
    )
    referral = make_referral(phone="+33612345678")

    response = login(mediator).get(reverse("referrals:accept", args=[referral.pk]))

    assert response.context["form"]["person"].value() == str(same.pk)
    assert re.search(rf'value="{same.pk}"[^>]*checked', response.content.decode())


def test_accepting_still_defaults_to_a_new_record_on_a_name_only_match(login, mediator, make_referral, site):
    from tremplin.people.services import create_beneficiary

    create_beneficiary(mediator, site, first_name="Amina", last_name="Diallo", birth_year=1980)
    referral = make_referral()

    form = login(mediator).get(reverse("referrals:accept", args=[referral.pk])).context["form"]

    assert form["person"].value() == "new"
