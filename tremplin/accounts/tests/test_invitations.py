"""Invitations: a single-use, expiring link sent by e-mail; managers invite only where they may."""

import re
from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.core import mail
from django.test import Client
from django.utils import timezone

from tremplin.accounts.models import Invitation, Membership, User
from tremplin.core.testing.factories import UserFactory

INVITE_URL = "/equipe/comptes/inviter/"
NEW_PASSWORD = "une phrase de passe pour Nina"


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """invite(client, **fields) posts the invitation form; the e-mail goes out when the transaction commits."""

    def post(client, **overrides):
        data = {"full_name": "Nina Test", "email": "nina@test.tremplin.example", "role": "mediator"}
        data.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(INVITE_URL, data)

    return post


def error_of(response):
    assert response.status_code == 410
    return response.context["error"]


def link_in_last_mail():
    return re.search(r"https?://\S+/equipe/invitation/\S+/", mail.outbox[-1].body).group(0)


def accept(link, client=None):
    client = client or Client()
    return client.post(link, {"full_name": "Nina Test", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


@pytest.fixture
def admin_client(client_as):
    return client_as("network_admin")


def test_a_network_admin_invites_by_e_mail_and_the_link_creates_the_account(admin_client, site, invite):
    response = invite(admin_client, site=site.pk)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["nina@test.tremplin.example"]
    assert "nina" not in message.subject.lower()
    link = link_in_last_mail()

    assert Client().get(link).status_code == 200
    newcomer = Client()
    response = accept(link, newcomer)
    assert response.status_code == 302
    user = User.objects.get(email="nina@test.tremplin.example")
    assert newcomer.session["_auth_user_id"] == str(user.pk)
    assert UserSession.objects.filter(user=user, session_key=newcomer.session.session_key).exists()
    assert user.password.startswith("argon2$")
    assert list(user.memberships.values_list("role", "site_id")) == [("mediator", site.pk)]


def test_the_token_is_not_stored_in_clear(admin_client, site, invite):
    invite(admin_client, site=site.pk)
    token = link_in_last_mail().rstrip("/").rsplit("/", 1)[-1]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


def test_a_used_link_cannot_be_used_again(admin_client, site, invite):
    invite(admin_client, site=site.pk)
    link = link_in_last_mail()
    accept(link)
    for response in (Client().get(link), accept(link)):
        assert "déjà été utilisé" in error_of(response)
    assert User.objects.filter(email="nina@test.tremplin.example").count() == 1


def test_an_expired_link_says_so(admin_client, site, time_machine, invite):
    invite(admin_client, site=site.pk)
    link = link_in_last_mail()
    time_machine.move_to(timezone.now() + timedelta(days=8))
    assert "expiré" in error_of(Client().get(link))
    assert accept(link).status_code == 410
    assert not User.objects.filter(email="nina@test.tremplin.example").exists()


def test_an_unknown_link_says_so(db):
    assert error_of(Client().get("/equipe/invitation/nimportequoi/")) == "Ce lien d'invitation n'est pas valide."


def test_inviting_an_address_that_already_has_an_account_is_an_error_on_the_email_field(admin_client, site, invite):
    UserFactory(email="deja@test.tremplin.example")
    response = invite(admin_client, email="DEJA@test.tremplin.example", site=site.pk)
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Un compte existe déjà avec cette adresse e-mail."]
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_weak_password_on_the_invitation_page_is_refused_next_to_the_field(admin_client, site, invite):
    invite(admin_client, site=site.pk)
    link = link_in_last_mail()
    response = Client().post(link, {"full_name": "Nina", "password1": "court", "password2": "court"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="nina@test.tremplin.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_site_manager_invites_at_their_own_site(make_user, login, site, invite):
    client = login(make_user("site_manager", at=site))
    assert invite(client, site=site.pk).status_code == 302
    assert Invitation.objects.get().site == site


def test_a_site_manager_cannot_invite_at_another_site(make_user, login, site, other_site, invite):
    client = login(make_user("site_manager", at=site))
    response = invite(client, site=other_site.pk)
    assert response.status_code == 200
    assert "site" in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_site_manager_cannot_grant_network_admin(make_user, login, site, invite):
    client = login(make_user("site_manager", at=site))
    response = invite(client, role="network_admin")
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_a_site_role_without_a_site_is_an_error_next_to_the_site_field(admin_client, invite):
    response = invite(admin_client)
    assert response.context["form"].errors["site"] == ["Choisissez l'espace où ce rôle s'exerce."]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["mediator", "volunteer", "referrer", "observer"])
def test_staff_who_do_not_manage_cannot_invite(client_as, role, invite):
    client = client_as(role)
    assert client.get(INVITE_URL).status_code == 404
    assert invite(client).status_code == 404
    assert not Invitation.objects.exists()


def test_a_revoked_invitation_no_longer_works(admin_client, site, invite):
    invite(admin_client, site=site.pk)
    link = link_in_last_mail()
    invitation = Invitation.objects.get()
    asked = admin_client.post(f"/equipe/invitations/{invitation.pk}/annuler/")
    assert asked.status_code == 200 and "data-confirm-step" in asked.content.decode()
    response = admin_client.post(f"/equipe/invitations/{invitation.pk}/annuler/", {"confirmed": "1"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "annulée" in error_of(Client().get(link))


def test_revoking_is_post_only(admin_client, site, invite):
    invite(admin_client, site=site.pk)
    invitation = Invitation.objects.get()
    assert admin_client.get(f"/equipe/invitations/{invitation.pk}/annuler/").status_code == 405
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_a_site_manager_cannot_revoke_someone_elses_invitation(admin_client, make_user, login, site, invite):
    invite(admin_client, site=site.pk)
    invitation = Invitation.objects.get()
    manager = login(make_user("site_manager", at=site))
    assert manager.post(f"/equipe/invitations/{invitation.pk}/annuler/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_a_new_invitation_replaces_the_pending_one(admin_client, site, invite):
    invite(admin_client, site=site.pk)
    first_link = link_in_last_mail()
    invite(admin_client, site=site.pk, role="volunteer")
    assert Client().get(first_link).status_code == 410
    accept(link_in_last_mail())
    assert list(Membership.objects.filter(user__email="nina@test.tremplin.example").values_list("role", flat=True)) == [
        "volunteer"
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"email": "pas-une-adresse"},
        {"email": ""},
        {"full_name": ""},
        {"full_name": "x" * 151},
        {"role": "roi"},
        {"site": "999999"},
        {"site": "abc"},
        {"partner": "-1"},
        {"role": "referrer"},
        {"role": "network_admin", "site": "SITE"},
    ],
)
def test_bad_input_on_the_invitation_form_saves_nothing_and_explains_next_to_the_field(
    admin_client, site, invite, fields
):
    fields = {key: (str(site.pk) if value == "SITE" else value) for key, value in fields.items()}
    response = invite(admin_client, **fields)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    assert "!!INVALID" not in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_network_admin_role_at_a_site_is_an_error_next_to_the_site_field(admin_client, site, invite):
    response = invite(admin_client, role="network_admin", site=site.pk)
    assert response.context["form"].errors["site"] == [
        "L'équipe nationale agit sur tout le réseau : ne choisissez ni espace ni partenaire."
    ]
    assert not Invitation.objects.exists()


def test_the_invitation_e_mail_is_in_french_even_when_the_sender_uses_english(admin_client, site, invite):
    admin_client.post("/langue/", {"language": "en", "next": "/"})

    invite(admin_client, site=site.pk)

    assert mail.outbox[-1].subject == "Votre invitation à Tremplin"
    assert "Pour créer votre compte" in mail.outbox[-1].body


def test_the_invitation_form_preselects_the_least_powerful_role_not_the_national_team(admin_client):
    form = admin_client.get(INVITE_URL).context["form"]

    assert form["role"].value() == "volunteer"
    assert [value for value, _label in form.fields["role"].choices][-1] == "network_admin"
    html = admin_client.get(INVITE_URL).content.decode()
    assert re.search(r'<option value="volunteer"[^>]*selected', html)
    assert not re.search(r'<option value="network_admin"[^>]*selected', html)


def test_a_site_manager_is_offered_volunteer_first(make_user, login, site):
    form = login(make_user("site_manager")).get(INVITE_URL).context["form"]

    assert form["role"].value() == "volunteer"


def test_the_acceptance_page_is_prefilled_with_the_invited_persons_name(admin_client, site, invite):
    invite(admin_client, site=site.pk, full_name="Nina Le Goff-Diallo")

    response = Client().get(link_in_last_mail())

    assert response.context["form"]["full_name"].value() == "Nina Le Goff-Diallo"
    assert 'value="Nina Le Goff-Diallo"' in response.content.decode()


def test_the_invitation_link_is_on_the_sites_published_address(admin_client, site, invite, settings):
    settings.SITE_URL = "https://tremplin.example"
    invite(admin_client, site=site.pk)

    assert link_in_last_mail().startswith("https://tremplin.example/equipe/invitation/")


def test_the_password_reset_link_is_on_the_sites_published_address(make_user, client, settings):
    settings.SITE_URL = "https://tremplin.example"
    mediator = make_user("mediator")

    client.post("/comptes/password/reset/", {"email": mediator.email})

    assert re.search(r"https://tremplin\.example/comptes/password/reset/key/\S+/", mail.outbox[-1].body)
